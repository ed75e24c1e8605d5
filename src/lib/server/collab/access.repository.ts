/**
 * The one read the room policy (access.ts) needs: a section's state with its bid's access facts,
 * the user's membership of that bid and their organisation. Plain Kysely taking `db` first, no rules.
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
		.select([
			'sections.state',
			'bids.id as bidId',
			'bids.status',
			'bids.coordinator_id',
			'bids.internal_freeze_at',
			'tenders.dlro',
			'bid_members.role',
			'memberships.organisation_id',
			'memberships.role as orgRole'
		])
		.where('sections.id', '=', sectionId)
		.executeTakeFirst();
}
