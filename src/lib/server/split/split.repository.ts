/**
 * Everything the split of a bid needs, read once: the bid row, its lots, its price lines with
 * their assignees, its members with their organisation, contribution rates and acceptance
 * (data floor, see docs/ARCHITECTURE.md). The répartition page and the split computation both
 * work from these facts, so rendering the page reads each of those rows once.
 */
import type { DB } from '../db/index';
import { listBidLots } from '../bids/bids.repository';
import { listDeliverables } from '../bids/deliverables.repository';

export async function loadSplitFacts(db: DB, bidId: string) {
	const bid = await db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select([
			'bids.id',
			'bids.status',
			'bids.decided_at',
			'bids.fee_rate_bp',
			'bids.coordinator_id',
			'bids.internal_freeze_at',
			'tenders.dlro'
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirst();
	if (!bid) return null;
	const lots = await listBidLots(db, bidId);
	const lines = await listDeliverables(db, bidId);
	const members = await db
		.selectFrom('bid_members')
		.innerJoin('users', 'users.id', 'bid_members.user_id')
		.innerJoin('organisations', 'organisations.id', 'bid_members.organisation_id')
		.leftJoin('memberships', (j) =>
			j.onRef('memberships.user_id', '=', 'users.id').onRef('memberships.organisation_id', '=', 'bid_members.organisation_id')
		)
		.leftJoin('split_acceptances', (j) =>
			j.onRef('split_acceptances.bid_id', '=', 'bid_members.bid_id').onRef('split_acceptances.user_id', '=', 'bid_members.user_id')
		)
		.select([
			'users.id',
			'users.name',
			'bid_members.role',
			'bid_members.organisation_id as organisationId',
			'organisations.name as organisationName',
			'organisations.contribution_rate_bp as organisationRateBp',
			'memberships.contribution_rate_bp as ownRateBp',
			'split_acceptances.accepted_at as acceptedAt',
			'split_acceptances.gross_cents as acceptedGrossCents',
			'split_acceptances.net_cents as acceptedNetCents'
		])
		.where('bid_members.bid_id', '=', bidId)
		.orderBy('bid_members.joined_at')
		.execute();
	return { bid, lots, lines, members };
}

export type SplitFacts = NonNullable<Awaited<ReturnType<typeof loadSplitFacts>>>;
