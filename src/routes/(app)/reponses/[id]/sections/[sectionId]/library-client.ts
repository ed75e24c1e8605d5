// The section page's calls to its « Bibliothèque » endpoint (issue 16, items 2–3): search, an
// entry's copy, the remembered uses, record a use, save a selection. Each answers the JSON or
// throws an Error with the server's French message.
import type { JSONContent } from '@tiptap/core';

export interface PanelEntry {
	id: string;
	title: string;
	kindLabel: string;
	ownerName: string;
	version: number;
	tags: string[];
}

export interface PanelUse {
	id: string;
	entryId: string;
	title: string;
	version: number;
	entryVersion: number | null;
	updateAvailable: boolean;
	start: string;
	end: string;
	insertedAt: number;
	insertedByName: string;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, headers: { accept: 'application/json' } });
	} catch {
		throw new Error('Connexion impossible : vérifiez votre réseau puis réessayez.');
	}
	const body = (await response.json().catch(() => null)) as (T & { message?: string; errors?: Record<string, string> }) | null;
	if (!response.ok) {
		const detail = body?.errors ? Object.values(body.errors)[0] : undefined;
		throw new Error(detail ?? body?.message ?? 'La bibliothèque n’a pas répondu : réessayez.');
	}
	return body as T;
}

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return { method: 'POST', body: data };
};

export function libraryClient(base: string) {
	const url = `${base}/bibliotheque`;
	return {
		search: (q: string) => call<{ entries: PanelEntry[] }>(`${url}?q=${encodeURIComponent(q)}`).then((r) => r.entries),
		entry: (id: string) =>
			call<{ id: string; title: string; version: number; json: JSONContent }>(`${url}?entry=${encodeURIComponent(id)}`),
		uses: () => call<{ uses: PanelUse[] }>(url).then((r) => r.uses),
		recordUse: (use: { entryId: string; version: number; start: string; end: string; useId?: string }) =>
			call<{ useId: string }>(
				url,
				form({ intent: 'use', entryId: use.entryId, version: String(use.version), start: use.start, end: use.end, useId: use.useId ?? '' })
			),
		save: (entry: { title: string; kind: string; visibility: string; doc: JSONContent }) =>
			call<{ id: string; href: string }>(
				url,
				form({
					intent: 'save',
					title: entry.title,
					kind: entry.kind,
					visibility: entry.visibility,
					reviewBy: '',
					contentJson: JSON.stringify(entry.doc)
				})
			)
	};
}
