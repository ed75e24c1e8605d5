/**
 * Co-written text into the search index: a room's document as stored, indexed when the
 * collaboration server compacts it (every `compactEvery` updates and when the room leaves
 * memory; server/collab/writer.ts, in the compaction's transaction), never per update; and at
 * start, every record whose stored document is newer than its indexed text (the upgrade's
 * backfill, or a crash between a write and its compaction).
 */
import type * as Y from 'yjs';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { loadRoomDoc } from '../collab/persistence';
import { docToPlainText } from '../collab/text';
import { log } from '../log';
import { indexedRoom, SEARCH_KINDS, type SearchKind } from './kinds';
import { setIndexedBody, staleRoomEntries } from './search.repository';

/** Indexes the text of `doc`, the stored state of `room` at `storedAt`; nothing for rooms the search does not cover. */
export async function indexRoomDoc(db: DB, room: string, doc: Y.Doc, storedAt: number): Promise<void> {
	const target = indexedRoom(room);
	if (!target) return;
	await setIndexedBody(db, target.kind, target.entityId, docToPlainText(doc), storedAt);
}

/**
 * Brings every co-written text up to its stored state, one room at a time, yielding to the event
 * loop between rooms so that a large backfill never holds up requests. Returns how many were indexed.
 */
export async function catchUpRoomIndex(ctx: Pick<AppContext, 'db'>): Promise<number> {
	let indexed = 0;
	const started = Date.now();
	for (const [kind, info] of Object.entries(SEARCH_KINDS) as Array<[SearchKind, (typeof SEARCH_KINDS)[SearchKind]]>) {
		if (!info.roomPrefix) continue;
		for (const { entityId, storedAt } of await staleRoomEntries(ctx.db, kind, info.roomPrefix)) {
			const doc = await loadRoomDoc(ctx.db, info.roomPrefix + entityId);
			if (!doc) continue;
			try {
				await setIndexedBody(ctx.db, kind, entityId, docToPlainText(doc), storedAt);
				indexed++;
			} finally {
				doc.destroy();
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
	}
	if (indexed > 0) log.info('search: co-written texts indexed', { indexed, ms: Date.now() - started });
	return indexed;
}
