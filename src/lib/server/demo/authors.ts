/**
 * Demo: gives a section one more author through the sections repository, leaving it as it is
 * when that person already writes it (the coordinator is the default outline's author).
 */
import type { DB } from '../db/index';
import { insertAuthors, listAuthorIds } from '../sections/sections.repository';

export async function addDemoAuthor(db: DB, sectionId: string, userId: string): Promise<void> {
	if ((await listAuthorIds(db, sectionId)).includes(userId)) return;
	await insertAuthors(db, sectionId, [userId]);
}
