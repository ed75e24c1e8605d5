/**
 * A section document as plain text (one line per block, list markers, tab-separated cells,
 * quotes prefixed « > ») and its character count (the « caractères espaces compris » that
 * tender rules limit).
 */
import * as Y from 'yjs';
import { flatTextBlocks } from './flatten';
import { children, deltaOf, fragmentOf, intAttr, MAX_DOCUMENT_DEPTH, type Node } from './yxml';

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
		case 'image':
			// A picture is no text: no line, no character (its alt text is not counted either).
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

/**
 * Sums `measure` over the text runs of the section document, entering only the elements `enter`
 * accepts. Walks with an explicit stack: any depth.
 */
function sumText(doc: Y.Doc, measure: (text: string) => number, enter: (el: Y.XmlElement) => boolean): number {
	const fragment = fragmentOf(doc);
	if (!fragment) return 0;
	let count = 0;
	const stack: Node[] = children(fragment);
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node instanceof Y.XmlText) {
			for (const op of deltaOf(node)) if (typeof op.insert === 'string') count += measure(op.insert);
		} else if (node instanceof Y.XmlElement && enter(node)) {
			for (const child of children(node)) stack.push(child);
		}
	}
	return count;
}

const codePoints = (text: string) => {
	let n = 0;
	for (const _ of text) n++;
	return n;
};

/**
 * Characters of text in the section document, spaces included, breaks and markup excluded
 * (the "caractères espaces compris" that tender rules limit). Counts Unicode code points.
 */
export function countCharacters(doc: Y.Doc): number {
	return sumText(doc, codePoints, () => true);
}

/**
 * Characters of the section's body: visible (non-space) characters outside headings. Zero means
 * the section is empty for a reader — nothing, only spaces, or only titles — which blocks its
 * validation and the submission (issue 14).
 */
export function countBodyCharacters(doc: Y.Doc): number {
	return sumText(
		doc,
		(text) => codePoints(text.replace(/[\s\u00a0\u202f\u200b]/g, '')),
		(el) => el.nodeName !== 'heading'
	);
}
