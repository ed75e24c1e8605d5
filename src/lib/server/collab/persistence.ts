/**
 * Storage of co-written documents (one Yjs document per room, e.g. "section/<sectionId>"):
 * an append-only log of Yjs updates (`collab_updates`) folded from time to time into one
 * snapshot per room (`collab_snapshots`).
 *
 * Compaction and loading apply the snapshot and the logged updates to a Y.Doc and re-encode the
 * state: linear in practice, whereas one flat `Y.mergeUpdates` over thousands of updates is
 * super-linear (see docs/ARCHITECTURE.md, principle 8). Updates are applied in Yjs transactions
 * of APPLY_BATCH updates: one transaction per update pays the transaction overhead 50 000 times,
 * while one single transaction keeps every inserted item unmerged until its end and slows each
 * later lookup. Measured on a 50 000-update typing history with cursor jumps: one transaction
 * 400 ms, one per update 490 ms, batches of 1 000 about 190 ms (npm run bench:coldload).
 *
 * Plain repository functions taking `db` (or a transaction) first, usable by SvelteKit code
 * (exports, version snapshots) even when nobody is connected. While a room is open on the
 * collaboration server, its in-memory document is the newest state: the log lags it by at most
 * the server's flush delay (~100 ms).
 */
import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../db/schema';
import { log } from '../log';

type Db = Kysely<Database>;

/** Rows per INSERT statement (keeps well under SQLite's bound-parameter limit). */
const INSERT_CHUNK = 300;
/** Updates applied per Yjs transaction when loading or compacting. */
const APPLY_BATCH = 1000;

export interface StoredRoom {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	/** Id of the last log row read (0 when none). */
	lastId: number;
}

function toBuffer(data: Uint8Array): Buffer {
	return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

async function readStored(db: Db, room: string): Promise<StoredRoom> {
	const snap = await db.selectFrom('collab_snapshots').select('state').where('room', '=', room).executeTakeFirst();
	const rows = await db.selectFrom('collab_updates').select(['id', 'data']).where('room', '=', room).orderBy('id').execute();
	return {
		snapshot: snap ? new Uint8Array(snap.state) : null,
		updates: rows.map((r) => r.data),
		lastId: rows.length > 0 ? rows[rows.length - 1]!.id : 0
	};
}

/**
 * Applies a snapshot and updates to `doc`, APPLY_BATCH updates per Yjs transaction. An update
 * that fails to apply is skipped (and logged) rather than making the whole room unreadable.
 */
function applyStored(doc: Y.Doc, room: string, stored: StoredRoom, origin: unknown): void {
	let skipped = 0;
	const all = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	for (let start = 0; start < all.length; start += APPLY_BATCH) {
		doc.transact(() => {
			for (let i = start; i < Math.min(all.length, start + APPLY_BATCH); i++) {
				try {
					Y.applyUpdate(doc, all[i]!, origin);
				} catch {
					skipped++;
				}
			}
		}, origin);
	}
	if (skipped > 0) log.warn('collab: stored updates could not be applied', { room, skipped });
}

/** Reads the snapshot and the log of a room consistently (no compaction can run in between). */
function readConsistent(db: Db, room: string): Promise<StoredRoom> {
	// Inside a caller's transaction the reads are already consistent.
	if (db.isTransaction) return readStored(db, room);
	return db.transaction().execute((trx) => readStored(trx, room));
}

/** The stored snapshot and log of `room`, read consistently; apply them with {@link applyRoomStorage}. */
export function readRoomStorage(db: Db, room: string): Promise<StoredRoom> {
	return readConsistent(db, room);
}

/** Applies what {@link readRoomStorage} read to `doc` (with `origin`); false when nothing was stored. */
export function applyRoomStorage(doc: Y.Doc, room: string, stored: StoredRoom, origin: unknown = null): boolean {
	const found = stored.snapshot !== null || stored.updates.length > 0;
	if (found) applyStored(doc, room, stored, origin);
	return found;
}

/**
 * Applies the stored state of `room` to `doc` (with `origin`).
 * Returns whether anything was stored and how many log rows are not yet compacted.
 */
export async function applyStoredState(
	db: Db,
	room: string,
	doc: Y.Doc,
	origin: unknown = null
): Promise<{ found: boolean; logLength: number }> {
	const stored = await readConsistent(db, room);
	return { found: applyRoomStorage(doc, room, stored, origin), logLength: stored.updates.length };
}

/** The stored document of a room as a fresh Y.Doc, or null when nothing was ever stored. */
export async function loadRoomDoc(db: Db, room: string): Promise<Y.Doc | null> {
	const doc = new Y.Doc();
	const { found } = await applyStoredState(db, room, doc);
	if (!found) {
		doc.destroy();
		return null;
	}
	return doc;
}

/** The stored state of a room encoded as one Yjs update, or null when nothing was ever stored. */
export async function loadRoomState(db: Db, room: string): Promise<Uint8Array | null> {
	const doc = await loadRoomDoc(db, room);
	if (!doc) return null;
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

/** Appends Yjs updates to the log of a room, in one transaction. */
export async function appendUpdates(db: Db, room: string, updates: readonly Uint8Array[], now = Date.now()): Promise<void> {
	await appendBatches(db, [{ room, updates }], now);
}

/** Appends the updates of several rooms to the log, in one transaction. */
export async function appendBatches(
	db: Db,
	batches: ReadonlyArray<{ room: string; updates: readonly Uint8Array[] }>,
	now = Date.now()
): Promise<void> {
	const rows = batches.flatMap(({ room, updates }) => updates.map((u) => ({ room, data: toBuffer(u), created_at: now })));
	if (rows.length === 0) return;
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
			await trx
				.insertInto('collab_updates')
				.values(rows.slice(i, i + INSERT_CHUNK))
				.execute();
		}
	});
}

/** Appends batches of updates to the log synchronously, in one SQLite transaction (see {@link updateAppender}). */
export type UpdateAppender = (batches: ReadonlyArray<{ room: string; updates: readonly Uint8Array[] }>, now: number) => void;

/**
 * The collaboration server's write path: one prepared INSERT run for every update, all of them in
 * one transaction, straight on the better-sqlite3 handle. Through Kysely, each flush compiled its
 * INSERT again and copied every row into an object first: a sixth of the server's CPU under
 * 2 000 editors (npm run bench:collab -- --editors 2000 --profile DIR). Same rows, same table.
 */
export function updateAppender(sqlite: SQLite.Database): UpdateAppender {
	const insert = sqlite.prepare('INSERT INTO collab_updates (room, data, created_at) VALUES (?, ?, ?)');
	const write = sqlite.transaction((batches: ReadonlyArray<{ room: string; updates: readonly Uint8Array[] }>, now: number) => {
		for (const { room, updates } of batches) for (const u of updates) insert.run(room, toBuffer(u), now);
	});
	return (batches, now) => write(batches, now);
}

/** Runs on the document a compaction has just stored, inside its transaction (e.g. the search index). */
export type AfterCompaction = (trx: Db, room: string, doc: Y.Doc, storedAt: number) => Promise<void>;

/**
 * Folds the log of a room into its snapshot, in one SQL transaction: the snapshot and every
 * logged update are applied to a fresh Y.Doc, the state is re-encoded and the folded rows
 * deleted; `after` then reads that document in the same transaction. Returns how many log rows
 * were folded and the snapshot size.
 */
export async function compactRoom(
	db: Db,
	room: string,
	now = Date.now(),
	after?: AfterCompaction
): Promise<{ folded: number; bytes: number }> {
	return db.transaction().execute(async (trx) => {
		// Write first, read after: a transaction that reads and then writes cannot wait for another
		// connection's write to end (SQLite answers « database is locked » at once, whatever the busy
		// timeout), and several processes write this file (docs/CAPACITY.md). This update, which changes
		// nothing (the row keeps its date: the search catch-up compares it), takes
		// the write lock — waiting for it if need be — before anything is read.
		await trx
			.updateTable('collab_snapshots')
			.set((eb) => ({ updated_at: eb.ref('updated_at') }))
			.where('room', '=', room)
			.execute();
		const stored = await readStored(trx, room);
		if (stored.updates.length === 0) return { folded: 0, bytes: stored.snapshot?.byteLength ?? 0 };
		const doc = new Y.Doc();
		applyStored(doc, room, stored, null);
		const state = Y.encodeStateAsUpdate(doc);
		try {
			await after?.(trx, room, doc, now);
		} finally {
			doc.destroy();
		}
		await trx
			.insertInto('collab_snapshots')
			.values({ room, state: toBuffer(state), updated_at: now })
			.onConflict((oc) => oc.column('room').doUpdateSet({ state: toBuffer(state), updated_at: now }))
			.execute();
		await trx.deleteFrom('collab_updates').where('room', '=', room).where('id', '<=', stored.lastId).execute();
		return { folded: stored.updates.length, bytes: state.byteLength };
	});
}

/** Bytes stored for a room (snapshot and log) and the number of log rows. */
export async function roomStorageSize(db: Db, room: string): Promise<{ snapshotBytes: number; logBytes: number; logLength: number }> {
	const stored = await readConsistent(db, room);
	return {
		snapshotBytes: stored.snapshot?.byteLength ?? 0,
		logBytes: stored.updates.reduce((n, u) => n + u.byteLength, 0),
		logLength: stored.updates.length
	};
}

/** Deletes everything stored for a room (its section was deleted); run it in the caller's transaction. */
export async function deleteRoom(db: Db, room: string): Promise<void> {
	await db.deleteFrom('collab_updates').where('room', '=', room).execute();
	await db.deleteFrom('collab_snapshots').where('room', '=', room).execute();
}
