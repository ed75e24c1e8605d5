/**
 * Calls for tenders and their lots (tables tenders, lots, owned by this floor) and the reads the
 * tender page needs (required pieces, DCE files): plain Kysely functions taking `db` or a
 * transaction first, returning rows; no rules, no French, no authorization.
 */
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../db/index';
import type { LotsTable, RequirementsTable, TendersTable } from '../db/schema';

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

// requirements (owner: sections floor, which also derives each bid's pieces from them). The
// tender's use cases write them in their own transaction; when the owner's repository offers
// these writes, call it and delete them here (issue 13, one owner per table).

/** requirements (owner: sections floor). */
export async function insertRequirements(db: DB, rows: Insertable<RequirementsTable>[]): Promise<void> {
	await db.insertInto('requirements').values(rows).execute();
}

/** The position after the tender's last required piece (0 for the first). */
export async function nextRequirementPosition(db: DB, tenderId: string): Promise<number> {
	const last = await db
		.selectFrom('requirements')
		.select((eb) => eb.fn.max('position').as('p'))
		.where('tender_id', '=', tenderId)
		.executeTakeFirst();
	return Number(last?.p ?? -1) + 1;
}

/** requirements (owner: sections floor). */
export async function deleteRequirement(db: DB, tenderId: string, requirementId: string): Promise<void> {
	await db.deleteFrom('requirements').where('id', '=', requirementId).where('tender_id', '=', tenderId).execute();
}
