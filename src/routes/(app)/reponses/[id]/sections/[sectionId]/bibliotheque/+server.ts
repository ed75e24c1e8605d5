import { json } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireUser } from '$lib/server/http';
import { readEntryForm } from '$lib/server/library/library-forms';
import {
	entryForSection,
	recordLibraryUse,
	saveSelectionToLibrary,
	searchLibraryForSection,
	sectionLibraryPanel
} from '$lib/server/library/section-uses.service';
import type { RequestHandler } from './$types';

/**
 * The section editor's « Bibliothèque » panel (issue 16, items 2–3), as JSON:
 * GET without parameters: what the panel shows (`can` flags, the section's remembered insertions;
 * for every member, observers included); `?q=` the entries the person may see (search) and
 * `?entry=<id>` one entry's copy to insert (writers and suggesters only); POST (form) `intent=use` remembers an insertion
 * (`entryId`, `version`, `start`, `end`, optional `useId` after « mettre à jour »),
 * `intent=save` saves the selection as a new entry (the library form's fields, `contentJson`).
 * Refusals answer their status with `{ message, errors? }` in French (404 for a bid, section or
 * entry the person may not see).
 */
async function answer(run: () => Promise<unknown>, status = 200) {
	try {
		return json(await run(), { status, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof DomainError) return json({ message: e.message, errors: e.fields }, { status: e.status });
		throw e;
	}
}

export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const { id, sectionId } = event.params;
	const params = event.url.searchParams;
	const entry = params.get('entry');
	if (entry) return answer(() => entryForSection(ctx, actor, id, sectionId, entry));
	if (params.has('q'))
		return answer(async () => ({ entries: await searchLibraryForSection(ctx, actor, id, sectionId, params.get('q') ?? '') }));
	return answer(() => sectionLibraryPanel(ctx, actor, id, sectionId));
};

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

export const POST: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const { id, sectionId } = event.params;
	const form = await event.request.formData().catch(() => null);
	if (!form) return json({ message: 'Envoyez un formulaire.' }, { status: 400 });
	if (field(form, 'intent') === 'save') {
		const parsed = readEntryForm(form);
		if (!parsed.ok) return json({ message: 'Certains champs sont à corriger.', errors: parsed.errors }, { status: 400 });
		return answer(async () => {
			const entryId = await saveSelectionToLibrary(ctx, actor, id, sectionId, parsed.data);
			return { id: entryId, href: `/bibliotheque/${entryId}` };
		}, 201);
	}
	if (field(form, 'intent') === 'use') {
		return answer(async () => ({
			useId: await recordLibraryUse(ctx, actor, id, sectionId, {
				entryId: field(form, 'entryId').slice(0, 64),
				version: Number(field(form, 'version')),
				start: field(form, 'start'),
				end: field(form, 'end'),
				useId: field(form, 'useId').slice(0, 64) || undefined
			})
		}));
	}
	return json({ message: 'Action inconnue.' }, { status: 400 });
};
