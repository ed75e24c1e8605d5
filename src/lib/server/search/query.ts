/**
 * What a person types into the search field, as an FTS5 query, and the highlight markers of an
 * answer, as text parts. Pure.
 *
 * The typed text is never handed to FTS5's query language: it is cut into words (letters and
 * digits), and each word becomes a quoted prefix term, all required (AND). Accents need nothing
 * here: the index and the quoted terms go through the same unicode61 tokenizer without
 * diacritics. French plurals and elisions are folded here, on the query only:
 *   - elided articles (« l’ », « d’ ») and one-letter words are dropped, common function words
 *     too (unless the query has nothing else);
 *   - each word of 3+ letters is searched as a prefix of its light singular: a final -s or -x is
 *     dropped (« références » → référence*, which also finds « référence »), -aux/-al/« travail »
 *     end in -a (« travaux » and « travail », « locaux » and « local » meet). Every original
 *     word is a prefix-extension of its folded form, so folding only ever adds matches (a few
 *     neighbours like « location » for « locaux »), and bm25 ranks the documents that hold the
 *     words most often and in their titles first.
 */

/** Words kept from one query (the rest is ignored). */
export const MAX_QUERY_TERMS = 8;
/** Characters of the typed query read at most. */
export const MAX_QUERY_CHARS = 200;

/** Marker FTS5 puts before a highlighted run (removed from indexed text by the triggers and the indexer). */
export const MARK_OPEN = '\u0002';
/** Marker FTS5 puts after a highlighted run. */
export const MARK_CLOSE = '\u0003';

const FUNCTION_WORDS = new Set(
	(
		'au aux avec ce ces cet cette dans de des du en et il ils elle elles est la le les leur leurs mais ne nos notre nous ' +
		'on ou où par pas pour qu que qui sa se ses son sont sur un une vos votre vous'
	).split(' ')
);

/** The light French singular a word is searched by (see the file's header). */
export function foldPlural(word: string): string {
	const chars = [...word];
	const n = chars.length;
	if (word === 'travail' || word === 'travaux') return 'trava';
	if (n >= 5 && word.endsWith('aux')) return chars.slice(0, -2).join('');
	if (n >= 5 && word.endsWith('al')) return chars.slice(0, -1).join('');
	if (n >= 4 && (word.endsWith('s') || word.endsWith('x'))) return chars.slice(0, -1).join('');
	return word;
}

/** The words of a typed query, lower-cased, deduplicated, at most MAX_QUERY_TERMS. */
export function queryWords(input: string): string[] {
	const words =
		input
			.slice(0, MAX_QUERY_CHARS)
			.normalize('NFC')
			.toLowerCase()
			.match(/[\p{L}\p{N}]+/gu) ?? [];
	const unique = [...new Set(words)].filter((w) => [...w].length > 1 || /\p{N}/u.test(w));
	const meaningful = unique.filter((w) => !FUNCTION_WORDS.has(w));
	return (meaningful.length > 0 ? meaningful : unique).slice(0, MAX_QUERY_TERMS);
}

/** The FTS5 MATCH expression of a typed query, or null when it holds no word to look for. */
export function toMatchExpression(input: string): string | null {
	const words = queryWords(input);
	if (words.length === 0) return null;
	// Only letters and digits reach the quotes, so no word can close them or use FTS5 syntax.
	return words.map((w) => ([...w].length < 3 ? `"${w}"` : `"${foldPlural(w)}"*`)).join(' AND ');
}

/** A run of text of a result, highlighted or not. */
export interface TextPart {
	text: string;
	mark: boolean;
}

/**
 * Cuts an FTS5 highlight()/snippet() answer into plain text parts at the markers, so the page
 * renders each one as text (a highlighted one inside <mark>): nothing of it is ever read as HTML.
 */
export function markedParts(marked: string): TextPart[] {
	const parts: TextPart[] = [];
	let mark = false;
	let text = '';
	const push = () => {
		if (text) parts.push({ text, mark });
		text = '';
	};
	for (const ch of marked) {
		if (ch === MARK_OPEN || ch === MARK_CLOSE) {
			push();
			mark = ch === MARK_OPEN;
		} else text += ch;
	}
	push();
	return parts;
}
