/**
 * A section document as HTML (paragraphs, headings, lists, tables, quotes, marks, links, pictures), whole
 * or as an excerpt within a budget (page previews of long documents). Every text and attribute
 * is escaped; links keep only http(s) and mailto targets; unknown nodes keep their content;
 * content below MAX_DOCUMENT_DEPTH becomes one paragraph per text block.
 */
import * as Y from 'yjs';
import { safeHref } from '../../../collab/links';
import { IMAGE_NODE, imageSrc, readImageAttrs } from '../../../collab/image-ref';
import { escapeHtml } from './escape';
import { flatTextBlocks } from './flatten';
import { HtmlOut } from './html-out';
import { children, deltaOf, fragmentOf, intAttr, MAX_DOCUMENT_DEPTH } from './yxml';

const BLOCKS: Record<string, string> = {
	paragraph: 'p',
	blockquote: 'blockquote',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li',
	table: 'table',
	tableRow: 'tr',
	tableHeader: 'th',
	tableCell: 'td'
};

/** Marks rendered as HTML, outermost first. */
const MARKS: ReadonlyArray<[string, string]> = [
	['bold', 'strong'],
	['italic', 'em'],
	['underline', 'u'],
	['strike', 's'],
	['code', 'code']
];

function textToHtml(text: Y.XmlText, out: HtmlOut, depth: number): void {
	const ops = deltaOf(text);
	for (let i = 0; i < ops.length; i++) {
		if (out.full) {
			out.truncated = true;
			return;
		}
		const op = ops[i]!;
		if (typeof op.insert !== 'string') {
			if (op.insert instanceof Y.XmlElement) elementToHtml(op.insert, out, depth + 1);
			continue;
		}
		let html = out.text(op.insert);
		const attrs = op.attributes ?? {};
		for (let m = MARKS.length - 1; m >= 0; m--) {
			const [mark, tag] = MARKS[m]!;
			if (attrs[mark] != null && attrs[mark] !== false) html = `<${tag}>${html}</${tag}>`;
		}
		const link = attrs.link as { href?: unknown } | null | undefined;
		if (link && typeof link === 'object') {
			const href = safeHref(link.href);
			if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
		}
		out.write(html);
	}
}

function childrenToHtml(parent: Y.XmlElement, out: HtmlOut, depth: number): void {
	for (const child of children(parent)) {
		if (out.full) {
			out.truncated = true;
			return;
		}
		if (child instanceof Y.XmlText) textToHtml(child, out, depth);
		else if (child instanceof Y.XmlElement) elementToHtml(child, out, depth + 1);
	}
}

/** Content below the depth limit: one paragraph per text block. */
function flatToHtml(node: Y.XmlElement, out: HtmlOut): void {
	for (const line of flatTextBlocks(node)) {
		if (out.full) {
			out.truncated = true;
			return;
		}
		out.write('<p>');
		out.write(out.text(line).replace(/\n/g, '<br>'));
		out.write('</p>');
		out.blockEnd();
	}
}

/** Opening and closing tags of an element (empty strings: content only). */
function tagsOf(el: Y.XmlElement): [string, string] {
	const name = el.nodeName;
	switch (name) {
		case 'heading': {
			const level = Math.min(6, Math.max(1, intAttr(el, 'level') ?? 1));
			return [`<h${level}>`, `</h${level}>`];
		}
		case 'codeBlock':
			return ['<pre><code>', '</code></pre>'];
		case 'orderedList': {
			const start = intAttr(el, 'start');
			return [start !== null && start !== 1 ? `<ol start="${start}">` : '<ol>', '</ol>'];
		}
		case 'tableHeader':
		case 'tableCell': {
			const tag = BLOCKS[name]!;
			let attrs = '';
			for (const span of ['colspan', 'rowspan']) {
				const n = intAttr(el, span);
				if (n !== null && n > 1 && n <= 1000) attrs += ` ${span}="${n}"`;
			}
			return [`<${tag}${attrs}>`, `</${tag}>`];
		}
		case 'table':
			return ['<table><tbody>', '</tbody></table>'];
		default: {
			// Node names come from the document, which any writer can forge: an own-key lookup, so
			// that `constructor` or `toString` are unknown nodes, not Object.prototype's functions.
			const tag = Object.hasOwn(BLOCKS, name) ? BLOCKS[name] : undefined;
			return tag ? [`<${tag}>`, `</${tag}>`] : ['', ''];
		}
	}
}

/**
 * A picture (issue 15): only a valid file id gives an image, always `/fichiers/<id>`; a node
 * without one (waiting for its upload, or forged) gives nothing. Alt and caption are escaped.
 */
function imageToHtml(el: Y.XmlElement, out: HtmlOut): void {
	const a = readImageAttrs(el.getAttributes());
	if (!a.fileId) return;
	const size = a.width && a.height ? ` width="${a.width}" height="${a.height}"` : '';
	const caption = a.caption ? `<figcaption>${escapeHtml(a.caption)}</figcaption>` : '';
	out.write(`<figure><img src="${imageSrc(a.fileId)}" alt="${escapeHtml(a.alt)}"${size} loading="lazy">${caption}</figure>`);
	out.blockEnd();
}

/** `depth`: 1 for a block at the top of the document. */
function elementToHtml(el: Y.XmlElement, out: HtmlOut, depth: number): void {
	if (el.nodeName === 'hardBreak') return out.write('<br>');
	if (el.nodeName === IMAGE_NODE) return imageToHtml(el, out);
	if (el.nodeName === 'horizontalRule') return out.write('<hr>');
	if (depth > MAX_DOCUMENT_DEPTH) return flatToHtml(el, out);
	const [open, close] = tagsOf(el);
	out.write(open);
	childrenToHtml(el, out, depth);
	out.write(close);
	out.blockEnd();
}

export interface HtmlExcerpt {
	html: string;
	/** True when content was left out to stay within the budget. */
	truncated: boolean;
}

/**
 * The beginning of the section document as HTML, about `budget` characters long: the walk stops
 * once the budget is spent, at the end of a block (or inside a block's text when that one block
 * alone passes it), and every open element is closed. When the block that passes the budget
 * starts after half of it, the excerpt ends before that block.
 */
export function docToHtmlExcerpt(doc: Y.Doc, budget: number): HtmlExcerpt {
	const fragment = fragmentOf(doc);
	if (!fragment) return { html: '', truncated: false };
	const out = new HtmlOut(budget);
	for (const child of children(fragment)) {
		if (out.full) {
			out.truncated = true;
			break;
		}
		const before = out.mark();
		if (child instanceof Y.XmlElement) elementToHtml(child, out, 1);
		else if (child instanceof Y.XmlText) {
			out.write('<p>');
			textToHtml(child, out, 1);
			out.write('</p>');
			out.blockEnd();
		}
		// This block was cut: end at a block boundary instead when enough comes before it.
		if (out.truncated && before.length >= budget / 2) out.rollback(before);
	}
	return { html: out.toString(), truncated: out.truncated };
}

/** The section document as HTML (paragraphs, headings, lists, tables, quotes, marks, links). */
export function docToHtml(doc: Y.Doc): string {
	return docToHtmlExcerpt(doc, Infinity).html;
}
