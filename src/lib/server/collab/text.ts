/**
 * Server-side reading of a section document, without ProseMirror: walks the Y.XmlFragment the
 * Tiptap editor binds to (field `'default'`, the Collaboration extension's default) through
 * Y.XmlElement (node name = ProseMirror node type, attributes = node attrs) and Y.XmlText
 * (formatting attributes = marks, e.g. `{ bold: {}, link: { href } }`).
 *
 * Used for exports, character counts and search. Every text and attribute is HTML-escaped;
 * links keep only http(s) and mailto targets. Unknown nodes keep their content.
 */
import * as Y from 'yjs';

/** Name of the Y.XmlFragment the editor binds to. */
export const SECTION_FIELD = 'default';

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

// ---------------------------------------------------------------- HTML

function textToHtml(text: Y.XmlText): string {
	let out = '';
	for (const op of deltaOf(text)) {
		if (typeof op.insert !== 'string') {
			if (op.insert instanceof Y.XmlElement) out += elementToHtml(op.insert);
			continue;
		}
		let html = escapeHtml(op.insert);
		const attrs = op.attributes ?? {};
		for (let i = MARKS.length - 1; i >= 0; i--) {
			const [mark, tag] = MARKS[i]!;
			if (attrs[mark] != null && attrs[mark] !== false) html = `<${tag}>${html}</${tag}>`;
		}
		const link = attrs.link as { href?: unknown } | null | undefined;
		if (link && typeof link === 'object') {
			const href = safeHref(link.href);
			if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
		}
		out += html;
	}
	return out;
}

function childrenToHtml(parent: Y.XmlFragment | Y.XmlElement): string {
	let out = '';
	for (const child of children(parent)) {
		if (child instanceof Y.XmlText) out += textToHtml(child);
		else if (child instanceof Y.XmlElement) out += elementToHtml(child);
	}
	return out;
}

function elementToHtml(el: Y.XmlElement): string {
	const name = el.nodeName;
	const inner = () => childrenToHtml(el);
	switch (name) {
		case 'heading': {
			const level = Math.min(6, Math.max(1, intAttr(el, 'level') ?? 1));
			return `<h${level}>${inner()}</h${level}>`;
		}
		case 'hardBreak':
			return '<br>';
		case 'horizontalRule':
			return '<hr>';
		case 'codeBlock':
			return `<pre><code>${inner()}</code></pre>`;
		case 'orderedList': {
			const start = intAttr(el, 'start');
			return start !== null && start !== 1 ? `<ol start="${start}">${inner()}</ol>` : `<ol>${inner()}</ol>`;
		}
		case 'tableHeader':
		case 'tableCell': {
			const tag = BLOCKS[name]!;
			let attrs = '';
			for (const span of ['colspan', 'rowspan']) {
				const n = intAttr(el, span);
				if (n !== null && n > 1 && n <= 1000) attrs += ` ${span}="${n}"`;
			}
			return `<${tag}${attrs}>${inner()}</${tag}>`;
		}
		case 'table':
			return `<table><tbody>${inner()}</tbody></table>`;
		default: {
			// Node names come from the document, which any writer can forge: an own-key lookup, so
			// that `constructor` or `toString` are unknown nodes, not Object.prototype's functions.
			const tag = Object.hasOwn(BLOCKS, name) ? BLOCKS[name] : undefined;
			return tag ? `<${tag}>${inner()}</${tag}>` : inner();
		}
	}
}

/** The section document as HTML (paragraphs, headings, lists, tables, quotes, marks, links). */
export function docToHtml(doc: Y.Doc): string {
	const fragment = fragmentOf(doc);
	if (!fragment) return '';
	let out = '';
	for (const child of children(fragment)) {
		if (child instanceof Y.XmlElement) out += elementToHtml(child);
		else if (child instanceof Y.XmlText) out += `<p>${textToHtml(child)}</p>`;
	}
	return out;
}

// ---------------------------------------------------------------- plain text

/** Text of inline content: text runs and hard breaks (as "\n"). */
function inlineText(parent: Y.XmlElement | Y.XmlText): string {
	if (parent instanceof Y.XmlText) {
		let s = '';
		for (const op of deltaOf(parent)) if (typeof op.insert === 'string') s += op.insert;
		return s;
	}
	let s = '';
	for (const child of children(parent)) {
		if (child instanceof Y.XmlText) s += inlineText(child);
		else if (child instanceof Y.XmlElement) s += child.nodeName === 'hardBreak' ? '\n' : inlineText(child);
	}
	return s;
}

function isInlineContainer(el: Y.XmlElement): boolean {
	return children(el).every((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && c.nodeName === 'hardBreak'));
}

/** Appends the lines of a block to `lines`. */
function blockLines(el: Y.XmlElement, lines: string[], prefix: string): void {
	switch (el.nodeName) {
		case 'bulletList':
		case 'orderedList': {
			let n = el.nodeName === 'orderedList' ? (intAttr(el, 'start') ?? 1) : 0;
			for (const item of children(el)) {
				if (!(item instanceof Y.XmlElement)) continue;
				const marker = el.nodeName === 'orderedList' ? `${n++}. ` : '• ';
				const itemLines: string[] = [];
				blockLines(item, itemLines, '');
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
						blockLines(cell, cellLines, '');
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
				if (child instanceof Y.XmlElement) blockLines(child, lines, el.nodeName === 'blockquote' ? prefix + '> ' : prefix);
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
		if (child instanceof Y.XmlElement) blockLines(child, lines, '');
		else if (child instanceof Y.XmlText) lines.push(inlineText(child));
	}
	return lines.join('\n');
}

/**
 * Characters of text in the section document, spaces included, breaks and markup excluded
 * (the "caractères espaces compris" that tender rules limit). Counts Unicode code points.
 */
export function countCharacters(doc: Y.Doc): number {
	const fragment = fragmentOf(doc);
	if (!fragment) return 0;
	let count = 0;
	const walk = (node: Node) => {
		if (node instanceof Y.XmlText) {
			for (const op of deltaOf(node)) if (typeof op.insert === 'string') for (const _ of op.insert) count++;
		} else if (node instanceof Y.XmlElement) {
			for (const child of children(node)) walk(child);
		}
	};
	for (const child of children(fragment)) walk(child);
	return count;
}
