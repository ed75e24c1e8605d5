/**
 * The dashboard's read models: a user's bids with their progress counts, the sections they have
 * to write and those waiting for their review. Plain Kysely taking `db` first, no rules.
 */
import { sql } from 'kysely';
import type { DB } from '../db/index';

/** The user's bids with role, deadline and counts (sections, pieces, their acceptance, their price lines); drafts first, then by deadline. */
export async function listMyBids(db: DB, userId: string) {
	return db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select([
			'bids.id',
			'bids.status',
			sql<number | null>`(select deposited_at from submissions su where su.bid_id = bids.id)`.as('depositedAt'),
			'bid_members.role',
			'tenders.title',
			'tenders.buyer',
			'tenders.dlro',
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id)`.as('sectionsTotal'),
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id and s.state = 'validated')`.as('sectionsValidated'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id)`.as('piecesTotal'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id and r.status != 'todo')`.as('piecesDone'),
			sql<number>`(select count(*) from split_acceptances a where a.bid_id = bids.id and a.user_id = ${userId})`.as('accepted'),
			sql<number>`(select count(*) from deliverable_assignees da join deliverables d on d.id = da.deliverable_id where d.bid_id = bids.id and da.user_id = ${userId})`.as(
				'myLines'
			)
		])
		.where('bid_members.user_id', '=', userId)
		.orderBy((eb) => eb.case().when('bids.status', '=', 'draft').then(0).else(1).end())
		.orderBy('tenders.dlro')
		.execute();
}

/** Up to 10 sections of draft bids the user writes that still need writing (draft or changes requested). */
export async function listSectionsToWrite(db: DB, userId: string) {
	return db
		.selectFrom('section_authors')
		.innerJoin('sections', 'sections.id', 'section_authors.section_id')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select(['sections.id', 'sections.title', 'sections.bid_id as bidId', 'sections.state'])
		.where('section_authors.user_id', '=', userId)
		.where('bids.status', '=', 'draft')
		.where('sections.state', 'in', ['draft', 'changes_requested'])
		.orderBy('sections.position')
		.limit(10)
		.execute();
}

/** Sections of draft bids in review where the user is the reviewer or the bid's coordinator. */
export async function listSectionsToReview(db: DB, userId: string) {
	return db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select(['sections.id', 'sections.title', 'sections.bid_id as bidId'])
		.where('sections.state', '=', 'review')
		.where('bids.status', '=', 'draft')
		.where((eb) => eb.or([eb('sections.reviewer_id', '=', userId), eb('bids.coordinator_id', '=', userId)]))
		.execute();
}
