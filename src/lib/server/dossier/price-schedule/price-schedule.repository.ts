/**
 * The buyer's price schedule of each lot (table price_schedules): plain Kysely functions taking
 * `db` or a transaction first, no rules, no French (data floor, docs/ARCHITECTURE.md). The only
 * writer of price_schedules; the price lines a schedule creates are written through
 * bids/deliverables.repository.ts.
 */
import type { DB } from '../../db/index';

/** The lot's schedule with its stored file, or undefined when none was uploaded. */
export async function findSchedule(db: DB, bidId: string, lotId: string) {
	return db
		.selectFrom('price_schedules')
		.innerJoin('files', 'files.id', 'price_schedules.file_id')
		.select([
			'price_schedules.id',
			'price_schedules.file_id as fileId',
			'price_schedules.mapping',
			'price_schedules.created_by as createdBy',
			'price_schedules.updated_at as updatedAt',
			'files.name as fileName',
			'files.size as fileSize',
			'files.stored_name as storedName',
			'files.sha256'
		])
		.where('price_schedules.bid_id', '=', bidId)
		.where('price_schedules.lot_id', '=', lotId)
		.executeTakeFirst();
}

/** The bid's schedules, one per lot that has one (for the prestations page's links). */
export async function listBidSchedules(db: DB, bidId: string) {
	return db
		.selectFrom('price_schedules')
		.innerJoin('files', 'files.id', 'price_schedules.file_id')
		.select(['price_schedules.lot_id as lotId', 'price_schedules.mapping', 'files.name as fileName'])
		.where('price_schedules.bid_id', '=', bidId)
		.execute();
}

/**
 * Records a newly uploaded workbook for the lot: a new row, or the lot's row pointing at the new
 * file with its mapping cleared (a new workbook is mapped again).
 */
export async function saveScheduleFile(
	db: DB,
	s: { id: string; bidId: string; lotId: string; fileId: string; createdBy: string; at: number }
): Promise<string> {
	const existing = await db
		.selectFrom('price_schedules')
		.select('id')
		.where('bid_id', '=', s.bidId)
		.where('lot_id', '=', s.lotId)
		.executeTakeFirst();
	if (existing) {
		await db
			.updateTable('price_schedules')
			.set({ file_id: s.fileId, mapping: null, created_by: s.createdBy, updated_at: s.at })
			.where('id', '=', existing.id)
			.execute();
		return existing.id;
	}
	await db
		.insertInto('price_schedules')
		.values({
			id: s.id,
			bid_id: s.bidId,
			lot_id: s.lotId,
			file_id: s.fileId,
			mapping: null,
			created_by: s.createdBy,
			created_at: s.at,
			updated_at: s.at
		})
		.execute();
	return s.id;
}

/** Stores the confirmed mapping (JSON). */
export async function saveScheduleMapping(db: DB, id: string, mappingJson: string, at: number): Promise<void> {
	await db.updateTable('price_schedules').set({ mapping: mappingJson, updated_at: at }).where('id', '=', id).execute();
}
