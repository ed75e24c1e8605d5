/**
 * Library entries inserted into a section (issue 16, item 2), on the editor's side: insert a copy
 * at the caret (or over a remembered range, for « mettre à jour ») and give back where it landed
 * as two Yjs relative positions — the technique of comment anchors (comment-anchors.ts): the
 * start sticks to the first inserted content, the end to the last, so the range follows other
 * people's edits and can be found again later. Part of the editor's lazy chunk.
 *
 * The range is read from the transaction that inserted the copy (its steps' maps, the same in
 * « Suggérer », where the dispatch hook turns the insertion into a suggestion like pasted text),
 * followed through the transactions of the next moments, and turned into relative positions once
 * the y-sync binding knows the new nodes (it learns them just after ProseMirror applies a local
 * change).
 */
import type { Editor, JSONContent } from '@tiptap/core';
import { Slice } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { relative, resolve } from './comment-anchors';

export interface LibraryRange {
	start: string;
	end: string;
}

export interface LibraryInserts {
	/** Inserts `doc`'s content at the caret; the range it occupies, or null when nothing was inserted. */
	insert(doc: JSONContent): Promise<LibraryRange | null>;
	/** Replaces the remembered range with `doc`'s content; null when that text is no longer there (nothing changed). */
	replace(range: LibraryRange, doc: JSONContent): Promise<LibraryRange | null>;
	/** Whether the remembered range is still in the text. */
	has(range: LibraryRange): boolean;
	/** The selection as a document (for « Enregistrer dans la bibliothèque ») and its text; null when nothing is selected. */
	selection(): { doc: JSONContent; text: string } | null;
}

const BINDING_DELAY_MS = 40;

/** Runs `change` and answers the span of document it wrote, in positions of the document after it. */
function changedSpan(editor: Editor, change: () => boolean): { from: number; to: number } | null {
	let span: { from: number; to: number } | null = null;
	const seen = ({ transaction }: { transaction: Transaction }) => {
		if (!transaction.docChanged) return;
		const mapping = transaction.mapping;
		transaction.steps.forEach((step, i) => {
			step.getMap().forEach((_a, _b, newStart, newEnd) => {
				if (newEnd <= newStart) return;
				const rest = mapping.slice(i + 1);
				const from = rest.map(newStart, -1);
				const to = rest.map(newEnd, 1);
				span = span ? { from: Math.min(span.from, from), to: Math.max(span.to, to) } : { from, to };
			});
		});
	};
	editor.on('transaction', seen);
	try {
		if (!change()) return null;
	} finally {
		editor.off('transaction', seen);
	}
	return span;
}

/** Follows `span` through the editor's transactions for a moment, then anchors it in Yjs. */
function anchorLater(editor: Editor, span: { from: number; to: number }): Promise<LibraryRange | null> {
	let { from, to } = span;
	const follow = ({ transaction }: { transaction: Transaction }) => {
		if (!transaction.docChanged) return;
		from = transaction.mapping.map(from, -1);
		to = transaction.mapping.map(to, 1);
	};
	editor.on('transaction', follow);
	return new Promise((done) =>
		setTimeout(() => {
			editor.off('transaction', follow);
			if (editor.isDestroyed || to <= from) return done(null);
			const state = editor.state;
			// A copy that starts a paragraph is anchored before that paragraph: y-tiptap cannot
			// resolve a text position at the very start of the document (it takes it as misresolved).
			const $from = state.doc.resolve(Math.min(from, state.doc.content.size));
			const startPos = $from.parent.isTextblock && $from.parentOffset === 0 && $from.depth > 0 ? $from.before() : $from.pos;
			const start = relative(state, startPos, 0);
			const end = relative(state, Math.min(to, state.doc.content.size), -1);
			done(start && end ? { start, end } : null);
		}, BINDING_DELAY_MS)
	);
}

/**
 * Puts `doc`'s content over from..to the way a paste does (a slice opened as far as it goes, so
 * the first and last paragraphs join the text around the caret): one replace step, which
 * « Suggérer » turns into a suggested insertion (a closed block replacement it would drop).
 */
function place(editor: Editor, from: number, to: number, doc: JSONContent): boolean {
	const content = editor.schema.nodeFromJSON(doc).content;
	if (content.size === 0 || editor.isDestroyed) return false;
	const tr = editor.state.tr.replaceRange(from, to, Slice.maxOpen(content)).scrollIntoView();
	if (!tr.docChanged) return false;
	editor.view.dispatch(tr);
	editor.commands.focus();
	return true;
}

function where(editor: Editor, range: LibraryRange): { from: number; to: number } | null {
	return resolve(editor.state, [{ id: 'library', start: range.start, end: range.end, resolved: false }])?.get('library') ?? null;
}

export function libraryInserts(editor: Editor): LibraryInserts {
	return {
		async insert(doc) {
			if (!doc.content?.length) return null;
			const at = editor.state.selection.to;
			const span = changedSpan(editor, () => place(editor, at, at, doc));
			return span ? anchorLater(editor, span) : null;
		},
		async replace(range, doc) {
			const found = where(editor, range);
			if (!found) return null;
			const span = changedSpan(editor, () => place(editor, found.from, found.to, doc));
			return span ? anchorLater(editor, span) : null;
		},
		has: (range) => where(editor, range) !== null,
		selection() {
			const { from, to } = editor.state.selection;
			const text = editor.state.doc.textBetween(from, to, ' ', ' ').trim();
			if (from === to || !text) return null;
			const content = editor.state.selection.content().content.toJSON() as JSONContent[] | null;
			return { doc: { type: 'doc', content: content ?? [] }, text };
		}
	};
}
