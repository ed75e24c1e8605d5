/**
 * The reverse of ./prosemirror-json.ts: a fresh section document (one Yjs update, no history)
 * holding the content of a ProseMirror JSON document, laid out as the Tiptap editor stores it
 * (./yxml.ts: elements named by node type with their attrs, runs of text with their marks as
 * formatting attributes). Used to start a section from another one's text as the readers give it
 * (a bid started from a past one), so only content is copied, never the source's Yjs history.
 *
 * The input comes from the readers, already bounded to MAX_DOCUMENT_DEPTH, so the recursion here
 * is bounded too. What must not travel from one bid to another is left out: marks of pending
 * suggestions (the readers settle them; dropped here too, so a copy never carries one), and
 * pictures, which are files of the source bid — each is replaced by its description in italics.
 */
import * as Y from 'yjs';
import { SECTION_FIELD } from './yxml';

/** A ProseMirror JSON node as the readers give it (./prosemirror-json.ts, or the exports' PmNode). */
export interface JsonNode {
	type: string;
	attrs?: Record<string, unknown> | null;
	content?: JsonNode[] | null;
	text?: string | null;
	marks?: Array<{ type: string; attrs?: Record<string, unknown> | null }> | null;
}

/** Marks that record suggestions (issue 15): never written into a copy. */
const SUGGESTION_MARKS = new Set(['insertion', 'deletion', 'modification']);
/** Node types that refer to a file of the source bid. */
const FILE_NODES = new Set(['image']);

export interface WrittenDocument {
	update: Uint8Array;
	/** Pictures replaced by their description. */
	picturesLeftOut: number;
}

function attributesOf(marks: JsonNode['marks']): Record<string, unknown> | undefined {
	if (!marks?.length) return undefined;
	const out: Record<string, unknown> = {};
	for (const m of marks) if (!SUGGESTION_MARKS.has(m.type)) out[m.type] = m.attrs ?? {};
	return Object.keys(out).length ? out : undefined;
}

function pictureNote(node: JsonNode): string {
	const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt.trim() ? ` : ${node.attrs.alt.trim()}` : '';
	return `[Image non copiée${alt}]`;
}

class Writer {
	picturesLeftOut = 0;

	/** The Yjs children of a node's content: consecutive text runs share one Y.XmlText. */
	children(content: JsonNode[] | null | undefined): Array<Y.XmlElement | Y.XmlText> {
		const out: Array<Y.XmlElement | Y.XmlText> = [];
		const inline = (content ?? []).some((c) => c.type === 'text');
		let text: Y.XmlText | null = null;
		let length = 0;
		const addText = (s: string, attrs: Record<string, unknown> | undefined) => {
			if (!text) {
				text = new Y.XmlText();
				length = 0;
				out.push(text);
			}
			text.insert(length, s, attrs ?? {});
			length += s.length;
		};
		for (const node of content ?? []) {
			if (node.type === 'text') {
				if (node.text) addText(node.text, attributesOf(node.marks));
				continue;
			}
			if (FILE_NODES.has(node.type)) {
				this.picturesLeftOut++;
				if (inline) addText(pictureNote(node), { italic: {} });
				else {
					text = null;
					const p = new Y.XmlElement('paragraph');
					const t = new Y.XmlText();
					t.insert(0, pictureNote(node), { italic: {} });
					p.insert(0, [t]);
					out.push(p);
				}
				continue;
			}
			text = null;
			out.push(this.element(node));
		}
		return out;
	}

	element(node: JsonNode): Y.XmlElement {
		const el = new Y.XmlElement(node.type);
		for (const [name, value] of Object.entries(node.attrs ?? {})) {
			if (value !== undefined) el.setAttribute(name, value as string);
		}
		const kids = this.children(node.content);
		if (kids.length) el.insert(0, kids);
		return el;
	}
}

/** A fresh document holding `doc` (a ProseMirror `doc` node), encoded as one update. */
export function prosemirrorJSONToUpdate(doc: JsonNode): WrittenDocument {
	const ydoc = new Y.Doc();
	try {
		const writer = new Writer();
		const nodes = writer.children(doc.content);
		if (nodes.length) ydoc.getXmlFragment(SECTION_FIELD).insert(0, nodes);
		return { update: Y.encodeStateAsUpdate(ydoc), picturesLeftOut: writer.picturesLeftOut };
	} finally {
		ydoc.destroy();
	}
}
