/**
 * One WebSocket connection to a room: rate limit, queueing until the room is loaded, and the
 * sync/awareness handling with a read-only flag. A read-only connection's document updates
 * (sync step 2 and update messages) are dropped, never applied nor broadcast; it still gets
 * everyone's updates and takes part in awareness. Nothing thrown while handling a frame
 * escapes: a malformed frame closes this connection only.
 */
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { CLOSE_POLICY } from '../../src/lib/collab/close-codes';
import { encodeAwareness, encodeRoomNotice, encodeSyncStep1, encodeSyncStep2, parseMessage } from './protocol';
import { TokenBucket } from './rate-limit';
import type { Room, RoomMember } from './room';
import type { CollabSettings } from './settings';

/** Bytes queued towards a client that stopped reading before it is cut off (it re-syncs on reconnect). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export class Connection implements RoomMember {
	readonly awarenessIds = new Set<number>();
	/** Answered the last ping (keep-alive). */
	alive = true;
	closed = false;
	private queue: Uint8Array[] | null = [];
	private queuedBytes = 0;
	private readonly bucket: TokenBucket;

	constructor(
		readonly ws: WebSocket,
		readonly room: Room,
		readonly userId: string,
		/** The session the socket was opened with: signing out or its expiry closes the socket. */
		readonly sessionId: string,
		readonly access: 'write' | 'read',
		private readonly settings: CollabSettings
	) {
		this.bucket = new TokenBucket(settings.rateLimit.burst, settings.rateLimit.perSecond);
	}

	get readOnly(): boolean {
		return this.access === 'read';
	}

	/** A frame from the socket (copied: ws may hand out views of pooled memory). */
	receive(data: Buffer | ArrayBuffer | Buffer[]): void {
		if (this.closed) return;
		if (!this.bucket.take()) {
			this.close(CLOSE_POLICY, 'rate limit exceeded');
			return;
		}
		const frame = Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data);
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
			const { doc, awareness } = this.room;
			switch (message.kind) {
				case 'sync-step1':
					this.send(encodeSyncStep2(doc, message.stateVector));
					break;
				case 'sync-step2':
				case 'update':
					if (!this.readOnly) this.applyUpdate(message.update);
					break;
				case 'awareness':
					applyAwarenessUpdate(awareness, message.update, this);
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
		try {
			Y.applyUpdate(doc, update, this);
		} finally {
			if (doc.store.pendingStructs || doc.store.pendingDs) {
				doc.store.pendingStructs = null;
				doc.store.pendingDs = null;
				this.send(encodeSyncStep1(doc));
			}
		}
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
