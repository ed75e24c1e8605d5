/**
 * Suggested changes in a section document (issue 15, item 3). The editor records them as marks
 * of the prosemirror-suggest-changes library, which y-tiptap stores as formatting attributes of
 * the Y.XmlText runs: `insertion` (proposed text), `deletion` (text proposed for removal) and
 * `modification` (their `{ id }` names the suggestion). Block boundaries a suggestion crosses
 * are anchored by zero-width spaces (U+200B) carrying the same mark.
 *
 * Every server-side reader shows the text as if each pending suggestion were refused
 * (`settledOps`: insertion runs dropped, deletion runs kept without their mark, their anchors
 * dropped): exports, counts, previews and versions never contain a pending suggestion.
 * `settledFingerprint` is what the collaboration server compares before and after an update of
 * a connection that may only suggest (docs/SECURITY.md, « Suggest-only connections »).
 */
import * as Y from 'yjs';

/** A run of a Y.XmlText's delta (the same shape as ./yxml.ts's, declared here so neither imports the other). */
interface DeltaOp {
	insert?: unknown;
	attributes?: Record<string, unknown>;
}

/** The formatting attributes that record suggestions (the library's mark names). */
export const SUGGESTION_MARKS = ['insertion', 'deletion', 'modification'] as const;

const ANCHOR = /\u200b/g;

function hasSuggestion(attrs: Record<string, unknown> | undefined): boolean {
	if (!attrs) return false;
	for (const name of SUGGESTION_MARKS) if (attrs[name] != null) return true;
	return false;
}

/** The attributes without the suggestion marks (undefined when none is left). */
function withoutSuggestionMarks(attrs: Record<string, unknown>): Record<string, unknown> | undefined {
	const kept: Record<string, unknown> = {};
	let any = false;
	for (const [name, value] of Object.entries(attrs)) {
		if ((SUGGESTION_MARKS as readonly string[]).includes(name) || value == null) continue;
		kept[name] = value;
		any = true;
	}
	return any ? kept : undefined;
}

/**
 * The runs of a text as if every pending suggestion were refused: runs marked `insertion`
 * dropped, the others kept without suggestion marks, the zero-width anchors of suggestions
 * removed. Runs without any suggestion are returned as they are.
 */
export function settledOps<Op extends DeltaOp>(ops: Op[]): Op[] {
	let touched = false;
	for (const op of ops) if (hasSuggestion(op.attributes)) touched = true;
	if (!touched) return ops;
	const out: Op[] = [];
	for (const op of ops) {
		if (!hasSuggestion(op.attributes)) {
			out.push(op);
			continue;
		}
		if (op.attributes!.insertion != null) continue;
		const attributes = withoutSuggestionMarks(op.attributes!);
		const insert = typeof op.insert === 'string' ? op.insert.replace(ANCHOR, '') : op.insert;
		if (insert === '') continue;
		out.push((attributes ? { insert, attributes } : { insert }) as Op);
	}
	return out;
}

/** One pending suggestion: its id, what it proposes, and a short excerpt of its text. */
export interface PendingSuggestion {
	id: string;
	inserted: string;
	deleted: string;
}

const EXCERPT = 80;

/**
 * The pending suggestions of a section document, in document order (their ids as the editor
 * wrote them). Walks with an explicit stack: any depth.
 */
export function pendingSuggestions(doc: Y.Doc, field: string): PendingSuggestion[] {
	let fragment: Y.XmlFragment;
	try {
		fragment = doc.getXmlFragment(field);
	} catch {
		return [];
	}
	const found = new Map<string, PendingSuggestion>();
	const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlHook> = (fragment.toArray() as Array<Y.XmlElement | Y.XmlText>).reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node instanceof Y.XmlText) {
			for (const op of node.toDelta() as DeltaOp[]) {
				if (typeof op.insert !== 'string' || !op.attributes) continue;
				for (const kind of SUGGESTION_MARKS) {
					const mark = op.attributes[kind] as { id?: unknown } | null | undefined;
					if (!mark || typeof mark !== 'object') continue;
					const id = String(mark.id ?? '');
					const entry = found.get(id) ?? { id, inserted: '', deleted: '' };
					const text = op.insert.replace(ANCHOR, '');
					if (kind === 'insertion' && entry.inserted.length < EXCERPT) entry.inserted += text;
					if (kind === 'deletion' && entry.deleted.length < EXCERPT) entry.deleted += text;
					found.set(id, entry);
				}
			}
		} else if (node instanceof Y.XmlElement) {
			const kids = node.toArray() as Array<Y.XmlElement | Y.XmlText>;
			for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
		}
	}
	return [...found.values()].map((s) => ({ ...s, inserted: s.inserted.slice(0, EXCERPT), deleted: s.deleted.slice(0, EXCERPT) }));
}

/** Elements that only hold text and other blocks; any other element is content of its own (an image, a rule). */
const CONTAINERS = new Set([
	'paragraph',
	'heading',
	'blockquote',
	'bulletList',
	'orderedList',
	'listItem',
	'table',
	'tableRow',
	'tableCell',
	'tableHeader',
	'hardBreak'
]);

function stableJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/**
 * What a suggestion may not change, as one string: the settled text (see settledOps) of every
 * run in document order with its formatting (bold, links…, written once where it changes), and
 * every element that is content of its own (an image, a rule) with its attributes. Paragraph
 * boundaries are left out: splitting or joining a paragraph is suggested with anchored
 * zero-width spaces, not by leaving the structure alone. Walks with an explicit stack: any depth.
 */
export function settledFingerprint(doc: Y.Doc, field: string): string {
	let fragment: Y.XmlFragment;
	try {
		fragment = doc.getXmlFragment(field);
	} catch {
		return '';
	}
	const parts: string[] = [];
	let format = '';
	const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlHook> = (fragment.toArray() as Array<Y.XmlElement | Y.XmlText>).reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node instanceof Y.XmlText) {
			for (const op of settledOps(node.toDelta() as DeltaOp[])) {
				if (typeof op.insert !== 'string') {
					parts.push(`\u0002embed\u0002`);
					continue;
				}
				const text = op.insert.replace(ANCHOR, '');
				if (text === '') continue;
				const key = op.attributes ? stableJson(op.attributes) : '';
				if (key !== format) {
					parts.push(`\u0001${key}\u0001`);
					format = key;
				}
				parts.push(text);
			}
		} else if (node instanceof Y.XmlElement) {
			if (!CONTAINERS.has(node.nodeName)) parts.push(`\u0002${node.nodeName}${stableJson(node.getAttributes())}\u0002`);
			const kids = node.toArray() as Array<Y.XmlElement | Y.XmlText>;
			for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
		} else {
			parts.push('\u0002hook\u0002');
		}
	}
	return parts.join('');
}
