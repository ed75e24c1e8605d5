/**
 * Access to a section document as the Tiptap editor stores it: the Y.XmlFragment of field
 * `'default'` (the Collaboration extension's default), Y.XmlElement nodes (node name =
 * ProseMirror node type, attributes = node attrs) and Y.XmlText (delta with formatting
 * attributes = marks, e.g. `{ bold: {}, link: { href } }`). Shared by every reader of ./index.ts.
 * A text's runs are read as if every pending suggestion were refused (./suggestions.ts): no
 * reader built on `deltaOf` ever shows a suggested insertion.
 */
import * as Y from 'yjs';
import { settledOps } from './suggestions';

/** Name of the Y.XmlFragment the editor binds to. */
export const SECTION_FIELD = 'default';

/**
 * Deepest element nesting the server-side readers follow. Real sections stay far below it
 * (a table in a list in a quote is 6 levels); deeper content is flattened to paragraphs of text.
 */
export const MAX_DOCUMENT_DEPTH = 48;

export type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

export interface DeltaOp {
	insert?: unknown;
	attributes?: Record<string, unknown>;
}

/** The section's fragment, or null when the field holds another type (not a section document). */
export function fragmentOf(doc: Y.Doc): Y.XmlFragment | null {
	try {
		return doc.getXmlFragment(SECTION_FIELD);
	} catch {
		// The field exists with another type: not a section document.
		return null;
	}
}

export function children(parent: Y.XmlFragment | Y.XmlElement): Node[] {
	return parent.toArray() as Node[];
}

export function intAttr(el: Y.XmlElement, name: string): number | null {
	const raw = el.getAttribute(name) as unknown;
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
	return Number.isInteger(n) ? n : null;
}

/** The runs of a text, pending suggestions refused (insertions dropped, deletions kept, plain). */
export function deltaOf(text: Y.XmlText): DeltaOp[] {
	return settledOps(text.toDelta() as DeltaOp[]);
}
