/**
 * The dashboard's read models: a user's bids with their progress counts, the sections they have
 * to write and those waiting for their review (each with its bid's title and its lot), and the
 * invitations waiting for them with the link they were sent. Plain Kysely taking `db` first, no rules.
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
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.select([
			'sections.id',
			'sections.title',
			'sections.bid_id as bidId',
			'sections.state',
			'tenders.title as bidTitle',
			'lots.number as lotNumber',
			'lots.title as lotTitle'
		])
		.where('section_authors.user_id', '=', userId)
		.where('bids.status', '=', 'draft')
		.where('sections.state', 'in', ['draft', 'changes_requested'])
		.orderBy('tenders.dlro')
		.orderBy('sections.bid_id')
		.orderBy('sections.position')
		.limit(10)
		.execute();
}

/** Sections of draft bids in review where the user is the reviewer or the bid's coordinator. */
export async function listSectionsToReview(db: DB, userId: string) {
	return db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.select([
			'sections.id',
			'sections.title',
			'sections.bid_id as bidId',
			'tenders.title as bidTitle',
			'lots.number as lotNumber',
			'lots.title as lotTitle'
		])
		.where('sections.state', '=', 'review')
		.where('bids.status', '=', 'draft')
		.where((eb) => eb.or([eb('sections.reviewer_id', '=', userId), eb('bids.coordinator_id', '=', userId)]))
		.orderBy('tenders.dlro')
		.orderBy('sections.bid_id')
		.orderBy('sections.position')
		.execute();
}

/**
 * The pending, unexpired invitations to `email`, with the link the invitee was sent in their
 * in-app notification (null when they had no account yet: the link went by e-mail only, and only
 * its hash is stored).
 */
export async function listMyInvitations(db: DB, userId: string, email: string, now: number) {
	return db
		.selectFrom('bid_invitations')
		.innerJoin('bids', 'bids.id', 'bid_invitations.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('users as inviter', 'inviter.id', 'bid_invitations.invited_by')
		.select([
			'bid_invitations.id',
			'bid_invitations.role',
			'tenders.title',
			'tenders.buyer',
			'inviter.name as inviterName',
			(eb) =>
				eb
					.selectFrom('notifications')
					.select('notifications.link')
					.whereRef('notifications.bid_id', '=', 'bid_invitations.bid_id')
					.where('notifications.user_id', '=', userId)
					.where('notifications.kind', '=', 'invited')
					.where('notifications.created_at', '>=', eb.ref('bid_invitations.created_at'))
					.orderBy('notifications.id', 'desc')
					.limit(1)
					.as('link')
		])
		.where('bid_invitations.email', '=', email)
		.where('bid_invitations.status', '=', 'pending')
		.where('bid_invitations.expires_at', '>', now)
		.execute();
}
