/**
 * The split's rows and reads (data floor, see docs/ARCHITECTURE.md): plain Kysely functions
 * taking `db` or a transaction first, no rules, no French. Owner of the writes to
 * split_acceptances and of the bid row's fee rate and decision; read models that join other
 * features' tables for the split's use cases (members, tender, the withdrawal log) live here too.
 *
 * `loadSplitFacts` reads everything the split needs once: the bid row, its lots, its price lines
 * with their assignees, its members with their organisation, contribution rates and acceptance.
 * The répartition page and the split computation both work from these facts, so rendering the
 * page reads each of those rows once.
 */
import type { DB } from '../db/index';
import type { BidStatus } from '../db/schema';
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

// --- Acceptances -------------------------------------------------------------------------------

/** The people who have accepted the bid's split, as it is stored. */
export async function listAcceptedUserIds(db: DB, bidId: string): Promise<string[]> {
	const rows = await db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bidId).execute();
	return rows.map((r) => r.user_id);
}

/** Removes every acceptance of the bid's split. */
export async function deleteAcceptances(db: DB, bidId: string): Promise<void> {
	await db.deleteFrom('split_acceptances').where('bid_id', '=', bidId).execute();
}

/** Removes one person's acceptance (a member leaving the bid). */
export async function deleteAcceptance(db: DB, bidId: string, userId: string): Promise<void> {
	await db.deleteFrom('split_acceptances').where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
}

/** Stores (or replaces) one person's acceptance with the gross and net they accepted. */
export async function upsertAcceptance(
	db: DB,
	a: { bidId: string; userId: string; acceptedAt: number; grossCents: number; netCents: number }
): Promise<void> {
	await db
		.insertInto('split_acceptances')
		.values({ bid_id: a.bidId, user_id: a.userId, accepted_at: a.acceptedAt, gross_cents: a.grossCents, net_cents: a.netCents })
		.onConflict((oc) =>
			oc.columns(['bid_id', 'user_id']).doUpdateSet({ accepted_at: a.acceptedAt, gross_cents: a.grossCents, net_cents: a.netCents })
		)
		.execute();
}

/** The ids of the draft bids where one of these people is a member. */
export async function listDraftBidIdsOf(db: DB, userIds: string[]): Promise<string[]> {
	const rows = await db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.select('bids.id')
		.distinct()
		.where('bid_members.user_id', 'in', userIds)
		.where('bids.status', '=', 'draft')
		.execute();
	return rows.map((r) => r.id);
}

/** The newest log entries of acceptances withdrawn on the bid (raw JSON before/after, by whom). */
export async function listAcceptanceWithdrawals(db: DB, bidId: string, limit: number) {
	return db
		.selectFrom('activity')
		.leftJoin('users', 'users.id', 'activity.actor_id')
		.select(['activity.at', 'activity.before', 'activity.after', 'users.name'])
		.where('activity.bid_id', '=', bidId)
		.where('activity.entity', '=', 'split')
		.where('activity.action', '=', 'acceptances_withdrawn')
		.orderBy('activity.id', 'desc')
		.limit(limit)
		.execute();
}

// --- The bid row: fee rate and decision ---------------------------------------------------------

/** The bid's coordination fee rate (basis points). */
export async function getFeeRate(db: DB, bidId: string): Promise<number> {
	const row = await db.selectFrom('bids').select('fee_rate_bp').where('id', '=', bidId).executeTakeFirstOrThrow();
	return row.fee_rate_bp;
}

export async function setFeeRate(db: DB, bidId: string, feeRateBp: number): Promise<void> {
	await db.updateTable('bids').set({ fee_rate_bp: feeRateBp }).where('id', '=', bidId).execute();
}

/**
 * Records the buyer's decision on a bid that is still « submitted »; false when it was not
 * (someone else recorded one in between), and then nothing changes.
 */
export async function recordDecision(db: DB, bidId: string, outcome: Extract<BidStatus, 'won' | 'lost'>, at: number): Promise<boolean> {
	const done = await db
		.updateTable('bids')
		.set({ status: outcome, decided_at: at })
		.where('id', '=', bidId)
		.where('status', '=', 'submitted')
		.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}

/** The bid with what the exports name it by (its tender's title, buyer and reference). */
export async function getBidWithTender(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'bids.status', 'tenders.title', 'tenders.buyer', 'tenders.reference'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

// --- Members, as the split's use cases need them -------------------------------------------------

/** Every member of the bid but one person (to tell the others). */
export async function listMemberIdsExcept(db: DB, bidId: string, userId: string): Promise<string[]> {
	const rows = await db.selectFrom('bid_members').select('user_id').where('bid_id', '=', bidId).where('user_id', '!=', userId).execute();
	return rows.map((r) => r.user_id);
}

/** A person's legal member in the bid (null for a non-member). */
export async function memberOrganisationId(db: DB, bidId: string, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('bid_members')
		.select('organisation_id')
		.where('bid_id', '=', bidId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.organisation_id ?? null;
}
