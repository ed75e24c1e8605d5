/**
 * One open room: its Y.Doc and awareness, and its connections; its updates go to the writer.
 * The stored state is applied before `ready` resolves; connections queue their messages until
 * then, so the first sync step 1 is answered with the stored document, never with an empty one.
 *
 * Cold load: a room that left memory cleanly is stored as one snapshot. A client that has
 * nothing yet (sync step 1 with an empty state vector, a first visit) needs exactly those bytes,
 * so it is answered with them as soon as they are read, and the room applies them to its
 * document once that answer is written: the client and the server decode the snapshot at the
 * same time instead of one after the other (npm run bench:coldload). Nothing else is answered
 * or applied before `ready`, so the room's state is the stored one until then.
 */
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { applyRoomStorage, readRoomStorage } from '../../src/lib/server/collab/persistence';
import type { DB } from '../../src/lib/server/db/index';
import { DocumentBudget, deepestNesting, type Refusal, type StorageLedger } from './limits';
import { encodeAwareness, encodeSyncStep2, encodeSyncStep2Update, encodeUpdate } from './protocol';
import { binaryFrame } from './frame';
import type { CollabSettings } from './settings';
import { SuggestionGuard } from './suggest-only';
import type { UpdateWriter } from './writer';

/** Transaction origin of the stored state (not written back, not broadcast). */
const LOAD_ORIGIN = Symbol('collab-load');

/**
 * How long a room read as one snapshot waits for a first client's sync step 1 to answer it from
 * the snapshot's bytes before applying them anyway (about a round trip on a poor connection).
 */
const EARLY_ANSWER_WINDOW_MS = 250;

/** What a room needs to know of a connection. */
export interface RoomMember {
	/** Awareness client ids this connection announced. */
	readonly awarenessIds: Set<number>;
	readonly userId: string;
	readonly readOnly: boolean;
	/** May only suggest changes: each update is checked (suggest-only.ts). */
	readonly suggestOnly?: boolean;
	send(message: Uint8Array): void;
	/** Sends a message already framed by {@link binaryFrame} (the same bytes go to every member). */
	sendFrame(frame: Buffer): void;
}

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness: Awareness;
	readonly members = new Set<RoomMember>();
	/** Resolves once the stored state is in `doc`; rejects when it cannot be read. */
	readonly ready: Promise<void>;
	loaded = false;
	/** While loading: the stored snapshot, when it is the whole stored state. */
	private snapshot: Uint8Array | null = null;
	private applyNow: (() => void) | null = null;
	/**
	 * The whole document encoded, while it has not changed since: the stored snapshot right after
	 * a cold load, else the last encoding. Every client that has nothing yet needs exactly these
	 * bytes (40 ms of encoding for a 2 MB section, measured by bench:heavy); dropped at the first
	 * change.
	 */
	private encoded: Uint8Array | null = null;
	/** loadNow() was called: do not wait for a client's early sync step 1. */
	private wanted = false;
	/** Size and storage limits of the document; set once loaded. */
	private budget: DocumentBudget | null = null;
	/** The check of suggest-only connections' updates; exists only while such a connection is here. */
	private suggestions: SuggestionGuard | null = null;
	/** The owner's storage allowance this room spends from (released when the room leaves memory). */
	private readonly storage: ReturnType<StorageLedger['open']>;

	constructor(
		readonly name: string,
		db: DB,
		writer: UpdateWriter,
		private readonly limits: Pick<CollabSettings, 'maxDocumentBytes' | 'maxNestingDepth'>,
		ledger: StorageLedger
	) {
		this.awareness = new Awareness(this.doc);
		this.awareness.setLocalState(null); // the server has no presence of its own

		this.awareness.on(
			'update',
			({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
				const member = this.members.has(origin as RoomMember) ? (origin as RoomMember) : null;
				if (member) {
					for (const id of added) member.awarenessIds.add(id);
					for (const id of updated) member.awarenessIds.add(id);
					for (const id of removed) member.awarenessIds.delete(id);
				}
				// To everyone, the sender included: clients use their own echoed state as a keep-alive.
				this.broadcast(encodeAwareness(this.awareness, added.concat(updated, removed)), null);
			}
		);

		this.storage = ledger.open(name);
		this.ready = Promise.all([readRoomStorage(db, name), this.storage]).then(async ([stored, storage]) => {
			if (stored.snapshot && stored.updates.length === 0 && !this.wanted) {
				this.snapshot = stored.snapshot;
				await new Promise<void>((resolve) => {
					this.applyNow = resolve;
					setTimeout(resolve, EARLY_ANSWER_WINDOW_MS).unref();
				});
			}
			this.snapshot = null;
			this.applyNow = null;
			// Let waiting I/O (other people's requests) run before the synchronous decoding.
			await new Promise<void>((resolve) => setImmediate(resolve));
			const applied = applyRoomStorage(this.doc, name, stored, LOAD_ORIGIN);
			// A snapshot that failed to apply (logged by applyRoomStorage) leaves the document empty.
			if (applied && stored.snapshot && stored.updates.length === 0 && this.doc.store.clients.size > 0 && !this.doc.store.pendingStructs) {
				this.encoded = stored.snapshot;
			}
			// Listened to only now: with a listener, Yjs would also encode the whole loaded state
			// as one update message (measured: a fifth of a 2 MB room's load), to be ignored.
			this.doc.on('update', (update: Uint8Array, origin: unknown) => {
				this.encoded = null;
				this.suggestions?.follow(update);
				writer.push(name, update);
				this.broadcast(encodeUpdate(update), origin);
			});
			const storedBytes = stored.updates.reduce((n, u) => n + u.byteLength, stored.snapshot?.byteLength ?? 0);
			this.budget = new DocumentBudget(
				() => this.encodedState().byteLength,
				limits.maxDocumentBytes,
				storedBytes,
				storage?.allowance ?? null
			);
			this.loaded = true;
			writer.opened(name, stored.updates.length);
		});
	}

	/**
	 * Before the room is loaded: the sync step 2 answering a client whose state vector is
	 * `stateVector`, when the stored snapshot is that answer (the client has nothing); else null
	 * (the step 1 waits for the load). Call {@link earlyAnswerWritten} once it is sent.
	 */
	earlyAnswer(stateVector: Uint8Array): Uint8Array | null {
		if (!this.snapshot || Y.decodeStateVector(stateVector).size !== 0) return null;
		return encodeSyncStep2Update(this.snapshot);
	}

	/** An early answer is on its way: apply the stored state now. */
	earlyAnswerWritten(): void {
		this.applyNow?.();
	}

	/** The whole document as one update (cached while it does not change). */
	encodedState(): Uint8Array {
		return (this.encoded ??= Y.encodeStateAsUpdate(this.doc));
	}

	/** Sync step 2 answering `stateVector`: the cached whole state for a client that has nothing. */
	syncStep2For(stateVector: Uint8Array): Uint8Array {
		if (Y.decodeStateVector(stateVector).size === 0) return encodeSyncStep2Update(this.encodedState());
		return encodeSyncStep2(this.doc, stateVector);
	}

	/** Someone needs the document itself (not only its bytes): stop waiting for an early answer. */
	loadNow(): void {
		this.wanted = true;
		this.applyNow?.();
	}

	/** Why a writer's update may not be applied to the loaded room, or null. */
	refusal(update: Uint8Array): Refusal | null {
		const budget = this.budget!;
		const refusal = budget.check(update);
		if (refusal) return refusal;
		return deepestNesting(this.doc, update, this.limits.maxNestingDepth) > this.limits.maxNestingDepth ? 'too-deep' : null;
	}

	/** True when a suggest-only connection's update only suggests changes (suggest-only.ts). */
	onlySuggests(update: Uint8Array): boolean {
		this.suggestions ??= new SuggestionGuard(this.doc, () => this.encodedState());
		return this.suggestions.onlySuggests(update);
	}

	/** A writer's update was applied (after {@link refusal} said yes). */
	accepted(update: Uint8Array): void {
		this.budget!.applied(update);
	}

	/** True when a member other than `except` announced awareness client id `clientId`. */
	awarenessHolder(clientId: number, except: RoomMember): boolean {
		for (const member of this.members) if (member !== except && member.awarenessIds.has(clientId)) return true;
		return false;
	}

	/** Connections of this room matching `predicate`. */
	count(predicate: (member: RoomMember) => boolean): number {
		let n = 0;
		for (const member of this.members) if (predicate(member)) n++;
		return n;
	}

	/** Sends to every member except `except`: framed once, the same bytes written to each socket. */
	broadcast(message: Uint8Array, except: unknown): void {
		if (this.members.size === 0 || (this.members.size === 1 && this.members.has(except as RoomMember))) return;
		const frame = binaryFrame(message);
		for (const member of this.members) if (member !== except) member.sendFrame(frame);
	}

	add(member: RoomMember): void {
		this.members.add(member);
	}

	/** Removes a member and the awareness states it announced. */
	remove(member: RoomMember): void {
		if (!this.members.delete(member)) return;
		if (this.suggestions && this.count((m) => m.suggestOnly === true) === 0) {
			this.suggestions.discard();
			this.suggestions = null;
		}
		if (member.awarenessIds.size > 0) removeAwarenessStates(this.awareness, [...member.awarenessIds], null);
	}

	/** Frees memory; the room must have been drained first. */
	destroy(): void {
		this.storage.then(
			(s) => s?.release(),
			() => undefined
		);
		this.suggestions?.discard();
		this.awareness.destroy();
		this.doc.destroy();
	}
}
