/**
 * The library's SQL (issue 16): entries (`library_entries`, migration 0019, whose triggers keep
 * the search index in step), the facts the policy decides on (who shares a bid with whom), the
 * entries due for a review reminder and who is told, and the entries shared with the partner
 * directory. Plain Kysely functions taking `db` or a transaction first; no rules, no French.
 */
import { sql } from 'kysely';
import type { DB } from '../db/index';
import type { LibraryEntriesTable } from '../db/schema';

type Row = LibraryEntriesTable;

export async function insertLibraryEntry(db: DB, row: Row): Promise<void> {
	await db.insertInto('library_entries').values(row).execute();
}

export async function updateLibraryEntry(
	db: DB,
	id: string,
	patch: Partial<Omit<Row, 'id' | 'owner_user_id' | 'owner_organisation_id' | 'created_by' | 'created_at'>>
): Promise<void> {
	await db.updateTable('library_entries').set(patch).where('id', '=', id).execute();
}

export async function deleteLibraryEntry(db: DB, id: string): Promise<void> {
	await db.deleteFrom('library_entries').where('id', '=', id).execute();
}

/** One entry with its owner's and last editor's names. */
export async function findLibraryEntry(db: DB, id: string) {
	return db
		.selectFrom('library_entries as e')
		.leftJoin('users as owner', 'owner.id', 'e.owner_user_id')
		.leftJoin('organisations as org', 'org.id', 'e.owner_organisation_id')
		.innerJoin('users as editor', 'editor.id', 'e.updated_by')
		.selectAll('e')
		.select(['owner.name as ownerUserName', 'org.name as ownerOrganisationName', 'editor.name as updatedByName'])
		.where('e.id', '=', id)
		.executeTakeFirst();
}

/**
 * The entries that may be visible to someone who sees `audiences`, writes for `organisationId`
 * (its staff) or owns them — without their content, which lists do not show; the policy decides on each.
 */
export async function listCandidateEntries(db: DB, q: { userId: string; audiences: readonly string[]; organisationId: string | null }) {
	return db
		.selectFrom('library_entries as e')
		.leftJoin('users as owner', 'owner.id', 'e.owner_user_id')
		.leftJoin('organisations as org', 'org.id', 'e.owner_organisation_id')
		.select([
			'e.id',
			'e.title',
			'e.kind',
			'e.tags',
			'e.fields',
			'e.owner_user_id',
			'e.owner_organisation_id',
			'e.visibility',
			'e.audience',
			'e.content_text',
			'e.version',
			'e.review_by',
			'e.updated_at',
			'owner.name as ownerUserName',
			'org.name as ownerOrganisationName'
		])
		.where((eb) =>
			eb.or([
				eb('e.audience', 'in', q.audiences.length ? [...q.audiences] : ['']),
				eb('e.owner_user_id', '=', q.userId),
				...(q.organisationId ? [eb('e.owner_organisation_id', '=', q.organisationId)] : [])
			])
		)
		.execute();
}

/** The people who are members of a bid `userId` is a member of (any state, any role), `userId` excluded. */
export async function coMemberIdsOf(db: DB, userId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('bid_members as mine')
		.innerJoin('bid_members as other', 'other.bid_id', 'mine.bid_id')
		.select('other.user_id')
		.distinct()
		.where('mine.user_id', '=', userId)
		.where('other.user_id', '!=', userId)
		.execute();
	return rows.map((r) => r.user_id);
}

/** Whether two people are members of a same bid. */
export async function shareABid(db: DB, a: string, b: string): Promise<boolean> {
	const row = await db
		.selectFrom('bid_members as x')
		.innerJoin('bid_members as y', 'y.bid_id', 'x.bid_id')
		.select('x.bid_id')
		.where('x.user_id', '=', a)
		.where('y.user_id', '=', b)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/** Entries past their review date whose owner was not reminded of that date yet. */
export async function listEntriesDueForReminder(db: DB, now: number, limit: number) {
	return db
		.selectFrom('library_entries')
		.select(['id', 'title', 'owner_user_id', 'owner_organisation_id', 'review_by'])
		.where('review_by', '<=', now)
		.where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '!=', eb.ref('review_by'))]))
		.orderBy('review_by')
		.limit(limit)
		.execute();
}

/** Notes that the entry's owner was reminded of `reviewBy`; false when someone already did (or the date moved). */
export async function markReminded(db: DB, id: string, reviewBy: number): Promise<boolean> {
	const result = await db
		.updateTable('library_entries')
		.set({ reminded_for: reviewBy })
		.where('id', '=', id)
		.where('review_by', '=', reviewBy)
		.where(sql<boolean>`reminded_for is not review_by`)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The people who write an organisation's entries: its admins and support staff. */
export async function organisationWriterIds(db: DB, organisationId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('user_id')
		.where('organisation_id', '=', organisationId)
		.where('role', 'in', ['admin', 'support'])
		.execute();
	return rows.map((r) => r.user_id);
}

/** The entries these people shared with the partner directory, by title. */
export async function listDirectoryEntriesOf(db: DB, userIds: readonly string[]) {
	if (userIds.length === 0) return [];
	return db
		.selectFrom('library_entries')
		.select(['id', 'title', 'kind', 'fields', 'owner_user_id'])
		.where('owner_user_id', 'in', [...userIds])
		.where('audience', '=', 'directory')
		.orderBy('kind')
		.orderBy('title')
		.execute();
}

/** The kind and owner's name of these entries (search results). */
export async function libraryEntryNames(db: DB, ids: readonly string[]) {
	if (ids.length === 0) return [];
	return db
		.selectFrom('library_entries as e')
		.leftJoin('users as owner', 'owner.id', 'e.owner_user_id')
		.leftJoin('organisations as org', 'org.id', 'e.owner_organisation_id')
		.select(['e.id', 'e.kind', 'owner.name as userName', 'org.name as organisationName'])
		.where('e.id', 'in', [...ids])
		.execute();
}
