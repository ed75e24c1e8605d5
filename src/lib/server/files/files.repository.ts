/**
 * Stored files' rows (table files): plain Kysely functions taking `db` or a transaction first
 * (data floor, docs/ARCHITECTURE.md). The bytes live on disk (files/storage.ts). No rules here.
 */
import type { DB } from '../db/index';

export interface FileRow {
	id: string;
	tenderId: string | null;
	bidId: string | null;
	kind: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	storedName: string;
	uploadedBy: string;
	createdAt: number;
}

export async function insertFile(db: DB, f: FileRow): Promise<void> {
	await db
		.insertInto('files')
		.values({
			id: f.id,
			tender_id: f.tenderId,
			bid_id: f.bidId,
			kind: f.kind,
			name: f.name,
			mime: f.mime,
			size: f.size,
			sha256: f.sha256,
			stored_name: f.storedName,
			uploaded_by: f.uploadedBy,
			created_at: f.createdAt
		})
		.execute();
}

/** The whole row of a stored file, or undefined. */
export async function findFile(db: DB, fileId: string) {
	return db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
}

/** Removes a file's row (its bytes are removed by files/storage.ts once the transaction is done). */
export async function deleteFile(db: DB, fileId: string): Promise<void> {
	await db.deleteFrom('files').where('id', '=', fileId).execute();
}
