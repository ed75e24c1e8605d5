/**
 * The section page's comments, browser side: the editor's highlights (through the lazily loaded
 * editor's `comments` controller), the active thread, the passage being commented, and every
 * post through the device's queue (CommentQueue: offline, « En attente d’envoi », one comment
 * per idempotency key). The threads shown are the page's stored ones plus those still queued here.
 */
import { tick } from 'svelte';
import type { EditorHandle } from '$lib/collab/editor';
import type { ThreadRange } from '$lib/collab/comment-anchors';
import { CommentQueue, type PostOutcome, type QueuedComment } from '$lib/comments/comment-queue.svelte';
import { toasts } from '$lib/components/ui/toasts.svelte';
import type { PageData } from './$types';
import type { Place, ReplyOutcome, ShownComment, ShownThread } from './threads';

type Draft = { anchorStart: string; anchorEnd: string; quote: string };

const QUEUED = 'Hors ligne : votre commentaire est gardé sur cet appareil et sera envoyé au retour de la connexion.';

function samePlaces(a: ReadonlyMap<string, Place>, b: ReadonlyMap<string, Place>): boolean {
	if (a.size !== b.size) return false;
	for (const [id, p] of a) {
		const q = b.get(id);
		if (!q || q.kind !== p.kind || (p.kind === 'here' && q.kind === 'here' && p.from !== q.from)) return false;
	}
	return true;
}

export class SectionComments {
	handle = $state.raw<EditorHandle | null>(null);
	/** Replaced whole on every change (never mutated), so a plain Map in raw state. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	places = $state.raw<ReadonlyMap<string, Place>>(new Map());
	active = $state<string | null>(null);
	draft = $state.raw<Draft | null>(null);
	hint = $state<string | null>(null);
	queue: CommentQueue;
	#me: { id: string; name: string };

	constructor(me: { id: string; name: string }, sectionId: string, path: string, reload: () => Promise<void>) {
		this.#me = me;
		this.queue = new CommentQueue(me.id, sectionId, path, reload, (item, message) =>
			toasts.show(`Commentaire non publié (${message}) : « ${item.fields.body ?? ''} »`, 'error')
		);
	}

	/** Options handed to the editor (see comment-anchors.ts). */
	editorOptions = {
		onRanges: (ranges: ReadonlyMap<string, ThreadRange>) => {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built here, then replaces `places` whole
			const places = new Map<string, Place>();
			for (const [id, r] of ranges) places.set(id, r ? { kind: 'here', from: r.from } : { kind: 'deleted' });
			if (!samePlaces(this.places, places)) this.places = places;
		},
		onActivate: (id: string) => void this.focusThread(id, false),
		onShortcut: () => this.start()
	};

	/** The stored threads and the ones still in this device's queue, with queued replies added. */
	shown(threads: PageData['threads']): ShownThread[] {
		const pending = (item: QueuedComment): ShownComment => ({
			id: item.key,
			author: this.#me,
			body: item.fields.body ?? '',
			createdAt: null,
			mentions: []
		});
		const stored: ShownThread[] = threads.map((t) => ({
			...t,
			pending: false,
			comments: [...t.comments, ...this.queue.items.filter((i) => i.kind === 'reply' && i.fields.threadId === t.id).map(pending)]
		}));
		const queued: ShownThread[] = this.queue.items
			.filter((i) => i.kind === 'thread')
			.map((i) => ({
				id: i.key,
				anchorStart: i.fields.anchorStart ?? '',
				anchorEnd: i.fields.anchorEnd ?? '',
				quote: i.fields.quote ?? '',
				author: this.#me,
				comments: [pending(i)],
				resolvedAt: null,
				resolvedBy: null,
				canResolve: false,
				pending: true
			}));
		return [...stored, ...queued];
	}

	/** Queued general-discussion comments. */
	pendingGeneral(): ShownComment[] {
		return this.queue.items
			.filter((i) => i.kind === 'comment')
			.map((i) => ({ id: i.key, author: this.#me, body: i.fields.body ?? '', createdAt: null, mentions: [] }));
	}

	/** Hands the threads to the editor's highlights. */
	sync(threads: ShownThread[]): void {
		this.handle?.comments.setThreads(
			threads.map((t) => ({ id: t.id, start: t.anchorStart, end: t.anchorEnd, resolved: t.resolvedAt !== null }))
		);
		this.handle?.comments.setActive(this.active);
	}

	/** « Commenter »: the selected passage becomes the draft. */
	start(): void {
		this.hint = null;
		if (!this.handle) {
			this.hint = 'Le texte se charge encore : réessayez dans un instant.';
			return;
		}
		const anchor = this.handle.comments.selectionAnchor();
		if (!anchor) {
			this.hint = 'Sélectionnez d’abord le passage à commenter dans le texte.';
			return;
		}
		this.draft = anchor;
		this.active = null;
	}

	cancel(): void {
		this.draft = null;
		this.handle?.editor.commands.focus();
	}

	/** Makes a thread active: emphasised beside the text and in it; `reveal` also selects its text. */
	async focusThread(id: string, reveal: boolean): Promise<void> {
		this.active = id;
		this.handle?.comments.setActive(id);
		if (reveal) this.handle?.comments.reveal(id);
		await tick();
		document.querySelector(`[data-thread-card="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
	}

	async create(body: string): Promise<ReplyOutcome> {
		const draft = this.draft;
		if (!draft) return { error: 'Sélectionnez d’abord le passage à commenter dans le texte.' };
		const outcome = await this.#post('thread', { ...draft, body }, (o) => {
			this.draft = null;
			const id = o.data.threadId;
			if (typeof id === 'string') void this.focusThread(id, false);
		});
		if (!outcome.error && this.draft === draft) this.draft = null;
		return outcome;
	}

	reply(threadId: string, body: string): Promise<ReplyOutcome> {
		return this.#post('reply', { threadId, body });
	}

	general(body: string): Promise<ReplyOutcome> {
		return this.#post('comment', { body });
	}

	async #post(
		kind: 'thread' | 'reply' | 'comment',
		fields: Record<string, string>,
		sent?: (o: Extract<PostOutcome, { status: 'sent' }>) => void
	): Promise<ReplyOutcome> {
		if (!fields.body?.trim()) return { error: 'Commentaire : écrivez un message.' };
		const outcome = await this.queue.post(kind, fields);
		if (outcome.status === 'refused') return { error: outcome.message };
		if (outcome.status === 'queued') toasts.show(QUEUED, 'info');
		else {
			sent?.(outcome);
			if (typeof outcome.data.saved === 'string') toasts.show(outcome.data.saved);
		}
		return {};
	}
}
