/**
 * Suggested changes in the section editor (issue 15, item 3), on
 * @handlewithcare/prosemirror-suggest-changes: its marks `insertion`, `deletion` and
 * `modification` as Tiptap marks (stored by y-tiptap as formatting attributes of the Y.XmlText,
 * so suggestions live in the section's Y.Doc and merge like any text, offline included), its
 * plugin (whether « Suggérer » is on), and a `dispatchTransaction` hook that turns this
 * person's own edits into suggestions while it is on.
 *
 * Never transformed: remote changes and Yjs undo/redo (y-sync meta `isChangeOrigin` /
 * `isUndoRedoOperation`), accept/refuse (the library's `skip` meta), selection-only transactions.
 * Whole blocks the library marks with node marks (which y-tiptap does not store) are marked
 * inline instead; changes the library would record as a `modification` (a paragraph made a
 * heading, a list) or as any other step are not suggestible and are dropped: the server would
 * refuse them from a suggest-only connection (server/collab/suggest-only.ts).
 *
 * Ids are `<userId>.<epoch ms>.<random>`: unique across people suggesting at once (the
 * library's default counts up from the highest id in the document, so two people would
 * collide), and they carry the author and the time the panel shows.
 */
import { Extension, Mark } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import type { Mark as PmMark, Node as PmNode, MarkType } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { AddMarkStep, AddNodeMarkStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceStep } from '@tiptap/pm/transform';
import { userColor } from './colors';
import {
	applySuggestion,
	applySuggestions,
	disableSuggestChanges,
	enableSuggestChanges,
	isSuggestChangesEnabled,
	revertSuggestion,
	revertSuggestions,
	selectSuggestion,
	suggestChanges,
	suggestChangesKey,
	transformToSuggestionTransaction
} from '@handlewithcare/prosemirror-suggest-changes';

/** The zero-width space the library anchors block-crossing suggestions with. */
const ANCHOR = '\u200b';

/** Nodes that hold blocks: they may carry the library's block-level marks for a moment. */
const CONTAINERS = ['doc', 'blockquote', 'bulletList', 'orderedList', 'listItem', 'table', 'tableRow', 'tableCell', 'tableHeader'];

function suggestionMark(name: 'insertion' | 'deletion' | 'modification', tag: string, className: string) {
	return Mark.create({
		name,
		inclusive: false,
		keepOnSplit: false,
		excludes: name === 'modification' ? 'deletion insertion' : 'insertion deletion modification',
		addAttributes() {
			return {
				id: { default: null, renderHTML: (attrs) => ({ 'data-id': String(attrs.id ?? '') }) },
				...(name === 'modification'
					? { type: { default: null }, attrName: { default: null }, previousValue: { default: null }, newValue: { default: null } }
					: {})
			};
		},
		// Never read from pasted HTML: a suggestion is made here, by someone, with an id of ours.
		parseHTML: () => [],
		renderHTML({ mark, HTMLAttributes }) {
			const author = suggestionAuthor(mark.attrs.id);
			const colour = author ? { 'data-author': author.userId, style: `--suggestion-color: ${userColor(author.userId)}` } : {};
			return [tag, { ...HTMLAttributes, class: className, ...colour }, 0];
		}
	});
}

export interface SuggestionOptions {
	userId: string;
}

/** The Tiptap extensions of suggested changes. */
export function suggestionExtensions(options: SuggestionOptions) {
	const generateId = () => `${options.userId}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
	const mode = Extension.create({
		name: 'suggestChanges',
		extendNodeSchema(extension) {
			return CONTAINERS.includes(extension.name) ? { marks: 'insertion deletion modification' } : {};
		},
		addProseMirrorPlugins() {
			return [suggestChanges()];
		},
		dispatchTransaction({ transaction, next }) {
			const state = this.editor.state;
			if (!transaction.docChanged || !isSuggestChangesEnabled(state) || untracked(transaction)) {
				next(transaction);
				return;
			}
			const tracked = transformToSuggestionTransaction(transaction, state, generateId);
			if (!suggestible(tracked)) return;
			inlineBlockMarks(tracked);
			next(tracked);
		}
	});
	return [
		suggestionMark('insertion', 'ins', 'suggestion-insertion'),
		suggestionMark('deletion', 'del', 'suggestion-deletion'),
		suggestionMark('modification', 'span', 'suggestion-modification'),
		mode
	];
}

/** Transactions that are never turned into suggestions. */
function untracked(tr: Transaction): boolean {
	const ySync = (tr.getMeta('y-sync$') ?? {}) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean };
	const own = (tr.getMeta(suggestChangesKey) ?? {}) as Record<string, unknown>;
	return Boolean(ySync.isChangeOrigin || ySync.isUndoRedoOperation || tr.getMeta('history$') || 'skip' in own);
}

function isSuggestionMark(mark: PmMark, withModification = false): boolean {
	const name = mark.type.name;
	return name === 'insertion' || name === 'deletion' || (withModification && name === 'modification');
}

/** Only text replaced and insertion/deletion marks: what a suggestion is made of. */
function suggestible(tr: Transaction): boolean {
	for (const step of tr.steps) {
		if (step instanceof ReplaceStep) continue;
		if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
			if (step.mark.type.name === 'modification') return false;
			continue;
		}
		if (step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) {
			if (isSuggestionMark(step.mark)) continue;
		}
		return false;
	}
	return true;
}

/**
 * Turns the library's block-level insertion/deletion marks into marks on the blocks' text (an
 * empty block gets an anchor to carry it): y-tiptap stores marks of text only.
 */
function inlineBlockMarks(tr: Transaction): void {
	const marked: Array<{ pos: number; node: PmNode; mark: PmMark }> = [];
	tr.doc.descendants((node, pos) => {
		if (node.isInline) return false;
		const mark = node.marks.find((m) => isSuggestionMark(m));
		if (mark) marked.push({ pos, node, mark });
		return true;
	});
	if (marked.length === 0) return;
	const empties: Array<{ pos: number; mark: PmMark }> = [];
	for (const { pos, node, mark } of marked) {
		tr.removeNodeMark(pos, mark);
		if (node.content.size > 0) tr.addMark(pos + 1, pos + node.nodeSize - 1, mark);
		node.descendants((child, at) => {
			if (child.isTextblock && child.content.size === 0) empties.push({ pos: pos + 1 + at + 1, mark });
			return !child.isTextblock;
		});
		if (node.isTextblock && node.content.size === 0) empties.push({ pos: pos + 1, mark });
	}
	// From the end, so earlier positions stay valid.
	empties.sort((a, b) => b.pos - a.pos);
	for (const { pos, mark } of empties) tr.insert(pos, tr.doc.type.schema.text(ANCHOR, [mark]));
}

/** The author and time a suggestion id carries, or null for an id not made here. */
export function suggestionAuthor(id: unknown): { userId: string; at: number } | null {
	if (typeof id !== 'string') return null;
	const m = /^([a-z0-9]{1,64})\.(\d{1,15})\.[a-z0-9]+$/.exec(id);
	return m ? { userId: m[1]!, at: Number(m[2]) } : null;
}

/** A pending suggestion as the panel lists it. */
export interface SuggestionItem {
	id: string;
	userId: string | null;
	at: number | null;
	inserted: string;
	deleted: string;
}

const EXCERPT = 60;

/** The pending suggestions of a document, in order of appearance. */
export function listSuggestions(doc: PmNode): SuggestionItem[] {
	const byId = new Map<string, SuggestionItem>();
	const types = doc.type.schema.marks as Record<string, MarkType | undefined>;
	doc.descendants((node) => {
		if (!node.isText) return true;
		for (const mark of node.marks) {
			if (mark.type !== types.insertion && mark.type !== types.deletion) continue;
			const id = String(mark.attrs.id);
			let item = byId.get(id);
			if (!item) {
				const author = suggestionAuthor(mark.attrs.id);
				item = { id, userId: author?.userId ?? null, at: author?.at ?? null, inserted: '', deleted: '' };
				byId.set(id, item);
			}
			const text = (node.text ?? '').replaceAll(ANCHOR, '');
			if (mark.type === types.insertion) item.inserted += text;
			else item.deleted += text;
		}
		return false;
	});
	return [...byId.values()].map((s) => ({ ...s, inserted: excerpt(s.inserted), deleted: excerpt(s.deleted) }));
}

function excerpt(text: string): string {
	const t = text.replace(/\s+/g, ' ');
	return t.length > EXCERPT ? `${t.slice(0, EXCERPT - 1)}…` : t;
}

/** The original id (a number for suggestions made by other tools) of a listed suggestion. */
function markId(editor: Editor, id: string): string | number {
	let found: string | number = id;
	editor.state.doc.descendants((node) => {
		for (const mark of node.marks) if (isSuggestionMark(mark) && String(mark.attrs.id) === id) found = mark.attrs.id as string | number;
		return found === id;
	});
	return found;
}

/** Commands of the suggestions panel and the mode switch. */
const suggestionCommands = {
	setSuggesting(editor: Editor, on: boolean): void {
		if (isSuggestChangesEnabled(editor.state) === on) return;
		(on ? enableSuggestChanges : disableSuggestChanges)(editor.state, editor.view.dispatch);
	},
	isSuggesting: (editor: Editor): boolean => isSuggestChangesEnabled(editor.state),
	accept: (editor: Editor, id: string): boolean => applySuggestion(markId(editor, id))(editor.state, editor.view.dispatch),
	reject: (editor: Editor, id: string): boolean => revertSuggestion(markId(editor, id))(editor.state, editor.view.dispatch),
	acceptAll: (editor: Editor): boolean => applySuggestions(editor.state, editor.view.dispatch),
	rejectAll: (editor: Editor): boolean => revertSuggestions(editor.state, editor.view.dispatch),
	select(editor: Editor, id: string): void {
		if (selectSuggestion(markId(editor, id))(editor.state, editor.view.dispatch)) editor.view.focus();
	}
};

/** Suggested changes of a mounted editor, for the page. */
export interface SuggestionControls {
	/** « Modifier » (false) or « Suggérer » (true); stays on for a suggest-only person. */
	setSuggesting(on: boolean): void;
	accept(id: string): void;
	reject(id: string): void;
	acceptAll(): void;
	rejectAll(): void;
	/** Selects the suggestion's text and focuses the editor. */
	select(id: string): void;
	destroy(): void;
}

/**
 * Starts « Suggérer » for a suggest-only person and publishes the pending suggestions when the
 * document changes (at most once per frame); accepting and refusing are left to writers.
 */
export function attachSuggestions(
	editor: Editor,
	options: { suggestOnly: boolean; onSuggestions?(items: SuggestionItem[]): void }
): SuggestionControls {
	const { suggestOnly } = options;
	if (suggestOnly) suggestionCommands.setSuggesting(editor, true);
	let frame = 0;
	const publish = ({ transaction }: { transaction: Transaction }) => {
		if (!transaction.docChanged || frame) return;
		frame = requestAnimationFrame(() => {
			frame = 0;
			if (!editor.isDestroyed) options.onSuggestions?.(listSuggestions(editor.state.doc));
		});
	};
	editor.on('transaction', publish);
	options.onSuggestions?.(listSuggestions(editor.state.doc));
	const writer = (run: () => unknown) => {
		if (!suggestOnly && editor.isEditable) run();
	};
	return {
		setSuggesting: (on) => suggestionCommands.setSuggesting(editor, on || suggestOnly),
		accept: (id) => writer(() => suggestionCommands.accept(editor, id)),
		reject: (id) => writer(() => suggestionCommands.reject(editor, id)),
		acceptAll: () => writer(() => suggestionCommands.acceptAll(editor)),
		rejectAll: () => writer(() => suggestionCommands.rejectAll(editor)),
		select: (id) => suggestionCommands.select(editor, id),
		destroy() {
			cancelAnimationFrame(frame);
			editor.off('transaction', publish);
		}
	};
}
