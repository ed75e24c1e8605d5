/**
 * Text as the PDF font can draw it: Roboto lacks a few glyphs French text uses (U+202F, the
 * narrow no-break space `Intl` puts in amounts), so those are mapped to glyphs it has, and
 * invisible controls (zero-width, bidi) are dropped. Every text put in a PDF goes through
 * {@link pdfText}.
 */

/** Characters Roboto has no glyph for, mapped to ones it has (or dropped: zero-width, bidi controls). */
const GLYPH_MAP: Record<string, string> = {
	'\u202F': '\u00A0',
	'\u2012': '\u2013',
	'\u2028': '\n',
	'\u2029': '\n',
	'\u2192': '->',
	// Tick boxes of the forms (dossier/forms/pm.ts): Roboto has no ballot box.
	'\u2610': '[ ]',
	'\u2612': '[X]'
};
const UNSUPPORTED = /[\u202F\u2012\u2028\u2029\u2192\u2610\u2612]|[\u200C-\u200F\u202A-\u202E\u2060-\u206F]/g;

/** Text as Roboto can draw it. */
export function pdfText(text: string): string {
	return text.replace(UNSUPPORTED, (c) => GLYPH_MAP[c] ?? '');
}
