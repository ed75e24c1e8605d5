/**
 * Writes the bids floor's use cases make, inside their own transaction, to tables other floors
 * own: the default outline of a new bid (sections, section_authors: sections floor) and what a
 * member leaves behind when they go (their authorship, review, pieces: sections floor; their
 * acceptance of the split: split floor). Plain Kysely, no rules. Each function names its table's
 * owner: when that owner's repository offers the same write, call it and delete it here
 * (issue 13, one owner per table).
 */
import type { Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { SectionAuthorsTable, SectionsTable } from '../db/schema';

/** sections (owner: sections floor). */
export async function insertSection(db: DB, section: Insertable<SectionsTable>): Promise<void> {
	await db.insertInto('sections').values(section).execute();
}

/** section_authors (owner: sections floor). */
export async function insertSectionAuthor(db: DB, author: Insertable<SectionAuthorsTable>): Promise<void> {
	await db.insertInto('section_authors').values(author).execute();
}

/**
 * sections, section_authors, requirement_items (owner: sections floor): a user stops writing,
 * reviewing and owning pieces of the bid.
 */
export async function releaseSectionWork(db: DB, bidId: string, userId: string): Promise<void> {
	await db
		.deleteFrom('section_authors')
		.where('user_id', '=', userId)
		.where('section_id', 'in', db.selectFrom('sections').select('id').where('bid_id', '=', bidId))
		.execute();
	await db.updateTable('sections').set({ reviewer_id: null }).where('bid_id', '=', bidId).where('reviewer_id', '=', userId).execute();
	await db.updateTable('requirement_items').set({ owner_id: null }).where('bid_id', '=', bidId).where('owner_id', '=', userId).execute();
}

/** split_acceptances (owner: split floor): a user's acceptance of the split goes. */
export async function deleteSplitAcceptance(db: DB, bidId: string, userId: string): Promise<void> {
	await db.deleteFrom('split_acceptances').where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
}
