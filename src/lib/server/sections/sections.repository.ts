/**
 * The sections of a bid's mémoire and their authors (tables sections, section_authors): plain
 * Kysely functions taking `db` or a transaction first (data floor, docs/ARCHITECTURE.md). Also the
 * small read models the section use cases need from other features' tables (the bid's members
 * and lots, its coordinator, the review's last change request in the activity log).
 * No rules, no French, no authorization here.
 */
import type { DB } from '../db/index';
import type { LimitKind, SectionState } from '../db/schema';

/** The sections of a bid in outline order, with their lot, reviewer and authors (two reads). */
export async function listSections(db: DB, bidId: string) {
	const sections = await db
		.selectFrom('sections')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.leftJoin('users as reviewer', 'reviewer.id', 'sections.reviewer_id')
		.select([
			'sections.id',
			'sections.title',
			'sections.position',
			'sections.lot_id as lotId',
			'lots.number as lotNumber',
			'sections.reviewer_id as reviewerId',
			'reviewer.name as reviewerName',
			'sections.limit_kind as limitKind',
			'sections.limit_value as limitValue',
			'sections.criterion',
			'sections.due_at as dueAt',
			'sections.state'
		])
		.where('sections.bid_id', '=', bidId)
		.orderBy('sections.position')
		.execute();
	const authors = await db
		.selectFrom('section_authors')
		.innerJoin('users', 'users.id', 'section_authors.user_id')
		.innerJoin('sections', 'sections.id', 'section_authors.section_id')
		.select(['section_authors.section_id as sectionId', 'users.id', 'users.name'])
		.where('sections.bid_id', '=', bidId)
		.orderBy('users.name')
		.execute();
	return sections.map((s) => ({ ...s, authors: authors.filter((a) => a.sectionId === s.id).map((a) => ({ id: a.id, name: a.name })) }));
}

export type SectionRow = Awaited<ReturnType<typeof listSections>>[number];

/** The whole row of a section of this bid, or undefined. */
export async function findSection(db: DB, bidId: string, sectionId: string) {
	return db.selectFrom('sections').selectAll().where('id', '=', sectionId).where('bid_id', '=', bidId).executeTakeFirst();
}

/** The ids of the section's authors. */
export async function listAuthorIds(db: DB, sectionId: string): Promise<string[]> {
	const rows = await db.selectFrom('section_authors').select('user_id').where('section_id', '=', sectionId).execute();
	return rows.map((a) => a.user_id);
}

/** The section ids of a bid in outline order, with their lot, position and title. */
export async function listOutline(db: DB, bidId: string) {
	return db.selectFrom('sections').select(['id', 'lot_id', 'position', 'title']).where('bid_id', '=', bidId).orderBy('position').execute();
}

/** The highest position of the bid's outline, -1 when it has no section. */
export async function lastPosition(db: DB, bidId: string): Promise<number> {
	const last = await db
		.selectFrom('sections')
		.select((eb) => eb.fn.max('position').as('p'))
		.where('bid_id', '=', bidId)
		.executeTakeFirst();
	return Number(last?.p ?? -1);
}

export interface SectionFields {
	title: string;
	lotId: string | null;
	reviewerId: string | null;
	limitKind: LimitKind;
	limitValue: number | null;
	criterion: string;
	dueAt: number | null;
}

export async function insertSection(
	db: DB,
	row: SectionFields & { id: string; bidId: string; position: number; state: SectionState; createdAt: number }
): Promise<void> {
	await db
		.insertInto('sections')
		.values({
			id: row.id,
			bid_id: row.bidId,
			lot_id: row.lotId,
			position: row.position,
			title: row.title,
			reviewer_id: row.reviewerId,
			limit_kind: row.limitKind,
			limit_value: row.limitValue,
			criterion: row.criterion,
			due_at: row.dueAt,
			state: row.state,
			created_at: row.createdAt
		})
		.execute();
}

export async function updateSectionFields(db: DB, sectionId: string, fields: SectionFields): Promise<void> {
	await db
		.updateTable('sections')
		.set({
			title: fields.title,
			lot_id: fields.lotId,
			reviewer_id: fields.reviewerId,
			limit_kind: fields.limitKind,
			limit_value: fields.limitValue,
			criterion: fields.criterion,
			due_at: fields.dueAt
		})
		.where('id', '=', sectionId)
		.execute();
}

/** Adds authors to a section (nothing when the list is empty). */
export async function insertAuthors(db: DB, sectionId: string, userIds: readonly string[]): Promise<void> {
	if (userIds.length === 0) return;
	await db
		.insertInto('section_authors')
		.values(userIds.map((u) => ({ section_id: sectionId, user_id: u })))
		.execute();
}

/** Replaces the authors of a section. */
export async function replaceAuthors(db: DB, sectionId: string, userIds: readonly string[]): Promise<void> {
	await db.deleteFrom('section_authors').where('section_id', '=', sectionId).execute();
	await insertAuthors(db, sectionId, userIds);
}

/** A member leaving the bid stops writing and reviewing its sections. */
export async function releaseSectionWork(db: DB, bidId: string, userId: string): Promise<void> {
	await db
		.deleteFrom('section_authors')
		.where('user_id', '=', userId)
		.where('section_id', 'in', db.selectFrom('sections').select('id').where('bid_id', '=', bidId))
		.execute();
	await db.updateTable('sections').set({ reviewer_id: null }).where('bid_id', '=', bidId).where('reviewer_id', '=', userId).execute();
}

export async function setReviewer(db: DB, sectionId: string, reviewerId: string | null): Promise<void> {
	await db.updateTable('sections').set({ reviewer_id: reviewerId }).where('id', '=', sectionId).execute();
}

export async function setPosition(db: DB, sectionId: string, position: number): Promise<void> {
	await db.updateTable('sections').set({ position }).where('id', '=', sectionId).execute();
}

/** Deletes a section (its authors, versions and comments cascade). */
export async function deleteSectionRow(db: DB, sectionId: string): Promise<void> {
	await db.deleteFrom('sections').where('id', '=', sectionId).execute();
}

/** Moves a section to `next` only if it is still in state `from`; true when it did. */
export async function setStateIf(db: DB, sectionId: string, from: SectionState, next: SectionState): Promise<boolean> {
	const done = await db
		.updateTable('sections')
		.set({ state: next })
		.where('id', '=', sectionId)
		.where('state', '=', from)
		.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}

/** The coordinator of a bid. */
export async function bidCoordinatorId(db: DB, bidId: string): Promise<string> {
	const row = await db.selectFrom('bids').select('coordinator_id').where('id', '=', bidId).executeTakeFirstOrThrow();
	return row.coordinator_id;
}

/** The members of a bid with their role (read model over bid_members). */
export async function listMemberRoles(db: DB, bidId: string) {
	return db.selectFrom('bid_members').select(['user_id', 'role']).where('bid_id', '=', bidId).execute();
}

/** The members of a bid by name, as people to mention or pick (read model over bid_members). */
export async function listMemberNames(db: DB, bidId: string) {
	return db
		.selectFrom('bid_members')
		.innerJoin('users', 'users.id', 'bid_members.user_id')
		.select(['users.id', 'users.name'])
		.where('bid_members.bid_id', '=', bidId)
		.orderBy('users.name')
		.execute();
}

/** Does the bid answer this lot? (read model over bid_lots) */
export async function bidAnswersLot(db: DB, bidId: string, lotId: string): Promise<boolean> {
	const lot = await db.selectFrom('bid_lots').select('lot_id').where('bid_id', '=', bidId).where('lot_id', '=', lotId).executeTakeFirst();
	return Boolean(lot);
}

/** The latest activity entry of `action` on a section, with its actor's name (read model over activity). */
export async function latestSectionActivity(db: DB, sectionId: string, action: string) {
	return db
		.selectFrom('activity')
		.leftJoin('users', 'users.id', 'activity.actor_id')
		.select(['activity.after', 'activity.at', 'users.name'])
		.where('activity.entity', '=', 'section')
		.where('activity.entity_id', '=', sectionId)
		.where('activity.action', '=', action)
		.orderBy('activity.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}
