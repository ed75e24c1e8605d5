/**
 * Persistence of one open room: updates are buffered and appended to the log in one
 * transaction at most `flushDelayMs` after the first of a batch; the log is folded into the
 * snapshot once it holds `compactEvery` updates and when the room leaves memory. Writes of a
 * room run one after another (a promise chain); a failed write keeps its updates and retries.
 */
import { appendUpdates, compactRoom } from '../../src/lib/server/collab/persistence';
import type { DB } from '../../src/lib/server/db/index';
import { log } from '../../src/lib/server/log';

const RETRY_MS = 1000;

export class RoomStore {
	/** Log rows of this room not yet folded into the snapshot. */
	logLength = 0;
	private pending: Uint8Array[] = [];
	private timer: ReturnType<typeof setTimeout> | null = null;
	private chain: Promise<unknown> = Promise.resolve();
	private stopped = false;

	constructor(
		private readonly db: DB,
		private readonly room: string,
		private readonly options: { flushDelayMs: number; compactEvery: number; now(): number }
	) {}

	/** Updates waiting to be written. */
	get pendingCount(): number {
		return this.pending.length;
	}

	/** Buffers an update; the batch is written at most `flushDelayMs` later. */
	push(update: Uint8Array): void {
		this.pending.push(update);
		this.schedule(this.options.flushDelayMs);
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

	/** Writes the buffered updates now (and compacts when the log is long). True on success. */
	flush(): Promise<boolean> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		return this.enqueue(async () => {
			const batch = this.pending;
			if (batch.length === 0) return true;
			this.pending = [];
			try {
				await appendUpdates(this.db, this.room, batch, this.options.now());
			} catch (e) {
				this.pending = batch.concat(this.pending);
				log.error('collab: cannot write updates', { room: this.room, count: batch.length, error: String(e) });
				this.schedule(RETRY_MS);
				return false;
			}
			this.logLength += batch.length;
			if (this.logLength >= this.options.compactEvery) await this.compactNow();
			return true;
		});
	}

	/** Folds the log into the snapshot (after the writes already queued). */
	compact(): Promise<boolean> {
		return this.enqueue(() => this.compactNow());
	}

	private async compactNow(): Promise<boolean> {
		try {
			const { folded } = await compactRoom(this.db, this.room, this.options.now());
			this.logLength = Math.max(0, this.logLength - folded);
			return true;
		} catch (e) {
			log.error('collab: cannot compact', { room: this.room, error: String(e) });
			return false;
		}
	}

	/** Writes everything and compacts; true when nothing is left in memory only. */
	async drain(): Promise<boolean> {
		const flushed = await this.flush();
		if (!flushed || this.pending.length > 0) return false;
		await this.compact();
		return true;
	}

	/** Stops timers (the room is leaving memory or the server stops). */
	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}
