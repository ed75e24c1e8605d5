/**
 * Length of a section against its limit.
 *
 * Decision: a page is estimated at CHARS_PER_PAGE = 3 000 characters, spaces included. That is
 * a dense but ordinary A4 page of a mémoire technique (11 pt body text, 2 cm margins, a few
 * headings and lists); the "feuillet" of 1 500 characters is a typewriter convention that
 * nobody applies to tender responses. The estimate is shown with "≈" and only ever used to warn:
 * the buyer counts pages of the final PDF, which Cotrait cannot know while people type.
 * Characters are counted like the server's countCharacters (lib/server/collab/text/plain-text.ts): Unicode
 * code points of the text, spaces included, line breaks and markup excluded.
 */
import { countOf } from '../format/plural';

export const CHARS_PER_PAGE = 3000;

export type LimitKind = 'none' | 'pages' | 'characters';

export interface LengthReport {
	characters: number;
	/** Estimated pages, one decimal. */
	pages: number;
	/** The limit in characters (pages × CHARS_PER_PAGE for a page limit), or null. */
	limitCharacters: number | null;
	over: boolean;
	/** 0…1+ share of the limit used (null without limit). */
	ratio: number | null;
}

/** Estimated pages, one decimal; any text counts for at least 0.1 page. */
export function estimatePages(characters: number): number {
	if (characters <= 0) return 0;
	return Math.max(0.1, Math.round((characters / CHARS_PER_PAGE) * 10) / 10);
}

export function lengthReport(characters: number, kind: LimitKind, value: number | null): LengthReport {
	const limitCharacters = kind === 'none' || !value ? null : kind === 'pages' ? value * CHARS_PER_PAGE : value;
	return {
		characters,
		pages: estimatePages(characters),
		limitCharacters,
		over: limitCharacters !== null && characters > limitCharacters,
		ratio: limitCharacters ? characters / limitCharacters : null
	};
}

const nf = new Intl.NumberFormat('fr-FR');
const nf1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const CHARACTERS = { one: 'caractère', other: 'caractères' };
const PAGES = { one: 'page', other: 'pages' };

/** "1 234 caractères · ≈ 0,4 page" followed by the limit, in French. */
export function lengthText(r: LengthReport, kind: LimitKind, value: number | null): string {
	const chars = countOf(r.characters, CHARACTERS);
	const pages = `≈ ${countOf(r.pages, PAGES, (n) => nf1.format(n))}`;
	if (kind === 'characters' && value) return `${chars} sur ${nf.format(value)} · ${pages}`;
	if (kind === 'pages' && value) return `${pages} sur ${nf.format(value)} (${chars})`;
	return `${chars} · ${pages}`;
}
