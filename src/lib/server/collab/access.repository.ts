/**
 * The one read the room policy (access.ts) needs: a section's state and reviewer with its bid's
 * access facts (and whether observers may suggest), the user's membership of that bid, whether
 * they author the section, and their organisation. Plain Kysely taking `db` first, no rules.
 */
import type { DB } from '../db/index';

/** Undefined when there is no such section or the user is not a member of its bid. */
export async function getSectionRoomFacts(db: DB, sectionId: string, userId: string) {
	return db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('bid_members', (j) => j.onRef('bid_members.bid_id', '=', 'bids.id').on('bid_members.user_id', '=', userId))
		.leftJoin('memberships', 'memberships.user_id', 'bid_members.user_id')
		.leftJoin('section_authors', (j) =>
			j.onRef('section_authors.section_id', '=', 'sections.id').on('section_authors.user_id', '=', userId)
		)
		.select([
			'sections.state',
			'sections.reviewer_id',
			'bids.id as bidId',
			'bids.status',
			'bids.coordinator_id',
			'bids.internal_freeze_at',
			'bids.observers_may_suggest',
			'tenders.dlro',
			'bid_members.role',
			'memberships.organisation_id',
			'memberships.role as orgRole',
			'section_authors.user_id as authorId'
		])
		.where('sections.id', '=', sectionId)
		.executeTakeFirst();
}
