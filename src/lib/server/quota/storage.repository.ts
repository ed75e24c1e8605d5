/**
 * The reads of the storage quota (quota/storage.ts): the bytes an organisation uses, summed over
 * the files of its bids and tenders, the co-written documents of its bids (collab update log and
 * snapshots) and the versions taken of them, and which organisation a section, a bid or a tender
 * counts against. A read model over other features' tables; plain Kysely functions taking `db`
 * or a transaction first, no rules. `storageUsedBy` is one SQL statement of indexed sums
 * (migration 2026-11-30T0009-storage-quota).
 */
import { sql } from 'kysely';
import type { DB } from '../db/index';

/** Bytes stored for `organisationId`: files of its bids and tenders, co-written documents and versions of its bids. */
export async function storageUsedBy(db: DB, organisationId: string): Promise<number> {
	const org = organisationId;
	const { rows } = await sql<{ used: number | bigint | null }>`
		select
			(select coalesce(sum(f.size), 0)
				from bids b join files f on f.bid_id = b.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(f.size), 0)
				from memberships m join tenders t on t.created_by = m.user_id join files f on f.tender_id = t.id and f.bid_id is null
				where m.organisation_id = ${org})
			+ (select coalesce(sum(length(u.data)), 0)
				from bids b join sections s on s.bid_id = b.id join collab_updates u on u.room = 'section/' || s.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(length(c.state)), 0)
				from bids b join sections s on s.bid_id = b.id join collab_snapshots c on c.room = 'section/' || s.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(length(v.state) + octet_length(v.html)), 0)
				from bids b join sections s on s.bid_id = b.id join section_versions v on v.section_id = s.id
				where b.mandataire_org_id = ${org})
			as used`.execute(db);
	return Number(rows[0]?.used ?? 0);
}

/** The mandataire of the bid the section belongs to; null when the section does not exist. */
export async function findSectionOwner(db: DB, sectionId: string): Promise<string | null> {
	const row = await db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select('bids.mandataire_org_id')
		.where('sections.id', '=', sectionId)
		.executeTakeFirst();
	return row?.mandataire_org_id ?? null;
}

/** The bid's mandataire; null when the bid does not exist. */
export async function findBidOwner(db: DB, bidId: string): Promise<string | null> {
	const bid = await db.selectFrom('bids').select('mandataire_org_id').where('id', '=', bidId).executeTakeFirst();
	return bid?.mandataire_org_id ?? null;
}

/** The organisation of the person who entered the tender; null when either is not found. */
export async function findTenderOwner(db: DB, tenderId: string): Promise<string | null> {
	const owner = await db
		.selectFrom('tenders')
		.innerJoin('memberships', 'memberships.user_id', 'tenders.created_by')
		.select('memberships.organisation_id')
		.where('tenders.id', '=', tenderId)
		.executeTakeFirst();
	return owner?.organisation_id ?? null;
}
