/** Words and small rules shared by the parts of the mémoire outline page. */
import type { PageData } from './$types';
import { countOf } from '$lib/format/plural';

export type Section = PageData['sections'][number];
export type Lot = PageData['summary']['lots'][number];
export type Member = PageData['summary']['members'][number];

/** Choice of the criterion select meaning « type it in the text field » (same as the server). */
export const OTHER = '__autre';
export const STATES: Record<string, { label: string; badge: string }> = {
	draft: { label: 'Brouillon', badge: '' },
	review: { label: 'En relecture', badge: 'badge-warning' },
	changes_requested: { label: 'Modifications demandées', badge: 'badge-danger' },
	validated: { label: 'Validée', badge: 'badge-success' }
};
export const LIMIT_KINDS: Record<string, string> = { none: 'Aucune', pages: 'Pages', characters: 'Caractères' };

/** The weighted criteria stored as JSON on a lot (nothing when unreadable). */
export function criteriaOf(json: string): Array<{ label: string; weightPct: number }> {
	try {
		const v: unknown = JSON.parse(json);
		return Array.isArray(v) ? v.filter((c) => c && typeof c.label === 'string') : [];
	} catch {
		return [];
	}
}

/** The criteria offered for a lot; for common sections (`lotId` empty), every lot's labels once. */
export function criterionOptions(lots: Lot[], lotId: string): Array<{ value: string; label: string }> {
	if (lotId) {
		const lot = lots.find((l) => l.id === lotId);
		return lot ? criteriaOf(lot.criteria).map((c) => ({ value: c.label, label: `${c.label} (${c.weightPct} %)` })) : [];
	}
	const labels = [...new Set(lots.flatMap((l) => criteriaOf(l.criteria).map((c) => c.label)))];
	return labels.map((label) => ({ value: label, label }));
}

export function limitText(kind: string, value: number | null): string {
	if (kind === 'none' || value === null) return '—';
	return kind === 'pages' ? countOf(value, { one: 'page', other: 'pages' }) : countOf(value, { one: 'caractère', other: 'caractères' });
}
