/**
 * The section page's outbox for comments (general discussion, new threads, replies): every
 * comment is first written to this device (localStorage, per account and section), then posted
 * to the page's form action with an idempotency key; it leaves the queue once the server
 * answered. Offline (or when the request fails on the way), it stays, is shown « En attente
 * d’envoi », and is posted again in order when the browser comes back online, when the page
 * opens, and every 30 s: the key makes a retry whose first answer was lost store nothing twice.
 * A refusal by the server (the text too long, the bid submitted, the thread gone) drops it and
 * says why, with the text, so nothing is lost silently.
 */
import { deserialize } from '$app/forms';

export type QueuedKind = 'comment' | 'thread' | 'reply';

export interface QueuedComment {
	key: string;
	kind: QueuedKind;
	fields: Record<string, string>;
	at: number;
}

export type PostOutcome =
	| { status: 'sent'; data: Record<string, unknown> }
	| { status: 'queued' }
	| { status: 'refused'; errors: Record<string, string>; message: string };

const RETRY_MS = 30_000;

function newKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class CommentQueue {
	items = $state<QueuedComment[]>([]);
	#storageKey: string;
	#action: string;
	#onSent: () => Promise<void>;
	#onRefused: (item: QueuedComment, message: string) => void;
	#flushing: Promise<void> | null = null;
	// Bookkeeping of the sending loop, never shown: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#outcomes = new Map<string, PostOutcome>();
	/** Comments whose `post` call is still waiting for its answer. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#awaited = new Set<string>();
	#timer: ReturnType<typeof setInterval> | undefined;
	#online = () => void this.flush();

	/**
	 * @param action the page's path; kinds are its form actions (`?/comment`, `?/thread`, `?/reply`)
	 * @param onSent reloads the page's comments after a post was stored
	 * @param onRefused a queued comment the server refused, posted from the queue (not from its form)
	 */
	constructor(
		userId: string,
		sectionId: string,
		action: string,
		onSent: () => Promise<void>,
		onRefused: (item: QueuedComment, message: string) => void
	) {
		this.#storageKey = `cotrait:comment-queue:${userId}:${sectionId}`;
		this.#action = action;
		this.#onSent = onSent;
		this.#onRefused = onRefused;
		this.items = this.#read();
	}

	/** Starts retrying (online event, timer) and posts what an earlier visit left. Returns the stop function. */
	start(): () => void {
		window.addEventListener('online', this.#online);
		this.#timer = setInterval(() => {
			if (this.items.length) void this.flush();
		}, RETRY_MS);
		void this.flush();
		return () => {
			window.removeEventListener('online', this.#online);
			clearInterval(this.#timer);
		};
	}

	/** Queues a comment and tries to post it (with everything queued before it, in order). */
	async post(kind: QueuedKind, fields: Record<string, string>): Promise<PostOutcome> {
		const item: QueuedComment = { key: newKey(), kind, fields, at: Date.now() };
		this.items = [...this.items, item];
		this.#write();
		this.#awaited.add(item.key);
		try {
			// A flush under way may stop on a network failure before reaching this item: flush again.
			await this.flush();
			if (this.items.some((i) => i.key === item.key)) await this.flush();
		} finally {
			this.#awaited.delete(item.key);
		}
		const outcome = this.#outcomes.get(item.key) ?? { status: 'queued' };
		this.#outcomes.delete(item.key);
		return outcome;
	}

	/** Posts the queue in order; stops at the first network failure. One flush at a time. */
	flush(): Promise<void> {
		this.#flushing ??= this.#drain().finally(() => (this.#flushing = null));
		return this.#flushing;
	}

	async #drain(): Promise<void> {
		// Items queued while draining are picked up by the loop, in order.
		while (this.items.length) {
			if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
			const item = this.items[0];
			if (!item) return;
			const outcome = await this.#send(item);
			if (outcome.status === 'queued') return;
			if (outcome.status === 'sent') await this.#onSent();
			this.items = this.items.filter((i) => i.key !== item.key);
			this.#write();
			// The form that posted it shows its own refusal; a comment posted from the queue later is told here.
			if (this.#awaited.has(item.key)) this.#outcomes.set(item.key, outcome);
			else if (outcome.status === 'refused') this.#onRefused(item, outcome.message);
		}
	}

	async #send(item: QueuedComment): Promise<PostOutcome> {
		const body = new FormData();
		for (const [k, v] of Object.entries(item.fields)) body.set(k, v);
		body.set('clientKey', item.key);
		let text: string;
		try {
			const response = await fetch(`${this.#action}?/${item.kind}`, {
				method: 'POST',
				body,
				headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
			});
			text = await response.text();
		} catch {
			return { status: 'queued' }; // offline or the connection dropped: try again later
		}
		let result: ReturnType<typeof deserialize>;
		try {
			result = deserialize(text);
		} catch {
			return { status: 'queued' }; // not an answer of the page (a proxy's error page): try again later
		}
		if (result.type === 'success') return { status: 'sent', data: (result.data ?? {}) as Record<string, unknown> };
		if (result.type === 'redirect') return { status: 'queued' }; // signed out: posted once signed in again
		if (result.type === 'failure') {
			const data = (result.data ?? {}) as { errors?: Record<string, string>; message?: string };
			const errors = data.errors ?? {};
			return { status: 'refused', errors, message: errors.body ?? errors._form ?? data.message ?? 'Commentaire refusé.' };
		}
		const status = 'status' in result ? result.status : 500;
		if (status && status >= 500) return { status: 'queued' };
		return { status: 'refused', errors: {}, message: 'Ce commentaire ne peut plus être publié ici (fil ou section introuvable).' };
	}

	#read(): QueuedComment[] {
		try {
			const parsed: unknown = JSON.parse(localStorage.getItem(this.#storageKey) ?? '[]');
			return Array.isArray(parsed) ? (parsed as QueuedComment[]).filter((i) => i && typeof i.key === 'string') : [];
		} catch {
			return [];
		}
	}

	#write(): void {
		try {
			if (this.items.length) localStorage.setItem(this.#storageKey, JSON.stringify(this.items));
			else localStorage.removeItem(this.#storageKey);
		} catch {
			// storage full or refused: the queue lives in this page only
		}
	}
}
