/**
 * Excerpts of HTML written earlier by docToHtml (versions store it), from a prefix of it read
 * from storage: cut at a block boundary when that keeps enough, else inside text (never inside
 * a tag or an entity), every element still open closed.
 */
import { cutEscaped } from './escape';
import type { HtmlExcerpt } from './html';

/** Tags docToHtml writes (any other `<` in its output is escaped text). */
const HTML_TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g;
const VOID_TAGS = new Set(['br', 'hr', 'img']);
const BLOCK_TAGS = new Set([
	'p',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'pre',
	'blockquote',
	'ul',
	'ol',
	'li',
	'table',
	'tr',
	'th',
	'td',
	'hr',
	'figure'
]);

/** `html` (a prefix of docToHtml output) with every element still open closed. */
function closeOpenTags(html: string): string {
	const open: string[] = [];
	for (const m of html.matchAll(HTML_TAG)) {
		const name = m[2]!;
		if (VOID_TAGS.has(name)) continue;
		if (m[1]) open.pop();
		else open.push(name);
	}
	let out = html;
	for (let i = open.length - 1; i >= 0; i--) out += `</${open[i]}>`;
	return out;
}

/**
 * An excerpt of HTML written earlier by docToHtml (versions store it) from its first `max`
 * characters, `more` saying whether the stored HTML goes on: cut after the last complete block
 * when that keeps at least half of it, else inside text (never inside a tag or an entity), and
 * every open element closed.
 */
export function storedHtmlExcerpt(prefix: string, max: number, more: boolean): HtmlExcerpt {
	if (!more) return { html: prefix, truncated: false };
	const head = prefix.slice(0, max);
	let boundary = 0;
	for (const m of head.matchAll(HTML_TAG)) {
		const name = m[2]!;
		if ((m[1] || VOID_TAGS.has(name)) && BLOCK_TAGS.has(name)) boundary = m.index + m[0].length;
	}
	if (boundary >= max / 2) return { html: closeOpenTags(head.slice(0, boundary)), truncated: true };
	// One long block: cut inside its text (escaped text holds no `<` or `>`), not inside a tag.
	let cut = head;
	if (cut.lastIndexOf('<') > cut.lastIndexOf('>')) cut = cut.slice(0, cut.lastIndexOf('<'));
	const textStart = cut.lastIndexOf('>') + 1;
	const text = cutEscaped(cut.slice(textStart), cut.length - textStart - 1);
	return { html: closeOpenTags(cut.slice(0, textStart) + text + '…'), truncated: true };
}
