/**
 * The search index's SQL: the ranked query over the scopes a person may see, the Yjs-held texts
 * written into it, and the reads that name what a hit belongs to. The index itself
 * (`search_text`, FTS5, and `search_entries`) is kept up to date for structured rows by the
 * triggers of migration 0017.
 */
import { sql } from 'kysely';
import type { DB } from '../db/index';
import type { BidRole, BidStatus } from '../db/schema';
import { MARK_CLOSE, MARK_OPEN } from './query';

export interface IndexHit {
	kind: string;
	entityId: string;
	scope: string;
	parentId: string | null;
	/** The title with highlight markers (query.ts MARK_OPEN/MARK_CLOSE). */
	title: string;
	/** A few words of the body around the best match, with highlight markers. */
	excerpt: string;
	rank: number;
}

/** Words of a body shown around its best match. */
const EXCERPT_TOKENS = 24;

/**
 * The best `limit` hits of `match` among the rows whose scope is in `scopes`, best first (bm25,
 * titles ×10). The scopes are joined before the ranking and the LIMIT, so rows nobody may see
 * here never take a place; highlights and excerpts are computed for the kept rows only.
 *
 * `+rowid` keeps SQLite from handing the rowid lists to FTS5 as constraints: it would run the
 * whole full-text query once per listed rowid (0.4 s for a common word over 200 bids, 2 ms so).
 */
export async function searchIndex(db: DB, match: string, scopes: readonly string[], limit: number): Promise<IndexHit[]> {
	if (scopes.length === 0) return [];
	const { rows } = await sql<IndexHit>`
		with hits as (
			select search_text.rowid as id
			from search_text
			where search_text match ${match}
				and +search_text.rowid in (select id from search_entries where scope in (select value from json_each(${JSON.stringify(scopes)})))
			order by search_text.rank
			limit ${limit}
		)
		select e.kind, e.entity_id as entityId, e.scope, e.parent_id as parentId, search_text.rank as rank,
			highlight(search_text, 0, ${MARK_OPEN}, ${MARK_CLOSE}) as title,
			snippet(search_text, 1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${EXCERPT_TOKENS}) as excerpt
		from search_text
		cross join search_entries e on e.id = search_text.rowid
		where search_text match ${match} and +search_text.rowid in (select id from hits)
		order by search_text.rank`.execute(db);
	return rows;
}

/**
 * The benchmark's naive peer: every visible row scanned with LIKE '%word%' (all words, title or
 * body), title matches first, the best `limit` kept. Accent- and plural-blind. Returns the count kept.
 */
export async function scanIndexLike(db: DB, words: readonly string[], scopes: readonly string[], limit: number): Promise<number> {
	const likes = words.map((w) => sql`(t.title like ${`%${w}%`} or t.body like ${`%${w}%`})`);
	const inTitle = words.map((w) => sql`(t.title like ${`%${w}%`})`);
	const { rows } = await sql<{ id: number }>`
		select t.rowid as id from search_text t cross join search_entries e on e.id = t.rowid
		where e.scope in (select value from json_each(${JSON.stringify(scopes)})) and ${sql.join(likes, sql` and `)}
		order by ${sql.join(inTitle, sql` + `)} desc
		limit ${limit}`.execute(db);
	return rows.length;
}

/** The facts the search policy decides on: the actor's bids (with their role) and the tenders they might see. */
export async function searchFactsOf(db: DB, userId: string) {
	const bids = await db
		.selectFrom('bid_members as m')
		.innerJoin('bids as b', 'b.id', 'm.bid_id')
		.innerJoin('tenders as t', 't.id', 'b.tender_id')
		.select(['b.id', 'b.status', 'b.coordinator_id', 'b.internal_freeze_at', 't.dlro', 'm.role'])
		.where('m.user_id', '=', userId)
		.execute();
	const tenders = await db
		.selectFrom('tenders as t')
		.select(['t.id', 't.created_by'])
		.where((eb) =>
			eb.or([
				eb('t.created_by', '=', userId),
				eb(
					't.id',
					'in',
					eb.selectFrom('bids as b').innerJoin('bid_members as m', 'm.bid_id', 'b.id').select('b.tender_id').where('m.user_id', '=', userId)
				)
			])
		)
		.execute();
	const tenderIds = tenders.map((t) => t.id);
	const tenderBids =
		tenderIds.length === 0
			? []
			: await db.selectFrom('bids').select(['id', 'tender_id', 'coordinator_id', 'status']).where('tender_id', 'in', tenderIds).execute();
	const memberOf = new Set(bids.map((b) => b.id));
	return {
		bids: bids as Array<(typeof bids)[number] & { status: BidStatus; role: BidRole }>,
		tenders: tenders.map((t) => {
			const mine = tenderBids.filter((b) => b.tender_id === t.id);
			return {
				id: t.id,
				createdBy: t.created_by,
				memberOfABid: mine.some((b) => memberOf.has(b.id)),
				bids: mine.map((b) => ({ coordinatorId: b.coordinator_id, status: b.status }))
			};
		})
	};
}

/** Each bid's name as the pages show it: its tender's title and buyer. */
export async function bidNames(db: DB, bidIds: readonly string[]) {
	if (bidIds.length === 0) return [];
	return db
		.selectFrom('bids as b')
		.innerJoin('tenders as t', 't.id', 'b.tender_id')
		.select(['b.id', 't.title', 't.buyer'])
		.where('b.id', 'in', bidIds)
		.execute();
}

/** Each tender's reference and buyer. */
export async function tenderNames(db: DB, tenderIds: readonly string[]) {
	if (tenderIds.length === 0) return [];
	return db.selectFrom('tenders').select(['id', 'reference', 'buyer']).where('id', 'in', tenderIds).execute();
}

/** Each section's title (what a comment is about). */
export async function sectionTitles(db: DB, sectionIds: readonly string[]) {
	if (sectionIds.length === 0) return [];
	return db.selectFrom('sections').select(['id', 'title']).where('id', 'in', sectionIds).execute();
}

/**
 * Writes the text of a record whose body is a Yjs document (a section) into the index, read from
 * its stored state at `indexedAt`. A text indexed from a newer state is kept (a start-up
 * catch-up never overwrites what a compaction wrote meanwhile); nothing for a deleted record.
 */
export async function setIndexedBody(db: DB, kind: string, entityId: string, body: string, indexedAt: number): Promise<void> {
	const text = body.replaceAll(MARK_OPEN, ' ').replaceAll(MARK_CLOSE, ' ');
	await sql`update search_text set body = ${text}
		where rowid = (select id from search_entries where kind = ${kind} and entity_id = ${entityId} and indexed_at <= ${indexedAt})
			and body is not ${text}`.execute(db);
	await db
		.updateTable('search_entries')
		.set({ indexed_at: indexedAt })
		.where('kind', '=', kind)
		.where('entity_id', '=', entityId)
		.where('indexed_at', '<=', indexedAt)
		.execute();
}

/**
 * Records of `kind` whose stored Yjs document (room `<roomPrefix><id>`: snapshot or log rows) is
 * newer than their indexed text, with the time of that stored state.
 */
export async function staleRoomEntries(db: DB, kind: string, roomPrefix: string): Promise<Array<{ entityId: string; storedAt: number }>> {
	const { rows } = await sql<{ entityId: string; storedAt: number }>`
		select e.entity_id as entityId, max(coalesce(s.updated_at, 0), coalesce(u.last, 0)) as storedAt
		from search_entries e
		left join collab_snapshots s on s.room = ${roomPrefix} || e.entity_id
		left join (select room, max(created_at) as last from collab_updates where room like ${`${roomPrefix}%`} group by room) u
			on u.room = ${roomPrefix} || e.entity_id
		where e.kind = ${kind} and max(coalesce(s.updated_at, 0), coalesce(u.last, 0)) > e.indexed_at`.execute(db);
	return rows;
}
