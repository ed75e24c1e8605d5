/**
 * The SQL of the accompaniment at a distance (issue 20): the bids an organisation's people take
 * part in with their readiness counts (never any content), follow requests, help requests, the
 * staff to tell, and the weekly digests sent. Owner of follow_requests, help_requests and
 * accompaniment_digests. Plain Kysely taking `db` or a transaction first; no rules, no French.
 */
import { sql, type Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { FollowRequestsTable, HelpRequestsTable } from '../db/schema';

/**
 * Every bid where a person of `organisationId` takes part (coordinator or member), with its
 * tender's public facts, counts of what is ready, and the actor's own role in it (null: not a member).
 */
export async function listOrganisationBids(db: DB, organisationId: string, actorId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('bid_members as me', (j) => j.onRef('me.bid_id', '=', 'bids.id').on('me.user_id', '=', actorId))
		.select([
			'bids.id',
			'bids.status',
			'bids.decided_at as decidedAt',
			'me.role as myRole',
			'tenders.title',
			'tenders.buyer',
			'tenders.reference',
			'tenders.questions_deadline as questionsDeadline',
			'tenders.dlro',
			sql<number | null>`(select deposited_at from submissions su where su.bid_id = bids.id)`.as('depositedAt'),
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id)`.as('sectionsTotal'),
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id and s.state = 'validated')`.as('sectionsValidated'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id)`.as('piecesTotal'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id and r.status != 'todo')`.as('piecesDone'),
			sql<number>`(select count(*) from bid_members m where m.bid_id = bids.id and m.role != 'observer')`.as('participants'),
			sql<number>`(select count(*) from split_acceptances a join bid_members m on m.bid_id = a.bid_id and m.user_id = a.user_id
				where a.bid_id = bids.id and m.role != 'observer')`.as('accepted')
		])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('bid_members as p')
					.select('p.user_id')
					.whereRef('p.bid_id', '=', 'bids.id')
					.where('p.organisation_id', '=', organisationId)
					.where('p.role', '!=', 'observer')
			)
		)
		.orderBy('tenders.dlro')
		.orderBy('bids.id')
		.execute();
}

/** The organisations with a person taking part in the bid (coordinator or member). */
export async function listParticipantOrganisations(db: DB, bidId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('bid_members')
		.select('organisation_id')
		.distinct()
		.where('bid_id', '=', bidId)
		.where('role', '!=', 'observer')
		.execute();
	return rows.map((r) => r.organisation_id);
}

/** The coordinator and tender title of a bid, for the follow and help use cases' notices. */
export async function findBidHead(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'bids.status', 'bids.coordinator_id as coordinatorId', 'tenders.title'])
		.where('bids.id', '=', bidId)
		.executeTakeFirst();
}

/** The people to tell of a help request: the organisation's support staff, or its admins when it has none. */
export async function listStaffIds(db: DB, organisationId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select(['user_id', 'role'])
		.where('organisation_id', '=', organisationId)
		.where('role', 'in', ['support', 'admin'])
		.execute();
	const support = rows.filter((r) => r.role === 'support').map((r) => r.user_id);
	return support.length > 0 ? support : rows.map((r) => r.user_id);
}

// --- Follow requests ---------------------------------------------------------------------------

export async function insertFollowRequest(db: DB, row: Insertable<FollowRequestsTable>): Promise<void> {
	await db.insertInto('follow_requests').values(row).execute();
}

/** The bids where the person has a follow request waiting. */
export async function listPendingFollowBidIds(db: DB, userId: string): Promise<Set<string>> {
	const rows = await db
		.selectFrom('follow_requests')
		.select('bid_id')
		.where('user_id', '=', userId)
		.where('status', '=', 'pending')
		.execute();
	return new Set(rows.map((r) => r.bid_id));
}

/** The follow requests waiting on a bid, oldest first, with who asks and from which organisation. */
export async function listPendingFollows(db: DB, bidId: string) {
	return db
		.selectFrom('follow_requests')
		.innerJoin('users', 'users.id', 'follow_requests.user_id')
		.innerJoin('organisations', 'organisations.id', 'follow_requests.organisation_id')
		.select([
			'follow_requests.id',
			'follow_requests.user_id as userId',
			'follow_requests.created_at as createdAt',
			'users.name',
			'organisations.name as organisationName'
		])
		.where('follow_requests.bid_id', '=', bidId)
		.where('follow_requests.status', '=', 'pending')
		.orderBy('follow_requests.created_at')
		.execute();
}

export async function findPendingFollow(db: DB, bidId: string, id: string) {
	return db
		.selectFrom('follow_requests')
		.selectAll()
		.where('id', '=', id)
		.where('bid_id', '=', bidId)
		.where('status', '=', 'pending')
		.executeTakeFirst();
}

/** Decides a pending request; false when it was no longer pending (decided meanwhile). */
export async function decideFollowRow(db: DB, id: string, status: 'accepted' | 'refused', at: number, by: string): Promise<boolean> {
	const r = await db
		.updateTable('follow_requests')
		.set({ status, decided_at: at, decided_by: by })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

// --- Help requests -----------------------------------------------------------------------------

export async function insertHelpRequest(db: DB, row: Insertable<HelpRequestsTable>): Promise<void> {
	await db.insertInto('help_requests').values(row).execute();
}

function helpQuery(db: DB) {
	return db
		.selectFrom('help_requests as h')
		.innerJoin('bids', 'bids.id', 'h.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('users as asker', 'asker.id', 'h.asked_by')
		.leftJoin('users as answerer', 'answerer.id', 'h.answered_by')
		.leftJoin('sections', 'sections.id', 'h.section_id')
		.leftJoin('deliverables', 'deliverables.id', 'h.deliverable_id')
		.select([
			'h.id',
			'h.bid_id as bidId',
			'h.organisation_id as organisationId',
			'h.asked_by as askedBy',
			'asker.name as askerName',
			'h.section_id as sectionId',
			'sections.title as sectionTitle',
			'h.deliverable_id as deliverableId',
			'deliverables.code as lineCode',
			'deliverables.label as lineLabel',
			'h.message',
			'h.created_at as createdAt',
			'h.answer',
			'answerer.name as answererName',
			'h.answered_at as answeredAt',
			'h.handled_at as handledAt',
			'tenders.title as bidTitle'
		]);
}

/** The help requests an organisation's staff were asked, open ones first, newest first. */
export async function listOrganisationHelp(db: DB, organisationId: string, limit = 100) {
	return helpQuery(db)
		.where('h.organisation_id', '=', organisationId)
		.orderBy(sql`h.handled_at is not null`)
		.orderBy('h.created_at', 'desc')
		.limit(limit)
		.execute();
}

/** The help requests of a bid asked by people of one organisation, newest first. */
export async function listBidHelp(db: DB, bidId: string, organisationId: string) {
	return helpQuery(db)
		.where('h.bid_id', '=', bidId)
		.where('h.organisation_id', '=', organisationId)
		.orderBy('h.created_at', 'desc')
		.execute();
}

export async function findHelpRequest(db: DB, id: string) {
	return helpQuery(db).where('h.id', '=', id).executeTakeFirst();
}

export async function setHelpAnswer(db: DB, id: string, answer: string, by: string, at: number): Promise<void> {
	await db.updateTable('help_requests').set({ answer, answered_by: by, answered_at: at }).where('id', '=', id).execute();
}

export async function setHelpHandled(db: DB, id: string, by: string, at: number): Promise<boolean> {
	const r = await db
		.updateTable('help_requests')
		.set({ handled_at: at, handled_by: by })
		.where('id', '=', id)
		.where('handled_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Whether this section / price line belongs to the bid (a help request may point at one). */
export async function sectionInBid(db: DB, bidId: string, sectionId: string): Promise<boolean> {
	return (
		(await db.selectFrom('sections').select('id').where('id', '=', sectionId).where('bid_id', '=', bidId).executeTakeFirst()) !== undefined
	);
}

export async function deliverableInBid(db: DB, bidId: string, deliverableId: string): Promise<boolean> {
	return (
		(await db.selectFrom('deliverables').select('id').where('id', '=', deliverableId).where('bid_id', '=', bidId).executeTakeFirst()) !==
		undefined
	);
}

// --- Weekly digest -----------------------------------------------------------------------------

/** Every support person with her organisation, name and e-mail. */
export async function listSupportStaff(db: DB) {
	return db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['users.id', 'users.name', 'users.email', 'memberships.organisation_id as organisationId'])
		.where('memberships.role', '=', 'support')
		.orderBy('users.id')
		.execute();
}

/** Claims the person's digest of that week; false when it was already sent. */
export async function claimDigest(db: DB, userId: string, week: string, at: number, bidCount: number): Promise<boolean> {
	const r = await db
		.insertInto('accompaniment_digests')
		.values({ user_id: userId, week, sent_at: at, bid_count: bidCount })
		.onConflict((oc) => oc.doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
