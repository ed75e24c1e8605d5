/**
 * Calls for tenders and their lots (tables tenders, lots, owned by this floor) and the reads the
 * tender page needs (required pieces, DCE files): plain Kysely functions taking `db` or a
 * transaction first, returning rows; no rules, no French, no authorization.
 */
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../db/index';
import type { LotsTable, TendersTable } from '../db/schema';

export async function findTender(db: DB, tenderId: string) {
	return db.selectFrom('tenders').selectAll().where('id', '=', tenderId).executeTakeFirst();
}

export async function insertTender(db: DB, tender: Insertable<TendersTable>): Promise<void> {
	await db.insertInto('tenders').values(tender).execute();
}

export async function updateTenderRow(db: DB, tenderId: string, values: Updateable<TendersTable>): Promise<void> {
	await db.updateTable('tenders').set(values).where('id', '=', tenderId).execute();
}

/** Tenders a user created or is in a bid on, nearest deadline first. */
export async function listVisibleTenders(db: DB, userId: string) {
	return db
		.selectFrom('tenders')
		.select(['tenders.id', 'tenders.title', 'tenders.buyer', 'tenders.reference', 'tenders.dlro'])
		.where((eb) =>
			eb.or([
				eb('tenders.created_by', '=', userId),
				eb.exists(
					eb
						.selectFrom('bids')
						.innerJoin('bid_members', 'bid_members.bid_id', 'bids.id')
						.select('bids.id')
						.whereRef('bids.tender_id', '=', 'tenders.id')
						.where('bid_members.user_id', '=', userId)
				)
			])
		)
		.orderBy('tenders.dlro', 'asc')
		.execute();
}

/** The tender's lots by number (criteria still JSON text). */
export async function listLots(db: DB, tenderId: string) {
	return db.selectFrom('lots').selectAll().where('tender_id', '=', tenderId).orderBy('number').execute();
}

export async function lotNumberTaken(db: DB, tenderId: string, number: number): Promise<boolean> {
	const row = await db.selectFrom('lots').select('id').where('tender_id', '=', tenderId).where('number', '=', number).executeTakeFirst();
	return Boolean(row);
}

export async function insertLot(db: DB, lot: Insertable<LotsTable>): Promise<void> {
	await db.insertInto('lots').values(lot).execute();
}

/** The tender's required pieces, in order. */
export async function listRequirements(db: DB, tenderId: string) {
	return db.selectFrom('requirements').selectAll().where('tender_id', '=', tenderId).orderBy('position').execute();
}

/** The DCE files of the tender, oldest first. */
export async function listDceFiles(db: DB, tenderId: string) {
	return db
		.selectFrom('files')
		.select(['id', 'name', 'size', 'sha256', 'mime', 'created_at'])
		.where('tender_id', '=', tenderId)
		.where('kind', '=', 'dce')
		.orderBy('created_at')
		.execute();
}
