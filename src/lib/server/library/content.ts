/**
 * A library entry's rich text (issue 16): the ProseMirror JSON the entry editor posts (or the
 * paragraphs of the no-script textarea) checked and turned into one Yjs update, and the stored
 * update read back through the server readers (collab/text) — so nothing unchecked is ever
 * rendered or handed to a section.
 *
 * The schema is the sections' (headings 2–3, paragraphs, lists, tables, quotes, rules, hard
 * breaks; bold, italic, underline, strike, code, links) without pictures: an image node becomes
 * its description in italics (dropped when it has none). Checked here: the JSON's size
 * (MAX_CONTENT_JSON_CHARS) and nesting (MAX_CONTENT_DEPTH, below the readers' own limit, so
 * everything accepted is read whole), node and mark names, attributes (known keys, plain values,
 * links through safeHref), and the text's length.
 */
import * as Y from 'yjs';
import { prosemirrorJSONToUpdate, type JsonNode } from '../collab/text/from-json';
import { docToHtml, docToPlainText, docToProsemirrorJSON, safeHref, type PmJsonNode } from '../collab/text';

/** Characters of posted JSON (≈ 60 pages of formatted text). */
export const MAX_CONTENT_JSON_CHARS = 600_000;
/** Nesting of posted content (the collaboration server's own cap on arrival). */
export const MAX_CONTENT_DEPTH = 32;
/** Characters of text in an entry. */
export const MAX_CONTENT_TEXT_CHARS = 150_000;

/** Node names and the attributes each may keep (value checks below). */
const NODES: Record<string, readonly string[]> = {
	paragraph: [],
	heading: ['level'],
	bulletList: [],
	orderedList: ['start'],
	listItem: [],
	blockquote: [],
	horizontalRule: [],
	hardBreak: [],
	table: [],
	tableRow: [],
	tableHeader: ['colspan', 'rowspan'],
	tableCell: ['colspan', 'rowspan']
};
const MARKS = new Set(['bold', 'italic', 'underline', 'strike', 'code', 'link']);

export class ContentError extends Error {}

function intIn(value: unknown, min: number, max: number, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function cleanAttrs(type: string, attrs: unknown): Record<string, unknown> | undefined {
	const a = attrs && typeof attrs === 'object' ? (attrs as Record<string, unknown>) : {};
	switch (type) {
		case 'heading':
			return { level: intIn(a.level, 2, 3, a.level === 1 ? 2 : 3) };
		case 'orderedList':
			return { start: intIn(a.start, 1, 100_000, 1) };
		case 'tableCell':
		case 'tableHeader':
			return { colspan: intIn(a.colspan, 1, 50, 1), rowspan: intIn(a.rowspan, 1, 500, 1) };
		default:
			return undefined;
	}
}

function cleanMarks(marks: unknown): JsonNode['marks'] {
	if (!Array.isArray(marks)) return undefined;
	const out: NonNullable<JsonNode['marks']> = [];
	for (const m of marks.slice(0, 10)) {
		const type = m && typeof m === 'object' ? (m as { type?: unknown }).type : undefined;
		if (typeof type !== 'string' || !MARKS.has(type) || out.some((o) => o.type === type)) continue;
		if (type === 'link') {
			const href = safeHref((m as { attrs?: { href?: unknown } }).attrs?.href);
			if (href) out.push({ type, attrs: { href } });
		} else out.push({ type, attrs: {} });
	}
	return out.length ? out : undefined;
}

/** Counts text characters as it goes, to refuse an oversized text. */
class Cleaner {
	chars = 0;

	/** The allowed content of `nodes`; pictures become their description in italics. */
	content(nodes: unknown, depth: number, inline: boolean): JsonNode[] {
		if (nodes === undefined || nodes === null) return [];
		if (!Array.isArray(nodes)) throw new ContentError('content');
		if (depth > MAX_CONTENT_DEPTH) throw new ContentError('depth');
		const out: JsonNode[] = [];
		for (const raw of nodes) {
			if (!raw || typeof raw !== 'object') throw new ContentError('node');
			const node = raw as Record<string, unknown>;
			const type = node.type;
			if (type === 'text') {
				if (typeof node.text !== 'string' || node.text === '') continue;
				this.chars += node.text.length;
				if (this.chars > MAX_CONTENT_TEXT_CHARS) throw new ContentError('length');
				out.push({ type: 'text', text: node.text, marks: cleanMarks(node.marks) });
				continue;
			}
			if (type === 'image') {
				const alt =
					typeof (node.attrs as { alt?: unknown } | undefined)?.alt === 'string' ? (node.attrs as { alt: string }).alt.trim() : '';
				if (!alt) continue;
				const italic: JsonNode = { type: 'text', text: alt.slice(0, 500), marks: [{ type: 'italic', attrs: {} }] };
				out.push(inline ? italic : { type: 'paragraph', content: [italic] });
				continue;
			}
			if (typeof type !== 'string' || !Object.hasOwn(NODES, type)) throw new ContentError('type');
			const kids = this.content(node.content, depth + 1, type === 'paragraph' || type === 'heading');
			const clean: JsonNode = { type };
			const attrs = cleanAttrs(type, node.attrs);
			if (attrs) clean.attrs = attrs;
			if (kids.length) clean.content = kids;
			out.push(clean);
		}
		return out;
	}
}

/** The checked copy of a ProseMirror `doc` (throws ContentError on anything outside the schema or its caps). */
export function cleanDocument(doc: unknown): JsonNode {
	if (!doc || typeof doc !== 'object' || (doc as { type?: unknown }).type !== 'doc') throw new ContentError('doc');
	return { type: 'doc', content: new Cleaner().content((doc as { content?: unknown }).content, 1, false) };
}

/** The posted JSON text checked and parsed (throws ContentError). */
export function parseContentJson(json: string): JsonNode {
	if (json.length > MAX_CONTENT_JSON_CHARS) throw new ContentError('size');
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		throw new ContentError('json');
	}
	return cleanDocument(value);
}

/** A document of paragraphs from plain text (the no-script textarea): one paragraph per non-empty line. */
export function paragraphsDocument(text: string): JsonNode {
	if (text.length > MAX_CONTENT_TEXT_CHARS) throw new ContentError('length');
	const lines = text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	return { type: 'doc', content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })) };
}

export interface StoredContent {
	update: Uint8Array;
	text: string;
	/** Canonical JSON of the content as the readers give it (to tell a content change). */
	fingerprint: string;
}

/** Reads a stored update through `read`. */
function withDoc<T>(update: Uint8Array, read: (doc: Y.Doc) => T): T {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, update);
		return read(doc);
	} finally {
		doc.destroy();
	}
}

/** A checked document as the stored update, its plain text and fingerprint (read back through the readers). */
export function storeContent(doc: JsonNode): StoredContent {
	const { update } = prosemirrorJSONToUpdate(doc);
	return withDoc(update, (d) => ({ update, text: docToPlainText(d), fingerprint: JSON.stringify(docToProsemirrorJSON(d)) }));
}

/** The stored content's fingerprint (see StoredContent). */
export const contentFingerprint = (update: Uint8Array): string => withDoc(update, (d) => JSON.stringify(docToProsemirrorJSON(d)));

/** Escaped HTML of the stored content (docToHtml). */
export const contentHtml = (update: Uint8Array): string => withDoc(update, docToHtml);

/** The stored content as ProseMirror JSON, read by the readers and checked again on the way out. */
export function contentJson(update: Uint8Array): PmJsonNode {
	return cleanDocument(withDoc(update, docToProsemirrorJSON)) as PmJsonNode;
}

/** The stored content's plain text, one line per block (the no-script textarea). */
export const contentPlainText = (update: Uint8Array): string => withDoc(update, docToPlainText);
