/**
 * Server-side reading of a section document, without ProseMirror: walks the Y.XmlFragment the
 * Tiptap editor binds to (field `'default'`, the Collaboration extension's default) through
 * Y.XmlElement (node name = ProseMirror node type, attributes = node attrs) and Y.XmlText
 * (formatting attributes = marks, e.g. `{ bold: {}, link: { href } }`).
 *
 * Used for exports, character counts, previews and versions: HTML, plain text, ProseMirror JSON
 * and the character count. Every text and attribute is HTML-escaped; links keep only http(s)
 * and mailto targets. Unknown nodes keep their content.
 *
 * Documents come from any writer, so nothing here trusts their shape: no walk goes deeper than
 * MAX_DOCUMENT_DEPTH elements on the call stack. Below that depth content is flattened (its text
 * kept, one paragraph per text block, nesting and marks dropped) by an iterative walk, so a
 * document nested thousands of levels deep reads like any other instead of overflowing the stack
 * (docs/SECURITY.md, « Limits and quotas »). The HTML renderer also takes a budget and stops
 * walking once it is spent (previews of very long documents).
 */
import * as Y from 'yjs';

/** Name of the Y.XmlFragment the editor binds to. */
export const SECTION_FIELD = 'default';

/**
 * Deepest element nesting the server-side readers follow. Real sections stay far below it
 * (a table in a list in a quote is 6 levels); deeper content is flattened to paragraphs of text.
 */
export const MAX_DOCUMENT_DEPTH = 48;

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

interface DeltaOp {
	insert?: unknown;
	attributes?: Record<string, unknown>;
}

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

function fragmentOf(doc: Y.Doc): Y.XmlFragment | null {
	try {
		return doc.getXmlFragment(SECTION_FIELD);
	} catch {
		// The field exists with another type: not a section document.
		return null;
	}
}

function children(parent: Y.XmlFragment | Y.XmlElement): Node[] {
	return parent.toArray() as Node[];
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The href if it is an absolute http(s) or mailto URL, else null. */
export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > 2048) return null;
	try {
		const url = new URL(value.trim());
		return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
	} catch {
		return null;
	}
}

function intAttr(el: Y.XmlElement, name: string): number | null {
	const raw = el.getAttribute(name) as unknown;
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
	return Number.isInteger(n) ? n : null;
}

function deltaOf(text: Y.XmlText): DeltaOp[] {
	return text.toDelta() as DeltaOp[];
}

// ---------------------------------------------------------------- flattening

/**
 * The text blocks below `node`, in document order, walked with an explicit stack (any depth):
 * one string per innermost block, hard breaks as "\n", empty blocks skipped. Lazy, so a caller
 * with a budget stops the walk early.
 */
function* flatTextBlocks(node: Y.XmlElement | Y.XmlText): Generator<string> {
	const END = Symbol('end');
	const stack: Array<Node | string | typeof END> = [node];
	let line = '';
	while (stack.length > 0) {
		const item = stack.pop()!;
		if (typeof item === 'string') {
			line += item;
		} else if (item === END) {
			if (line !== '') yield line;
			line = '';
		} else if (item instanceof Y.XmlText) {
			const ops = deltaOf(item);
			for (let i = ops.length - 1; i >= 0; i--) {
				const insert = ops[i]!.insert;
				if (typeof insert === 'string') stack.push(insert);
				else if (insert instanceof Y.XmlElement) stack.push(insert);
			}
		} else if (item instanceof Y.XmlElement) {
			if (item.nodeName === 'hardBreak') {
				line += '\n';
				continue;
			}
			// A block boundary on both sides of every other element.
			if (line !== '') yield line;
			line = '';
			stack.push(END);
			const kids = children(item);
			for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
		}
	}
	if (line !== '') yield line;
}

// ---------------------------------------------------------------- HTML

/** Where the HTML goes: counts what is written and remembers when the budget ran out. */
class HtmlOut {
	private parts: string[] = [];
	length = 0;
	/** The budget is spent: nothing more is written but the closing tags of open elements. */
	full = false;
	/** Some content was left out. */
	truncated = false;

	constructor(readonly budget: number) {}

	write(html: string): void {
		this.parts.push(html);
		this.length += html.length;
	}

	/** Called at the end of each block: the budget is checked at block boundaries. */
	blockEnd(): void {
		if (this.length >= this.budget) this.full = true;
	}

	/** Escaped text, cut (and the output marked full) when it would pass the budget. */
	text(raw: string): string {
		const room = this.budget - this.length;
		if (raw.length <= room) {
			const html = escapeHtml(raw);
			if (html.length <= room) return html;
		}
		this.full = true;
		this.truncated = true;
		// Escaping never shortens, so the first `room` characters are enough.
		return cutEscaped(escapeHtml(raw.slice(0, Math.max(0, room + 1))), room) + '…';
	}

	mark(): { parts: number; length: number } {
		return { parts: this.parts.length, length: this.length };
	}

	rollback(mark: { parts: number; length: number }): void {
		this.parts.length = mark.parts;
		this.length = mark.length;
	}

	toString(): string {
		return this.parts.join('');
	}
}

/**
 * The start of escaped HTML text, at most `max` characters: never ends inside an entity or a
 * surrogate pair, and ends at a space when there is one among the last 200 characters.
 */
function cutEscaped(html: string, max: number): string {
	if (html.length <= max) return html;
	let s = html.slice(0, Math.max(0, max));
	const amp = s.lastIndexOf('&');
	if (amp !== -1 && s.indexOf(';', amp) === -1) s = s.slice(0, amp);
	const last = s.charCodeAt(s.length - 1);
	if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
	const space = s.lastIndexOf(' ');
	if (space > 0 && space >= s.length - 200) s = s.slice(0, space);
	return s;
}

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

/** `depth`: 1 for a block at the top of the document. */
function elementToHtml(el: Y.XmlElement, out: HtmlOut, depth: number): void {
	if (el.nodeName === 'hardBreak') return out.write('<br>');
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

// ---------------------------------------------------------------- plain text

/** Text of inline content: text runs and hard breaks (as "\n"). */
function inlineText(parent: Y.XmlElement | Y.XmlText): string {
	if (parent instanceof Y.XmlText) {
		let s = '';
		for (const op of deltaOf(parent)) if (typeof op.insert === 'string') s += op.insert;
		return s;
	}
	// Only called on inline containers: their children are text and hard breaks.
	let s = '';
	for (const child of children(parent)) {
		if (child instanceof Y.XmlText) s += inlineText(child);
		else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') s += '\n';
	}
	return s;
}

function isInlineContainer(el: Y.XmlElement): boolean {
	return children(el).every((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && c.nodeName === 'hardBreak'));
}

/** Appends the lines of a block to `lines`; `depth` is 1 for a block at the top of the document. */
function blockLines(el: Y.XmlElement, lines: string[], prefix: string, depth: number): void {
	if (depth > MAX_DOCUMENT_DEPTH) {
		for (const block of flatTextBlocks(el)) for (const line of block.split('\n')) lines.push(prefix + line);
		return;
	}
	switch (el.nodeName) {
		case 'bulletList':
		case 'orderedList': {
			let n = el.nodeName === 'orderedList' ? (intAttr(el, 'start') ?? 1) : 0;
			for (const item of children(el)) {
				if (!(item instanceof Y.XmlElement)) continue;
				const marker = el.nodeName === 'orderedList' ? `${n++}. ` : '• ';
				const itemLines: string[] = [];
				blockLines(item, itemLines, '', depth + 1);
				itemLines.forEach((line, i) => lines.push(prefix + (i === 0 ? marker : '   ') + line));
			}
			return;
		}
		case 'table':
			for (const row of children(el)) {
				if (!(row instanceof Y.XmlElement)) continue;
				const cells = children(row)
					.filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
					.map((cell) => {
						const cellLines: string[] = [];
						blockLines(cell, cellLines, '', depth + 2);
						return cellLines.join(' ');
					});
				lines.push(prefix + cells.join('\t'));
			}
			return;
		case 'horizontalRule':
			lines.push(prefix + '---');
			return;
		default:
			if (el.nodeName === 'hardBreak') {
				lines.push(prefix);
				return;
			}
			if (isInlineContainer(el)) {
				for (const line of inlineText(el).split('\n')) lines.push(prefix + line);
				return;
			}
			// listItem, blockquote, cells and unknown containers: their blocks in order.
			for (const child of children(el)) {
				if (child instanceof Y.XmlElement) blockLines(child, lines, el.nodeName === 'blockquote' ? prefix + '> ' : prefix, depth + 1);
				else if (child instanceof Y.XmlText) lines.push(prefix + inlineText(child));
			}
	}
}

/** The section document as plain text: one line per block, list markers, tab-separated cells. */
export function docToPlainText(doc: Y.Doc): string {
	const fragment = fragmentOf(doc);
	if (!fragment) return '';
	const lines: string[] = [];
	for (const child of children(fragment)) {
		if (child instanceof Y.XmlElement) blockLines(child, lines, '', 1);
		else if (child instanceof Y.XmlText) lines.push(inlineText(child));
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------- ProseMirror JSON

/** A mark as ProseMirror's `toJSON()` writes it. */
export interface PmJsonMark {
	type: string;
	attrs?: Record<string, unknown>;
}

/** A node as ProseMirror's `toJSON()` writes it. */
export interface PmJsonNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: PmJsonNode[];
	text?: string;
	marks?: PmJsonMark[];
}

/** y-prosemirror stores overlapping marks of one type as `<name>--<8-character hash>`. */
const HASHED_MARK = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

function textToJson(text: Y.XmlText, depth: number): PmJsonNode[] {
	const out: PmJsonNode[] = [];
	for (const op of deltaOf(text)) {
		if (op.insert instanceof Y.XmlElement) {
			out.push(...elementToJson(op.insert, depth + 1));
			continue;
		}
		if (typeof op.insert !== 'string') continue;
		const node: PmJsonNode = { type: 'text', text: op.insert };
		if (op.attributes) {
			node.marks = Object.entries(op.attributes).map(([name, attrs]) => ({
				type: HASHED_MARK.exec(name)?.[1] ?? name,
				attrs: attrs as Record<string, unknown>
			}));
		}
		out.push(node);
	}
	return out;
}

/** A text block's text as paragraph content: text runs and hard breaks. */
function flatParagraph(block: string): PmJsonNode {
	const content: PmJsonNode[] = [];
	block.split('\n').forEach((part, i) => {
		if (i > 0) content.push({ type: 'hardBreak' });
		if (part !== '') content.push({ type: 'text', text: part });
	});
	return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

/** An element as JSON nodes (one, or the paragraphs of its text below the depth limit). */
function elementToJson(el: Y.XmlElement, depth: number): PmJsonNode[] {
	if (depth > MAX_DOCUMENT_DEPTH && el.nodeName !== 'hardBreak') return [...flatTextBlocks(el)].map(flatParagraph);
	const node: PmJsonNode = { type: el.nodeName };
	const attrs = el.getAttributes();
	if (Object.keys(attrs).length > 0) node.attrs = attrs;
	const content: PmJsonNode[] = [];
	for (const child of children(el)) {
		if (child instanceof Y.XmlText) content.push(...textToJson(child, depth));
		else if (child instanceof Y.XmlElement) content.push(...elementToJson(child, depth + 1));
	}
	if (content.length > 0) node.content = content;
	return [node];
}

/**
 * The section document as ProseMirror JSON (what `editor.getJSON()` gives; the same output as
 * y-tiptap's `yXmlFragmentToProsemirrorJSON`, whose recursion has no depth limit), with content
 * below MAX_DOCUMENT_DEPTH flattened to paragraphs.
 */
export function docToProsemirrorJSON(doc: Y.Doc): PmJsonNode {
	const fragment = fragmentOf(doc);
	const content: PmJsonNode[] = [];
	for (const child of fragment ? children(fragment) : []) {
		if (child instanceof Y.XmlElement) content.push(...elementToJson(child, 1));
		else if (child instanceof Y.XmlText) content.push(...textToJson(child, 0));
	}
	return { type: 'doc', content };
}

// ---------------------------------------------------------------- length

/**
 * Characters of text in the section document, spaces included, breaks and markup excluded
 * (the "caractères espaces compris" that tender rules limit). Counts Unicode code points.
 * Walks with an explicit stack: any depth.
 */
export function countCharacters(doc: Y.Doc): number {
	const fragment = fragmentOf(doc);
	if (!fragment) return 0;
	let count = 0;
	const stack: Node[] = children(fragment);
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node instanceof Y.XmlText) {
			for (const op of deltaOf(node)) if (typeof op.insert === 'string') for (const _ of op.insert) count++;
		} else if (node instanceof Y.XmlElement) {
			for (const child of children(node)) stack.push(child);
		}
	}
	return count;
}

// ---------------------------------------------------------------- stored HTML

/** Tags docToHtml writes (any other `<` in its output is escaped text). */
const HTML_TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g;
const VOID_TAGS = new Set(['br', 'hr']);
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
	'hr'
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
