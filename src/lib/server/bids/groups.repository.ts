/**
 * Reads about a bid among the other groups of its tender and about people around it: the group a
 * legal member already leads on a tender (one mandataire per tender), the legal members shared
 * with competing groups on a lot, and who among some people is a member of or invited to a bid.
 * Plain Kysely functions (data floor), split from bids.repository.ts.
 */
import type { DB } from '../db/index';

/** The tender's bid whose mandataire is `organisationId` (the first, if several were ever made), with its coordinator's name. */
export async function findBidLedByOrganisation(db: DB, tenderId: string, organisationId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('users', 'users.id', 'bids.coordinator_id')
		.select(['bids.id', 'users.name as coordinatorName'])
		.where('bids.tender_id', '=', tenderId)
		.where('bids.mandataire_org_id', '=', organisationId)
		.orderBy('bids.created_at')
		.executeTakeFirst();
}

/**
 * The lots where a legal member taking part in this bid (coordinator or member, not observer)
 * also takes part in another bid of the same tender on the same lot: one row per legal member,
 * other bid and shared lot, with only what the warning may show of the other bid (its
 * mandataire's name and the lot), never its people.
 */
export async function listSharedLegalMembers(db: DB, bidId: string) {
	return db
		.selectFrom('bids as mine')
		.innerJoin('bid_members as mm', (j) => j.onRef('mm.bid_id', '=', 'mine.id').on('mm.role', '!=', 'observer'))
		.innerJoin('bid_lots as ml', 'ml.bid_id', 'mine.id')
		.innerJoin('bids as other', (j) => j.onRef('other.tender_id', '=', 'mine.tender_id').onRef('other.id', '!=', 'mine.id'))
		.innerJoin('bid_members as om', (j) =>
			j.onRef('om.bid_id', '=', 'other.id').onRef('om.organisation_id', '=', 'mm.organisation_id').on('om.role', '!=', 'observer')
		)
		.innerJoin('bid_lots as ol', (j) => j.onRef('ol.bid_id', '=', 'other.id').onRef('ol.lot_id', '=', 'ml.lot_id'))
		.innerJoin('lots', 'lots.id', 'ml.lot_id')
		.innerJoin('organisations as shared', 'shared.id', 'mm.organisation_id')
		.innerJoin('organisations as lead', 'lead.id', 'other.mandataire_org_id')
		.select([
			'shared.id as organisationId',
			'shared.name as organisationName',
			'other.id as otherBidId',
			'lead.name as otherMandataireName',
			'lots.number as lotNumber'
		])
		.distinct()
		.where('mine.id', '=', bidId)
		.orderBy('shared.name')
		.orderBy('lead.name')
		.orderBy('other.id')
		.orderBy('lots.number')
		.execute();
}

/** Of these people, who is a member of the bid and who has an invitation to it still waiting (by their account's address). */
export async function listBidPeopleRelations(db: DB, bidIds: string[], userIds: string[], now: number) {
	if (bidIds.length === 0 || userIds.length === 0) return { members: [], invited: [] };
	const members = await db
		.selectFrom('bid_members')
		.select(['bid_id', 'user_id'])
		.where('bid_id', 'in', bidIds)
		.where('user_id', 'in', userIds)
		.execute();
	const invited = await db
		.selectFrom('bid_invitations')
		.innerJoin('users', 'users.email', 'bid_invitations.email')
		.select(['bid_invitations.bid_id', 'users.id as user_id'])
		.where('bid_invitations.bid_id', 'in', bidIds)
		.where('users.id', 'in', userIds)
		.where('bid_invitations.status', '=', 'pending')
		.where('bid_invitations.expires_at', '>', now)
		.execute();
	return { members, invited };
}
