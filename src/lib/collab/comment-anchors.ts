/**
 * Comment threads in the text (issue 15): a ProseMirror plugin that highlights each open thread's
 * range and the controller the section page drives it with. Part of the editor's lazy chunk.
 *
 * A thread's range is two Yjs relative positions (base64 of Y.encodeRelativePosition), computed
 * here from the selection with y-tiptap's helpers and the ySync plugin's binding mapping, so the
 * range follows edits by others: the start sticks to the first commented character (text typed
 * just before it stays outside), the end to the last one. They are turned back into positions
 * of this document on every remote change and whenever the threads change; a local change maps
 * the highlights at once and re-reads the positions from Yjs just after (the binding's mapping
 * is updated after ProseMirror applies a local change). A range whose text was deleted
 * entirely resolves to nothing: the thread is then shown as « passage supprimé » with its quote.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Mapping } from '@tiptap/pm/transform';
import * as Y from 'yjs';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';

export interface AnchoredThread {
	id: string;
	start: string;
	end: string;
	/** Resolved threads are not highlighted. */
	resolved: boolean;
}

/** Where a thread is in the text now; null: its text was deleted. */
export type ThreadRange = { from: number; to: number } | null;

export interface CommentAnchors {
	setThreads(threads: AnchoredThread[]): void;
	setActive(id: string | null): void;
	/** The selected text as an anchor (start, end, quote); null when nothing is selected. */
	selectionAnchor(): { anchorStart: string; anchorEnd: string; quote: string } | null;
	/** Selects a thread's text and scrolls it into view; false when its text is gone. */
	reveal(id: string): boolean;
	/** Vertical position (px, viewport) of a thread's first line, for the margin; null when gone or unknown. */
	topOf(id: string): number | null;
}

export interface CommentAnchorOptions {
	/** The ranges changed (edits, threads set): the page updates its list. */
	onRanges?(ranges: ReadonlyMap<string, ThreadRange>): void;
	/** A highlight was clicked. */
	onActivate?(id: string): void;
	/** Ctrl/Cmd+Alt+M in the text: comment on the selection. */
	onShortcut?(): void;
}

interface AnchorState {
	threads: AnchoredThread[];
	ranges: Map<string, ThreadRange>;
	active: string | null;
	decorations: DecorationSet;
}

type Meta = { threads?: AnchoredThread[]; active?: string | null; refresh?: true };

const key = new PluginKey<AnchorState>('commentAnchors');

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** What the ySync plugin binds: the Y.Doc, the fragment and the Yjs → ProseMirror node mapping (absent before it renders). */
function binding(state: EditorState) {
	const y = ySyncPluginKey.getState(state) as
		{ doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping: Map<unknown, unknown> } | null } | undefined;
	return y?.doc && y.type && y.binding ? { doc: y.doc, type: y.type, mapping: y.binding.mapping } : null;
}

/**
 * A stored relative position as a position of this document. y-tiptap takes any text position
 * that lands at the document's very start as « misresolved » (a guard for blocks reordered by
 * drag and drop) and answers null, which lost every range starting on a section's first letter.
 * When the position is the start of a text, it is handed over as that text's own index 0 — the
 * same place, which the guard lets through.
 */
function absolute(b: NonNullable<ReturnType<typeof binding>>, encoded: string): number | null {
	let rel = Y.decodeRelativePosition(fromBase64(encoded));
	const at = Y.createAbsolutePositionFromRelativePosition(rel, b.doc);
	if (at && at.type instanceof Y.XmlText && at.index === 0) rel = Y.createRelativePositionFromTypeIndex(at.type, 0, -1);
	return relativePositionToAbsolutePosition(b.doc, b.type, rel, b.mapping as never);
}

/** The threads' ranges read from Yjs, or null when the document is not bound yet (also used by library-ranges.ts). */
export function resolve(state: EditorState, threads: AnchoredThread[]): Map<string, ThreadRange> | null {
	const b = binding(state);
	if (!b) return null;
	const ranges = new Map<string, ThreadRange>();
	const max = state.doc.content.size;
	for (const t of threads) {
		let from: number | null = null;
		let to: number | null = null;
		try {
			from = absolute(b, t.start);
			to = absolute(b, t.end);
		} catch {
			// an anchor of another document (a section restored from elsewhere): shown as deleted
		}
		ranges.set(
			t.id,
			from !== null && to !== null && to > from && to <= max && state.doc.textBetween(from, to, ' ').trim() ? { from, to } : null
		);
	}
	return ranges;
}

function mapRanges(ranges: Map<string, ThreadRange>, mapping: Mapping): Map<string, ThreadRange> {
	const out = new Map<string, ThreadRange>();
	for (const [id, r] of ranges) {
		if (!r) {
			out.set(id, null);
			continue;
		}
		const from = mapping.map(r.from, 1);
		const to = mapping.map(r.to, -1);
		out.set(id, to > from ? { from, to } : null);
	}
	return out;
}

function decorate(state: EditorState, s: Omit<AnchorState, 'decorations'>): DecorationSet {
	const decorations: Decoration[] = [];
	for (const t of s.threads) {
		const r = s.ranges.get(t.id);
		if (t.resolved || !r) continue;
		decorations.push(
			Decoration.inline(r.from, r.to, {
				class: t.id === s.active ? 'comment-anchor is-active' : 'comment-anchor',
				'data-thread': t.id
			})
		);
	}
	return DecorationSet.create(state.doc, decorations);
}

/** A relative position of `pos` that sticks to the character after it (`assoc` 0) or before it (-1); also used by library-ranges.ts. */
export function relative(state: EditorState, pos: number, assoc: 0 | -1): string | null {
	const b = binding(state);
	if (!b) return null;
	const rel = absolutePositionToRelativePosition(pos, b.type, b.mapping as never) as Y.RelativePosition;
	const abs = Y.createAbsolutePositionFromRelativePosition(rel, b.doc);
	const stuck = abs ? Y.createRelativePositionFromTypeIndex(abs.type, abs.index, assoc) : rel;
	return toBase64(Y.encodeRelativePosition(stuck));
}

/** The extension (add it after Collaboration) and the controller the page uses. */
export function commentAnchors(options: CommentAnchorOptions): {
	extension: Extension;
	controller(view: () => EditorView): CommentAnchors;
} {
	let refreshTimer: ReturnType<typeof setTimeout> | undefined;
	const plugin = new Plugin<AnchorState>({
		key,
		state: {
			init: () => ({ threads: [], ranges: new Map(), active: null, decorations: DecorationSet.empty }),
			apply(tr, prev, _old, state) {
				const meta = tr.getMeta(key) as Meta | undefined;
				const remote = Boolean((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin);
				const threads = meta?.threads ?? prev.threads;
				const active = meta && 'active' in meta ? (meta.active ?? null) : prev.active;
				let ranges = prev.ranges;
				if (meta?.threads || meta?.refresh || remote) ranges = resolve(state, threads) ?? mapRanges(prev.ranges, tr.mapping);
				else if (tr.docChanged && prev.ranges.size) ranges = mapRanges(prev.ranges, tr.mapping);
				if (ranges === prev.ranges && active === prev.active && threads === prev.threads) return prev;
				return { threads, ranges, active, decorations: decorate(state, { threads, ranges, active }) };
			}
		},
		props: {
			decorations: (state) => key.getState(state)?.decorations,
			handleClick(_view, _pos, event) {
				const target = (event.target as Element | null)?.closest?.('[data-thread]');
				const id = target?.getAttribute('data-thread');
				if (id) options.onActivate?.(id);
				return false;
			}
		},
		view: () => ({
			update(view, prevState) {
				const now = key.getState(view.state);
				const before = key.getState(prevState);
				if (now && now.ranges !== before?.ranges) options.onRanges?.(now.ranges);
				// After an edit, read the positions again from Yjs once the binding has caught up
				// (its mapping follows a local change in the ySync plugin's view update).
				if (view.state.doc !== prevState.doc && now?.threads.length) {
					clearTimeout(refreshTimer);
					refreshTimer = setTimeout(() => {
						if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, { refresh: true } satisfies Meta));
					}, 30);
				}
			},
			destroy: () => clearTimeout(refreshTimer)
		})
	});

	const extension = Extension.create({
		name: 'commentAnchors',
		addProseMirrorPlugins: () => [plugin],
		addKeyboardShortcuts: () => ({
			'Mod-Alt-m': () => {
				options.onShortcut?.();
				return Boolean(options.onShortcut);
			}
		})
	});

	function controller(getView: () => EditorView): CommentAnchors {
		const dispatch = (meta: Meta) => {
			const view = getView();
			if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, meta));
		};
		const rangeOf = (id: string) => key.getState(getView().state)?.ranges.get(id) ?? null;
		return {
			setThreads: (threads) => dispatch({ threads }),
			setActive: (active) => dispatch({ active }),
			selectionAnchor() {
				const state = getView().state;
				const { from, to } = state.selection;
				const quote = state.doc.textBetween(from, to, ' ').trim();
				if (from === to || !quote) return null;
				const anchorStart = relative(state, from, 0);
				const anchorEnd = relative(state, to, -1);
				return anchorStart && anchorEnd ? { anchorStart, anchorEnd, quote } : null;
			},
			reveal(id) {
				const view = getView();
				const r = rangeOf(id);
				if (!r || view.isDestroyed) return false;
				view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, r.from, r.to)).scrollIntoView());
				return true;
			},
			topOf(id) {
				const view = getView();
				const r = rangeOf(id);
				if (!r || view.isDestroyed) return null;
				try {
					return view.coordsAtPos(r.from).top;
				} catch {
					return null;
				}
			}
		};
	}

	return { extension, controller };
}
