/**
 * Writes the open rooms' updates to the log. Updates are buffered and written in one
 * transaction for all rooms at most `flushDelayMs` after the first of a batch (one commit per
 * period however many rooms are busy). A room's log is folded into its snapshot once it holds
 * `compactEvery` updates, and when the room leaves memory; each compaction also writes the
 * room's text into the search index (search/room-index.ts), so the index costs nothing per
 * update. Every write runs on one promise chain, so a flush and a compaction never interleave;
 * a failed write keeps its updates and retries.
 */
import { appendBatches, compactRoom, type UpdateAppender } from '../../src/lib/server/collab/persistence';
import type { DB } from '../../src/lib/server/db/index';
import { log } from '../../src/lib/server/log';
import { indexRoomDoc } from '../../src/lib/server/search/room-index';

const RETRY_MS = 1000;

interface RoomLog {
	pending: Uint8Array[];
	/** Log rows not yet folded into the snapshot. */
	logLength: number;
}

export class UpdateWriter {
	private readonly rooms = new Map<string, RoomLog>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private chain: Promise<unknown> = Promise.resolve();
	private stopped = false;

	constructor(
		private readonly db: DB,
		private readonly options: {
			flushDelayMs: number;
			compactEvery: number;
			now(): number;
			/** Writes on the SQLite handle with a prepared statement (persistence.updateAppender); default: through Kysely. */
			append?: UpdateAppender;
		}
	) {}

	private entry(room: string): RoomLog {
		let entry = this.rooms.get(room);
		if (!entry) {
			entry = { pending: [], logLength: 0 };
			this.rooms.set(room, entry);
		}
		return entry;
	}

	/** A room was loaded with `logLength` rows in its log; compacts soon if that is many. */
	opened(room: string, logLength: number): void {
		this.entry(room).logLength = logLength;
		if (logLength >= this.options.compactEvery) void this.compact(room);
	}

	/** Buffers an update; it is written at most `flushDelayMs` later. */
	push(room: string, update: Uint8Array): void {
		this.entry(room).pending.push(update);
		this.schedule(this.options.flushDelayMs);
	}

	/** Updates of `room` waiting to be written. */
	pendingCount(room: string): number {
		return this.rooms.get(room)?.pending.length ?? 0;
	}

	private schedule(delay: number): void {
		if (this.timer || this.stopped) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, delay);
	}

	private enqueue<T>(task: () => Promise<T>): Promise<T> {
		const run = this.chain.then(task);
		this.chain = run.catch(() => undefined);
		return run;
	}

	/** Writes every buffered update now, then compacts the rooms whose log got long. True on success. */
	flush(): Promise<boolean> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		return this.enqueue(async () => {
			const batches: Array<{ room: string; updates: Uint8Array[] }> = [];
			for (const [room, entry] of this.rooms) {
				if (entry.pending.length === 0) continue;
				batches.push({ room, updates: entry.pending });
				entry.pending = [];
			}
			if (batches.length === 0) return true;
			try {
				if (this.options.append) this.options.append(batches, this.options.now());
				else await appendBatches(this.db, batches, this.options.now());
			} catch (e) {
				for (const { room, updates } of batches) {
					const entry = this.entry(room);
					entry.pending = updates.concat(entry.pending);
				}
				log.error('collab: cannot write updates', { rooms: batches.length, error: String(e) });
				this.schedule(RETRY_MS);
				return false;
			}
			for (const { room, updates } of batches) {
				const entry = this.entry(room);
				entry.logLength += updates.length;
				if (entry.logLength >= this.options.compactEvery) await this.compactNow(room);
			}
			return true;
		});
	}

	/** Folds the log of `room` into its snapshot (after the writes already queued). */
	compact(room: string): Promise<boolean> {
		return this.enqueue(() => this.compactNow(room));
	}

	private async compactNow(room: string): Promise<boolean> {
		try {
			const { folded } = await compactRoom(this.db, room, this.options.now(), indexRoomDoc);
			const entry = this.rooms.get(room);
			if (entry) entry.logLength = Math.max(0, entry.logLength - folded);
			return true;
		} catch (e) {
			log.error('collab: cannot compact', { room, error: String(e) });
			return false;
		}
	}

	/** Writes everything and compacts `room`; true when none of its updates is left in memory only. */
	async drain(room: string): Promise<boolean> {
		const flushed = await this.flush();
		if (!flushed || this.pendingCount(room) > 0) return false;
		return this.compact(room);
	}

	/**
	 * Forgets a room whose document is being deleted: its buffered updates are dropped, and the
	 * promise resolves once any write already under way has ended, so that the caller's delete
	 * of the stored rows comes after every write of this room.
	 */
	discard(room: string): Promise<void> {
		this.rooms.delete(room);
		return this.enqueue(async () => undefined);
	}

	/** The room left memory (after a successful drain). */
	forget(room: string): void {
		const entry = this.rooms.get(room);
		if (entry && entry.pending.length === 0) this.rooms.delete(room);
	}

	/** Writes everything, compacts every room, then stops (shutdown). */
	async close(): Promise<void> {
		await this.flush();
		for (const room of [...this.rooms.keys()]) await this.compact(room);
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}
