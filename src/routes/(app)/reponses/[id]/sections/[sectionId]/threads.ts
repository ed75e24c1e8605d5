/** The shapes the comment threads' components share: a thread as shown (stored, or still in this device's queue) and where its text is. */

export interface ShownComment {
	id: string;
	author: { id: string; name: string };
	body: string;
	/** null: still in this device's queue (« En attente d’envoi »). */
	createdAt: number | null;
	mentions: Array<{ id: string; name: string }>;
}

export interface ShownThread {
	id: string;
	anchorStart: string;
	anchorEnd: string;
	quote: string;
	author: { id: string; name: string };
	comments: ShownComment[];
	resolvedAt: number | null;
	resolvedBy: { id: string; name: string } | null;
	canResolve: boolean;
	/** Not stored yet: opened offline on this device. */
	pending: boolean;
}

/** Where a thread's text is now: in the text at `from`, deleted, or not known yet (editor loading). */
export type Place = { kind: 'here'; from: number } | { kind: 'deleted' } | { kind: 'unknown' };

export type ReplyOutcome = { error?: string };
