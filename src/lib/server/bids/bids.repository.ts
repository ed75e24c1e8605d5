/**
 * The bid's own tables (bids, bid_lots, bid_members) and the read models its use cases and pages
 * need: plain Kysely functions taking `db` or a transaction first, returning rows (no rules, no
 * French, no notifications, no authorization). This floor owns the writes to these tables
 * (docs/ARCHITECTURE.md « Floors », issue 13).
 */
import type { Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { BidForm, BidMembersTable, BidsTable } from '../db/schema';

/** The lots a bid answers, by number, with what the pages and the exports show of them. */
export async function listBidLots(db: DB, bidId: string) {
	return db
		.selectFrom('bid_lots')
		.innerJoin('lots', 'lots.id', 'bid_lots.lot_id')
		.select(['lots.id', 'lots.number', 'lots.title', 'lots.estimate_cents', 'lots.page_limit', 'lots.criteria', 'lots.price_form'])
		.where('bid_lots.bid_id', '=', bidId)
		.orderBy('lots.number')
		.execute();
}

/** The bid row (it exists: callers have authorized on it). */
export async function getBid(db: DB, bidId: string) {
	return db.selectFrom('bids').selectAll().where('id', '=', bidId).executeTakeFirstOrThrow();
}

/** What the bid policy decides on, with the actor's membership (role null when not a member); undefined when no such bid. */
export async function getBidAccessRow(db: DB, bidId: string, userId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('bid_members', (j) => j.onRef('bid_members.bid_id', '=', 'bids.id').on('bid_members.user_id', '=', userId))
		.select(['bids.id', 'bids.status', 'bids.coordinator_id', 'bids.internal_freeze_at', 'tenders.dlro', 'bid_members.role'])
		.where('bids.id', '=', bidId)
		.executeTakeFirst();
}

/** The bid's header: its row with the tender and the mandataire's name. */
export async function getBidHeader(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('organisations', 'organisations.id', 'bids.mandataire_org_id')
		.leftJoin('submissions', 'submissions.bid_id', 'bids.id')
		.select([
			'bids.id',
			'bids.tender_id as tenderId',
			'bids.status',
			'submissions.deposited_at as depositedAt',
			'bids.form',
			'bids.fee_rate_bp as feeRateBp',
			'bids.coordinator_id as coordinatorId',
			'bids.internal_freeze_at as internalFreezeAt',
			'bids.submitted_at as submittedAt',
			'tenders.title',
			'tenders.buyer',
			'tenders.reference',
			'tenders.dlro',
			'tenders.questions_deadline as questionsDeadline',
			'tenders.answers_deadline as answersDeadline',
			'tenders.platform_url as platformUrl',
			'organisations.name as mandataireName'
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

/** The title and buyer of the tender a bid answers (for messages about the bid). */
export async function getBidTenderTitle(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['tenders.title', 'tenders.buyer'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

/** The bids answering a tender. */
export async function listTenderBids(db: DB, tenderId: string) {
	return db.selectFrom('bids').select(['id', 'coordinator_id', 'status']).where('tender_id', '=', tenderId).execute();
}

/** The tender's bids a user is a member of, with their role and the coordinator's name. */
export async function listMyTenderBids(db: DB, tenderId: string, userId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('bid_members', (j) => j.onRef('bid_members.bid_id', '=', 'bids.id').on('bid_members.user_id', '=', userId))
		.innerJoin('users', 'users.id', 'bids.coordinator_id')
		.leftJoin('submissions', 'submissions.bid_id', 'bids.id')
		.select(['bids.id', 'bids.status', 'submissions.deposited_at as depositedAt', 'bid_members.role', 'users.name as coordinatorName'])
		.where('bids.tender_id', '=', tenderId)
		.execute();
}

/** Is the user a member of one of the tender's bids? */
export async function isMemberOfTenderBid(db: DB, tenderId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.select('bids.id')
		.where('bids.tender_id', '=', tenderId)
		.where('bid_members.user_id', '=', userId)
		.executeTakeFirst();
	return Boolean(row);
}

export async function insertBid(db: DB, bid: Insertable<BidsTable>): Promise<void> {
	await db.insertInto('bids').values(bid).execute();
}

export async function updateBidForm(db: DB, bidId: string, form: BidForm): Promise<void> {
	await db.updateTable('bids').set({ form }).where('id', '=', bidId).execute();
}

/** The group's logo (a stored file of kind 'logo'), or none. */
export async function setBidLogo(db: DB, bidId: string, fileId: string | null): Promise<void> {
	await db.updateTable('bids').set({ logo_file_id: fileId }).where('id', '=', bidId).execute();
}

export async function updateInternalFreeze(db: DB, bidId: string, at: number | null): Promise<void> {
	await db.updateTable('bids').set({ internal_freeze_at: at }).where('id', '=', bidId).execute();
}

/** Whether the bid's observers may suggest changes in its sections (issue 15). */
export async function updateObserversMaySuggest(db: DB, bidId: string, allowed: boolean): Promise<void> {
	await db
		.updateTable('bids')
		.set({ observers_may_suggest: allowed ? 1 : 0 })
		.where('id', '=', bidId)
		.execute();
}

/** Moves the internal freeze of the tender's bids that sit exactly at `from` to `to`. */
export async function moveTenderFreezes(db: DB, tenderId: string, from: number, to: number): Promise<void> {
	await db
		.updateTable('bids')
		.set({ internal_freeze_at: to })
		.where('tender_id', '=', tenderId)
		.where('internal_freeze_at', '=', from)
		.execute();
}

/** Replaces the lots a bid answers. */
export async function replaceBidLots(db: DB, bidId: string, lotIds: string[]): Promise<void> {
	await db.deleteFrom('bid_lots').where('bid_id', '=', bidId).execute();
	await insertBidLots(db, bidId, lotIds);
}

export async function insertBidLots(db: DB, bidId: string, lotIds: string[]): Promise<void> {
	await db
		.insertInto('bid_lots')
		.values(lotIds.map((lotId) => ({ bid_id: bidId, lot_id: lotId })))
		.execute();
}

/** Does the bid still have price lines on one of these lots? */
export async function hasLinesOnLots(db: DB, bidId: string, lotIds: string[]): Promise<boolean> {
	if (lotIds.length === 0) return false;
	const row = await db.selectFrom('deliverables').select('id').where('bid_id', '=', bidId).where('lot_id', 'in', lotIds).executeTakeFirst();
	return Boolean(row);
}

/**
 * Members with their legal member (organisation): coordinator first, then members, observers,
 * each by name. Also what readiness and the submission read.
 */
export async function listMembers(db: DB, bidId: string) {
	return db
		.selectFrom('bid_members')
		.innerJoin('users', 'users.id', 'bid_members.user_id')
		.innerJoin('organisations', 'organisations.id', 'bid_members.organisation_id')
		.select([
			'users.id',
			'users.name',
			'users.email',
			'users.trade',
			'bid_members.role',
			'bid_members.organisation_id as organisationId',
			'organisations.name as organisationName'
		])
		.where('bid_members.bid_id', '=', bidId)
		.orderBy((eb) =>
			eb.case().when('bid_members.role', '=', 'coordinator').then(0).when('bid_members.role', '=', 'member').then(1).else(2).end()
		)
		.orderBy('users.name')
		.execute();
}

export async function getMember(db: DB, bidId: string, userId: string) {
	return db.selectFrom('bid_members').selectAll().where('bid_id', '=', bidId).where('user_id', '=', userId).executeTakeFirst();
}

/** How many organisations the bid's participants (observers left out) belong to. */
export async function countParticipantOrganisations(db: DB, bidId: string): Promise<number> {
	const orgs = await db
		.selectFrom('bid_members')
		.select('organisation_id')
		.distinct()
		.where('bid_id', '=', bidId)
		.where('role', '!=', 'observer')
		.execute();
	return orgs.length;
}

/** Adds a member; a member already there stays as they were. */
export async function insertMember(db: DB, member: Insertable<BidMembersTable>): Promise<void> {
	await db
		.insertInto('bid_members')
		.values(member)
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function deleteMember(db: DB, bidId: string, userId: string): Promise<void> {
	await db.deleteFrom('bid_members').where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
}

/** How many price lines of the bid a user is assigned to. */
export async function countAssignedLines(db: DB, bidId: string, userId: string): Promise<number> {
	const row = await db
		.selectFrom('deliverable_assignees')
		.innerJoin('deliverables', 'deliverables.id', 'deliverable_assignees.deliverable_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('deliverables.bid_id', '=', bidId)
		.where('deliverable_assignees.user_id', '=', userId)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The bid's activity timeline, newest first. */
export async function listActivity(db: DB, bidId: string, limit = 100) {
	return db
		.selectFrom('activity')
		.leftJoin('users', 'users.id', 'activity.actor_id')
		.select([
			'activity.id',
			'activity.at',
			'activity.entity',
			'activity.entity_id as entityId',
			'activity.action',
			'activity.before',
			'activity.after',
			'users.name as actorName'
		])
		.where('activity.bid_id', '=', bidId)
		.orderBy('activity.at', 'desc')
		.orderBy('activity.id', 'desc')
		.limit(limit)
		.execute();
}

/** The bid's progress (sections validated, pieces done) and the unvalidated sections a user writes, by position. */
export async function getBidProgress(db: DB, bidId: string, userId: string) {
	const counts = await db
		.selectFrom('bids')
		.select((eb) => [
			eb
				.selectFrom('sections')
				.select((s) => s.fn.countAll<number>().as('n'))
				.where('sections.bid_id', '=', bidId)
				.as('sectionsTotal'),
			eb
				.selectFrom('sections')
				.select((s) => s.fn.countAll<number>().as('n'))
				.where('sections.bid_id', '=', bidId)
				.where('sections.state', '=', 'validated')
				.as('sectionsValidated'),
			eb
				.selectFrom('requirement_items')
				.select((s) => s.fn.countAll<number>().as('n'))
				.where('requirement_items.bid_id', '=', bidId)
				.as('piecesTotal'),
			eb
				.selectFrom('requirement_items')
				.select((s) => s.fn.countAll<number>().as('n'))
				.where('requirement_items.bid_id', '=', bidId)
				.where('requirement_items.status', '!=', 'todo')
				.as('piecesDone')
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	const mySections = await db
		.selectFrom('section_authors')
		.innerJoin('sections', 'sections.id', 'section_authors.section_id')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.select(['sections.id', 'sections.title', 'sections.state', 'lots.number as lotNumber'])
		.where('sections.bid_id', '=', bidId)
		.where('section_authors.user_id', '=', userId)
		.where('sections.state', '!=', 'validated')
		.orderBy('sections.position')
		.execute();
	return {
		sectionsTotal: Number(counts.sectionsTotal ?? 0),
		sectionsValidated: Number(counts.sectionsValidated ?? 0),
		piecesTotal: Number(counts.piecesTotal ?? 0),
		piecesDone: Number(counts.piecesDone ?? 0),
		mySections
	};
}
