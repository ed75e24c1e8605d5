/**
 * One WebSocket connection to a room: rate limits, queueing until the room is loaded, and the
 * sync/awareness handling with a read-only flag. A suggest-only connection's updates are applied
 * only when they suggest changes and leave the settled text alone (suggest-only.ts). A read-only connection's document updates
 * (sync step 2 and update messages) are dropped, never applied nor broadcast; it still gets
 * everyone's updates and takes part in awareness. Nothing thrown while handling a frame
 * escapes: a malformed frame closes this connection only.
 *
 * A writer's update is paid for from two byte budgets (this connection's and its person's, over
 * all their connections) and must pass the room's limits (size, nesting, storage) before it is
 * applied; a refused update closes the connection and leaves the room as it was.
 *
 * Awareness (presence): a connection speaks for one awareness client id, the first it announces
 * that no other connection of the room holds; entries for other ids are dropped. The server
 * writes the `user` field of every state itself (the authenticated person's id, name and
 * colour), so nobody can appear under another name; states are size- and rate-limited.
 */
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import {
	CLOSE_DOCUMENT_TOO_LARGE,
	CLOSE_NOT_A_SUGGESTION,
	CLOSE_POLICY,
	CLOSE_STORAGE_FULL,
	CLOSE_WRITE_RATE
} from '../../src/lib/collab/close-codes';
import { userColor } from '../../src/lib/collab/colors';
import {
	decodeAwarenessEntries,
	encodeAwareness,
	encodeAwarenessEntries,
	encodeRoomNotice,
	encodeSyncStep1,
	parseMessage,
	type AwarenessEntry
} from './protocol';
import { writeFrame } from './frame';
import { TokenBucket } from './rate-limit';
import type { Room, RoomMember } from './room';
import type { CollabSettings } from './settings';

/** Bytes queued towards a client that stopped reading before it is cut off (it re-syncs on reconnect). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Who is connected: the authenticated person and the access the room policy gave them. */
export interface ConnectionIdentity {
	userId: string;
	userName: string;
	/** The session the socket was opened with: signing out or its expiry closes the socket. */
	sessionId: string;
	access: 'write' | 'suggest' | 'read';
}

export class Connection implements RoomMember {
	readonly awarenessIds = new Set<number>();
	readonly userId: string;
	readonly sessionId: string;
	readonly access: 'write' | 'suggest' | 'read';
	/** The awareness client id this connection speaks for (the first it announced). */
	private awarenessId: number | null = null;
	/** The `user` field the server writes into this connection's awareness state. */
	private readonly stamp: { id: string; name: string; color: string };
	/** Answered the last ping (keep-alive). */
	alive = true;
	closed = false;
	private queue: Uint8Array[] | null = [];
	private queuedBytes = 0;
	private readonly bucket: TokenBucket;
	private readonly writeBudget: TokenBucket;
	private readonly awarenessBudget: TokenBucket;

	constructor(
		readonly ws: WebSocket,
		/** The socket under `ws`, for frames built once per broadcast (frame.ts). */
		private readonly socket: Duplex,
		readonly room: Room,
		identity: ConnectionIdentity,
		private readonly settings: CollabSettings,
		/** The person's byte budget, shared by all their connections. */
		private readonly userWriteBudget: TokenBucket
	) {
		this.userId = identity.userId;
		this.sessionId = identity.sessionId;
		this.access = identity.access;
		this.stamp = { id: identity.userId, name: identity.userName, color: userColor(identity.userId) };
		this.bucket = new TokenBucket(settings.rateLimit.burst, settings.rateLimit.perSecond);
		const { connection } = settings.writeBudget;
		this.writeBudget = new TokenBucket(connection.burst, connection.perSecond);
		const { budget } = settings.awareness;
		this.awarenessBudget = new TokenBucket(budget.burst, budget.perSecond);
	}

	get readOnly(): boolean {
		return this.access === 'read';
	}

	get suggestOnly(): boolean {
		return this.access === 'suggest';
	}

	/**
	 * A frame from the socket. Not copied: ws hands each message over as a Buffer of its own (a
	 * socket read's memory, never reused), and nothing keeps a view of it beyond the load queue
	 * (Yjs re-encodes what the room stores and broadcasts).
	 */
	receive(data: Buffer | ArrayBuffer | Buffer[]): void {
		if (this.closed) return;
		if (!this.bucket.take()) {
			this.close(CLOSE_POLICY, 'rate limit exceeded');
			return;
		}
		const frame: Uint8Array = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
		if (this.queue) {
			if (this.answerEarly(frame)) return;
			this.queuedBytes += frame.byteLength;
			if (this.queuedBytes > this.settings.maxQueuedBytes) this.close(CLOSE_POLICY, 'too much data while loading');
			else this.queue.push(frame);
			return;
		}
		this.handle(frame);
	}

	/**
	 * While the room loads, a first sync step 1 from a client that has nothing is answered from the
	 * stored snapshot (see Room.earlyAnswer); every other frame waits. True when answered.
	 */
	private answerEarly(frame: Uint8Array): boolean {
		if (this.queue!.length > 0) return false; // keep the client's order
		let message;
		try {
			message = parseMessage(frame);
		} catch {
			return false; // handled (refused) with the queue, after the load
		}
		if (message.kind !== 'sync-step1') return false;
		let answer: Uint8Array | null;
		try {
			answer = this.room.earlyAnswer(message.stateVector);
		} catch {
			return false; // a malformed state vector: refused after the load, like any other frame
		}
		if (!answer) return false;
		this.send(answer, () => this.room.earlyAnswerWritten());
		return true;
	}

	/** The room is loaded: greet the client, then handle what it sent meanwhile. */
	start(): void {
		if (this.closed) return;
		const doc = this.room.doc;
		// Ask the client for what the server lacks. A read-only client's answer is dropped, but the
		// state vector lets it see that it holds text the server will not take (typed offline in a
		// section locked meanwhile) and say so instead of losing it silently.
		if (this.readOnly) this.send(encodeRoomNotice('read-only'));
		this.send(encodeSyncStep1(doc));
		const states = [...this.room.awareness.getStates().keys()];
		if (states.length > 0) this.send(encodeAwareness(this.room.awareness, states));
		const queued = this.queue ?? [];
		this.queue = null;
		this.queuedBytes = 0;
		for (const frame of queued) {
			if (this.closed) break;
			this.handle(frame);
		}
	}

	private handle(frame: Uint8Array): void {
		try {
			const message = parseMessage(frame);
			const { awareness } = this.room;
			switch (message.kind) {
				case 'sync-step1':
					this.send(this.room.syncStep2For(message.stateVector));
					break;
				case 'sync-step2':
				case 'update':
					if (!this.readOnly) this.applyUpdate(message.update);
					break;
				case 'awareness':
					this.applyAwareness(message.update);
					break;
				case 'query-awareness': {
					const states = [...awareness.getStates().keys()];
					if (states.length > 0) this.send(encodeAwareness(awareness, states));
					break;
				}
			}
		} catch {
			this.close(CLOSE_POLICY, 'malformed message');
		}
	}

	/**
	 * Applies a client's update to the room. Yjs keeps the parts of an update whose dependencies
	 * it lacks as "pending" and merges them into every later encoding of the document: a forged
	 * or damaged update left pending makes the encoded state (what new clients and the snapshot
	 * get) differ from the document, or fail to load. A y-websocket client never needs that (it
	 * only refers to what it got from this server, and its sync step 2 carries whatever the
	 * server lacks), so pending parts are dropped and the client asked again for what the server
	 * lacks; an update that fails to apply is dropped the same way before the connection closes.
	 */
	private applyUpdate(update: Uint8Array): void {
		const { doc } = this.room;
		if (!this.writeBudget.take(update.byteLength) || !this.userWriteBudget.take(update.byteLength)) {
			this.close(CLOSE_WRITE_RATE, 'write rate exceeded');
			return;
		}
		const refusal = this.room.refusal(update);
		if (refusal) {
			this.close(refusal === 'storage-full' ? CLOSE_STORAGE_FULL : CLOSE_DOCUMENT_TOO_LARGE, `update refused: ${refusal}`);
			return;
		}
		// A suggest-only connection may add suggestions, never change the settled text (suggest-only.ts).
		if (this.suggestOnly && !this.room.onlySuggests(update)) {
			this.close(CLOSE_NOT_A_SUGGESTION, 'update refused: not a suggestion');
			return;
		}
		try {
			Y.applyUpdate(doc, update, this);
			this.room.accepted(update);
		} finally {
			if (doc.store.pendingStructs || doc.store.pendingDs) {
				doc.store.pendingStructs = null;
				doc.store.pendingDs = null;
				this.send(encodeSyncStep1(doc));
			}
		}
	}

	/**
	 * Applies the entries of an awareness update that speak for this connection's client id,
	 * with the `user` field written by the server. Too large or too frequent: closes (1008).
	 */
	private applyAwareness(update: Uint8Array): void {
		if (!this.awarenessBudget.take(update.byteLength)) {
			this.close(CLOSE_POLICY, 'awareness rate exceeded');
			return;
		}
		const kept: AwarenessEntry[] = [];
		for (const entry of decodeAwarenessEntries(update)) {
			if (Buffer.byteLength(entry.state) > this.settings.awareness.maxStateBytes) {
				this.close(CLOSE_POLICY, 'awareness state too large');
				return;
			}
			if (this.awarenessId === null) {
				if (this.room.awarenessHolder(entry.clientId, this)) continue; // another connection's id
				this.awarenessId = entry.clientId;
			} else if (entry.clientId !== this.awarenessId) continue;
			const state: unknown = JSON.parse(entry.state);
			if (state === null) kept.push(entry);
			else if (typeof state === 'object' && !Array.isArray(state)) {
				kept.push({ ...entry, state: JSON.stringify({ ...state, user: this.stamp }) });
			}
		}
		if (kept.length > 0) applyAwarenessUpdate(this.room.awareness, encodeAwarenessEntries(kept), this);
	}

	/** Sends a frame; `written` runs once it is handed to the socket (or could not be). */
	send(message: Uint8Array, written?: () => void): void {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) {
			written?.();
			return;
		}
		if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			this.closed = true;
			this.ws.terminate();
			written?.();
			return;
		}
		try {
			this.ws.send(message, (err) => {
				written?.();
				if (err) this.close(CLOSE_POLICY, 'send failed');
			});
		} catch {
			written?.();
			this.close(CLOSE_POLICY, 'send failed');
		}
	}

	/** Sends a frame built once for every member of the room (Room.broadcast). */
	sendFrame(frame: Buffer): void {
		if (this.closed) return;
		if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			this.closed = true;
			this.ws.terminate();
			return;
		}
		try {
			writeFrame(this.ws, this.socket, frame);
		} catch {
			this.close(CLOSE_POLICY, 'send failed');
		}
	}

	/** Closes with a code the client can read; further frames are ignored. */
	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}
}
