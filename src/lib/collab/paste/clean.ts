/**
 * The clean walk of pasted HTML (normalize.ts): reads the parsed clipboard document and writes a
 * new tree made only of what the editor's schema knows — p, h1–h6 (levels mapped afterwards),
 * ul/ol/li, table/tr/td/th (colspan, rowspan), blockquote, hr, br, a[href], img and the marks
 * strong/em/u/s — with no style, class, font or id. Marks come from the tags and from inline
 * styles (Google Docs writes bold as `font-weight:700` and wraps everything in a
 * `<b style="font-weight:normal">`, which must not make it bold). Everything else (spans, fonts,
 * Word's <o:p>, unknown tags) is unwrapped: its text stays, its look goes.
 */
import { safeLinkHref } from '../links';

interface Context {
	bold: boolean;
	italic: boolean;
	underline: boolean;
	strike: boolean;
	/** Inside a heading: its bold is the heading's own look, not a mark. */
	heading: boolean;
	/** Inside a link: its underline is the link's own look, not a mark. */
	link: boolean;
}

export const START: Context = { bold: false, italic: false, underline: false, strike: false, heading: false, link: false };

/** Elements dropped with their content: not text a person wrote. */
const DROPPED = new Set(
	'script style head title meta link template noscript iframe frame object embed svg math canvas video audio button input select textarea xml colgroup col map'.split(
		' '
	)
);
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'hr']);
/** Containers whose loose text becomes paragraphs (and which separate paragraphs). */
const CONTAINERS = new Set(
	'body html div section article main header footer aside nav center form figure figcaption address dl dt dd li td th tr caption fieldset details summary'.split(
		' '
	)
);
const RASTER_DATA = /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i;
const SMALL_INT = /^\s*(\d{1,4})\s*$/;

export function isBlock(node: Node): boolean {
	return node.nodeType === 1 && BLOCKS.has((node as Element).localName);
}

/** Whether a node holds something to keep: text other than spaces, or an image. */
export function meaningful(node: Node): boolean {
	if (node.nodeType === 3) return /[^\s\u00a0]/.test(node.textContent ?? '');
	if (node.nodeType !== 1) return false;
	const el = node as Element;
	if (el.localName === 'img' || el.localName === 'hr' || el.localName === 'table') return true;
	return /[^\s\u00a0]/.test(el.textContent ?? '') || el.querySelector('img, hr, table') !== null;
}

/** An image source kept for the image handling: raster data: URIs and http(s) addresses. */
export function keptImageSource(src: string): boolean {
	if (RASTER_DATA.test(src)) return true;
	try {
		const url = new URL(src);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false; // file:///C:/…/clip_image001.png from Word, cid:, blob:, relative paths
	}
}

/** Hidden by the source (Word's `mso-hide:all`, `display:none`): not part of the visible text. */
function hidden(el: Element): boolean {
	const style = el.getAttribute('style');
	return !!style && /(^|;)\s*(display\s*:\s*none|mso-hide\s*:\s*all)/i.test(style);
}

/** The marks of `el`'s content: its tag, then its inline style (which may cancel the tag). */
function marksOf(el: Element, ctx: Context): Context {
	const next = { ...ctx };
	switch (el.localName) {
		case 'b':
		case 'strong':
			next.bold = true;
			break;
		case 'i':
		case 'em':
			next.italic = true;
			break;
		case 'u':
		case 'ins':
			next.underline = true;
			break;
		case 's':
		case 'strike':
		case 'del':
			next.strike = true;
			break;
	}
	const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
	if (!style) return next;
	const weight = style.fontWeight;
	if (weight) next.bold = /^bold(er)?$/.test(weight) || Number(weight) >= 600;
	const fontStyle = style.fontStyle;
	if (fontStyle) next.italic = fontStyle === 'italic' || fontStyle.startsWith('oblique');
	const decoration = style.textDecorationLine || style.textDecoration || '';
	if (decoration.includes('underline')) next.underline = true;
	if (decoration.includes('line-through')) next.strike = true;
	return next;
}

function text(data: string, ctx: Context, out: Document): Node[] {
	// HTML white space (Word wraps its lines at 80 columns) is one space; non-breaking spaces stay
	// (French puts them before « : ; ! ? »).
	let node: Node = out.createTextNode(data.replace(/[ \t\n\r\f]+/g, ' '));
	if (!/[^\s\u00a0]/.test(data)) return [node];
	const wraps: Array<[boolean, string]> = [
		[ctx.strike, 's'],
		[ctx.underline && !ctx.link, 'u'],
		[ctx.italic, 'em'],
		[ctx.bold && !ctx.heading, 'strong']
	];
	for (const [on, tag] of wraps) {
		if (!on) continue;
		const wrapper = out.createElement(tag);
		wrapper.append(node);
		node = wrapper;
	}
	return [node];
}

/** Loose inline nodes grouped into paragraphs, blocks kept; runs of only spaces or <br> dropped. */
export function blockify(nodes: Node[], out: Document): Node[] {
	const result: Node[] = [];
	let run: Node[] = [];
	const flush = () => {
		if (run.some(meaningful)) {
			const p = out.createElement('p');
			p.append(...run);
			result.push(p);
		}
		run = [];
	};
	for (const node of nodes) {
		if (isBlock(node)) {
			flush();
			result.push(node);
		} else run.push(node);
	}
	flush();
	return result;
}

/** Inline content only: blocks found inside a paragraph or heading give their inline content. */
function inlineOnly(nodes: Node[]): Node[] {
	const result: Node[] = [];
	for (const node of nodes) {
		if (!isBlock(node)) result.push(node);
		else result.push(...inlineOnly(Array.from(node.childNodes)));
	}
	return result;
}

function children(el: Node, ctx: Context, out: Document): Node[] {
	const result: Node[] = [];
	for (const child of Array.from(el.childNodes)) result.push(...cleanNode(child, ctx, out));
	return result;
}

function element(out: Document, tag: string, content: Node[]): Element {
	const el = out.createElement(tag);
	el.append(...content);
	return el;
}

function headingLevel(el: Element): number | null {
	const tag = /^h([1-6])$/.exec(el.localName);
	if (tag) return Number(tag[1]);
	if (el.localName !== 'p' && el.localName !== 'div') return null;
	const cls = el.getAttribute('class') ?? '';
	const word = /(?:^|\s)MsoHeading([1-9])(?:\s|$)/.exec(cls);
	if (word) return Number(word[1]);
	return /(?:^|\s)MsoTitle(?:\s|$)/.test(cls) ? 1 : null;
}

function list(el: Element, ctx: Context, out: Document): Element {
	const result = out.createElement(el.localName === 'ol' ? 'ol' : 'ul');
	const start = SMALL_INT.exec(el.getAttribute('start') ?? '');
	if (result.localName === 'ol' && start && Number(start[1]) > 1) result.setAttribute('start', String(Number(start[1])));
	const lastItem = (): Element => (result.lastElementChild as Element | null) ?? result.appendChild(out.createElement('li'));
	for (const child of Array.from(el.childNodes)) {
		const name = child.nodeType === 1 ? (child as Element).localName : '';
		if (name === 'li') result.append(element(out, 'li', blockify(children(child, marksOf(child as Element, ctx), out), out)));
		else if (name === 'ul' || name === 'ol') {
			// Google Docs and some others nest a list as a sibling of the items (<ul><li/><ul>…):
			// it belongs to the item before it.
			lastItem().append(list(child as Element, ctx, out));
		} else {
			const loose = cleanNode(child, ctx, out);
			if (loose.some(meaningful)) result.append(element(out, 'li', blockify(loose, out)));
		}
	}
	return result;
}

function cell(el: Element, ctx: Context, out: Document): Element {
	const result = element(out, el.localName === 'th' ? 'th' : 'td', blockify(children(el, marksOf(el, ctx), out), out));
	for (const attr of ['colspan', 'rowspan']) {
		const value = SMALL_INT.exec(el.getAttribute(attr) ?? '');
		if (value && Number(value[1]) > 1 && Number(value[1]) <= 1000) result.setAttribute(attr, String(Number(value[1])));
	}
	return result;
}

function table(el: Element, ctx: Context, out: Document): Node[] {
	const before: Node[] = [];
	const rows: Element[] = [];
	const addRow = (tr: Element) => {
		const cells = Array.from(tr.children).filter((c) => c.localName === 'td' || c.localName === 'th');
		if (cells.length)
			rows.push(
				element(
					out,
					'tr',
					cells.map((c) => cell(c, ctx, out))
				)
			);
	};
	for (const child of Array.from(el.children)) {
		if (child.localName === 'tr') addRow(child);
		else if (child.localName === 'thead' || child.localName === 'tbody' || child.localName === 'tfoot') {
			for (const tr of Array.from(child.children)) if (tr.localName === 'tr') addRow(tr);
		} else if (child.localName === 'caption') before.push(...blockify(children(child, ctx, out), out));
	}
	if (!rows.length) return before;
	return [...before, element(out, 'table', [element(out, 'tbody', rows)])];
}

function image(el: Element, out: Document): Node[] {
	const src = (el.getAttribute('src') ?? '').trim();
	if (!keptImageSource(src)) return [];
	const img = out.createElement('img');
	img.setAttribute('src', src);
	const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim().slice(0, 1000);
	if (alt) img.setAttribute('alt', alt);
	for (const attr of ['width', 'height']) {
		const value = SMALL_INT.exec(el.getAttribute(attr) ?? '');
		if (value && Number(value[1]) > 0) img.setAttribute(attr, String(Number(value[1])));
	}
	return [img];
}

function link(el: Element, ctx: Context, out: Document): Node[] {
	const href = el.getAttribute('href');
	const safe = href ? safeLinkHref(href) : null;
	const content = children(el, safe ? { ...ctx, link: true } : ctx, out);
	// No target (Word's bookmarks <a name=_Toc…>), an in-document (#) or unsafe one: the text stays.
	if (!safe || content.some(isBlock) || !content.some(meaningful)) return content;
	const a = element(out, 'a', content);
	a.setAttribute('href', safe);
	return [a];
}

/** The clean nodes for one pasted node (none, one or several). */
export function cleanNode(node: Node, ctx: Context, out: Document): Node[] {
	if (node.nodeType === 3) return text(node.textContent ?? '', ctx, out);
	if (node.nodeType !== 1) return []; // comments (Word's <!--[if gte vml 1]>…), processing instructions
	const el = node as Element;
	const name = el.localName;
	// v:shape, w:sdt… are Word's own XML: dropped, except the <o:p> paragraph end, unwrapped below.
	if (DROPPED.has(name) || (/^[a-z]+:/.test(name) && name !== 'o:p') || hidden(el)) return [];
	// Marks set on a block itself (a <p style="font-weight:bold">, a <td style="font-style:italic">)
	// reach its text like a span's would.
	const inner = marksOf(el, ctx);
	const level = headingLevel(el);
	if (level !== null) return [element(out, `h${level}`, inlineOnly(children(el, { ...inner, heading: true }, out)))];
	switch (name) {
		case 'p':
			return [element(out, 'p', inlineOnly(children(el, inner, out)))];
		case 'pre': {
			// No code blocks in sections: each line of preformatted text becomes a paragraph.
			const lines = (el.textContent ?? '').split(/\r\n?|\n/);
			return lines.map((line) => element(out, 'p', text(line, inner, out)));
		}
		case 'ul':
		case 'ol':
			return [list(el, inner, out)];
		case 'table':
			return table(el, inner, out);
		case 'blockquote':
			return [element(out, 'blockquote', blockify(children(el, inner, out), out))];
		case 'hr':
			return [out.createElement('hr')];
		case 'br':
			return [out.createElement('br')];
		case 'img':
			return image(el, out);
		case 'a':
			return link(el, inner, out);
	}
	if (CONTAINERS.has(name)) return blockify(children(el, inner, out), out);
	return children(el, inner, out);
}
