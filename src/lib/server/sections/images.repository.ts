/**
 * The rows of images added to sections (table section_images, migration 0014): plain Kysely
 * functions taking `db` or a transaction first (data floor, docs/ARCHITECTURE.md). No rules here.
 */
import type { DB } from '../db/index';

export interface SectionImageRow {
	fileId: string;
	originalFileId: string;
	bidId: string;
	sectionId: string;
	width: number;
	height: number;
	createdAt: number;
}

export async function insertSectionImage(db: DB, row: SectionImageRow): Promise<void> {
	await db
		.insertInto('section_images')
		.values({
			file_id: row.fileId,
			original_file_id: row.originalFileId,
			bid_id: row.bidId,
			section_id: row.sectionId,
			width: row.width,
			height: row.height,
			created_at: row.createdAt
		})
		.execute();
}

/**
 * The displayed pictures among `fileIds` that belong to `bidId` (an image of another bid, or a
 * file that is no section image, is not returned): what an export of that bid may embed.
 */
export async function findBidImages(db: DB, bidId: string, fileIds: readonly string[]) {
	if (fileIds.length === 0) return [];
	return db
		.selectFrom('section_images')
		.innerJoin('files', 'files.id', 'section_images.file_id')
		.select(['files.id', 'files.stored_name', 'files.mime', 'section_images.width', 'section_images.height'])
		.where('section_images.bid_id', '=', bidId)
		.where('files.bid_id', '=', bidId)
		.where('files.kind', '=', 'image')
		.where('files.id', 'in', [...fileIds])
		.execute();
}
