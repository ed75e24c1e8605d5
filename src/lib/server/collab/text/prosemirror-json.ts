/**
 * A section document as ProseMirror JSON (what `editor.getJSON()` gives; the same output as
 * y-tiptap's `yXmlFragmentToProsemirrorJSON`, whose recursion has no depth limit), with content
 * below MAX_DOCUMENT_DEPTH flattened to paragraphs. The exports and the frozen submission
 * record read sections in this form.
 */
import * as Y from 'yjs';
import { IMAGE_NODE, readImageAttrs } from '../../../collab/image-ref';
import { flatTextBlocks } from './flatten';
import { children, deltaOf, fragmentOf, MAX_DOCUMENT_DEPTH } from './yxml';

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
	// A picture's attributes are checked here once (a valid file id or null, bounded texts and sizes).
	if (el.nodeName === IMAGE_NODE) return [{ type: IMAGE_NODE, attrs: { ...readImageAttrs(el.getAttributes()) } }];
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

/** The section document as ProseMirror JSON (a `doc` node). */
export function docToProsemirrorJSON(doc: Y.Doc): PmJsonNode {
	const fragment = fragmentOf(doc);
	const content: PmJsonNode[] = [];
	for (const child of fragment ? children(fragment) : []) {
		if (child instanceof Y.XmlElement) content.push(...elementToJson(child, 1));
		else if (child instanceof Y.XmlText) content.push(...textToJson(child, 0));
	}
	return { type: 'doc', content };
}
