/**
 * The SQL of library entries inserted into sections (issue 16, item 2; `section_library_uses`,
 * migration 0021): record a use, move it to a new version and range, list a section's uses with
 * their entry's current version and title. Plain Kysely functions taking `db` first; no rules.
 */
import type { DB } from '../db/index';
import type { SectionLibraryUsesTable } from '../db/schema';

export async function insertSectionLibraryUse(db: DB, row: SectionLibraryUsesTable): Promise<void> {
	await db.insertInto('section_library_uses').values(row).execute();
}

export async function updateSectionLibraryUse(
	db: DB,
	sectionId: string,
	useId: string,
	patch: Pick<SectionLibraryUsesTable, 'version' | 'range_start' | 'range_end' | 'updated_at'>
): Promise<boolean> {
	const result = await db
		.updateTable('section_library_uses')
		.set(patch)
		.where('id', '=', useId)
		.where('section_id', '=', sectionId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function findSectionLibraryUse(db: DB, sectionId: string, useId: string) {
	return db.selectFrom('section_library_uses').selectAll().where('id', '=', useId).where('section_id', '=', sectionId).executeTakeFirst();
}

/** A section's uses, oldest first, with the entry's current title and version and who inserted it. */
export async function listSectionLibraryUses(db: DB, sectionId: string) {
	return db
		.selectFrom('section_library_uses as u')
		.innerJoin('library_entries as e', 'e.id', 'u.entry_id')
		.innerJoin('users as by', 'by.id', 'u.inserted_by')
		.select([
			'u.id',
			'u.entry_id',
			'u.version',
			'u.range_start',
			'u.range_end',
			'u.inserted_at',
			'by.name as insertedByName',
			'e.title as entryTitle',
			'e.version as entryVersion'
		])
		.where('u.section_id', '=', sectionId)
		.orderBy('u.inserted_at')
		.orderBy('u.id')
		.execute();
}
