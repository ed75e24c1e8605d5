/**
 * The required pieces of a tender and of its bids (tables requirements, requirement_items, owned
 * here: the tender's use cases write a tender's pieces through these too): plain Kysely functions
 * taking `db` or a transaction first (data floor, docs/ARCHITECTURE.md), and the read models the
 * checklist needs from the bid's lots and members. No rules, no French, no authorization.
 */
import type { Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { BidRole, ItemStatus, RequirementsTable } from '../db/schema';

/** An item's place in the checklist: which requirement, for which organisation and lot ('' for none). */
export interface ItemKey {
	requirement_id: string;
	organisation_id: string;
	lot_id: string;
}

/** What the items of a bid are expanded from: its tender's requirements, its lots, its members' organisations and roles. */
export async function loadItemSources(db: DB, bidId: string) {
	const bid = await db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.tender_id', 'tenders.dc2_per_lot'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	const requirements = await db.selectFrom('requirements').select(['id', 'scope']).where('tender_id', '=', bid.tender_id).execute();
	const lots = (await db.selectFrom('bid_lots').select('lot_id').where('bid_id', '=', bidId).execute()).map((l) => l.lot_id);
	const members = await db.selectFrom('bid_members').select(['organisation_id', 'role']).where('bid_id', '=', bidId).execute();
	return { requirements, lots, members, perLot: bid.dc2_per_lot === 1 };
}

/** The items of a bid by their key. */
export async function listItemKeys(db: DB, bidId: string): Promise<Array<ItemKey & { id: string }>> {
	return db
		.selectFrom('requirement_items')
		.select(['id', 'requirement_id', 'organisation_id', 'lot_id'])
		.where('bid_id', '=', bidId)
		.execute();
}

export async function deleteItems(db: DB, ids: readonly string[]): Promise<void> {
	if (ids.length) await db.deleteFrom('requirement_items').where('id', 'in', ids).execute();
}

/** Adds items still « to do », with no owner and no file. */
export async function insertTodoItems(db: DB, bidId: string, items: ReadonlyArray<ItemKey & { id: string }>): Promise<void> {
	if (items.length === 0) return;
	await db
		.insertInto('requirement_items')
		.values(items.map((m) => ({ ...m, bid_id: bidId, status: 'todo' as const, owner_id: null, file_id: null })))
		.execute();
}

/** The checklist of a bid: each item with its requirement, organisation, lot, owner and file. */
export async function listChecklist(db: DB, bidId: string) {
	return db
		.selectFrom('requirement_items')
		.innerJoin('requirements', 'requirements.id', 'requirement_items.requirement_id')
		.leftJoin('organisations', 'organisations.id', 'requirement_items.organisation_id')
		.leftJoin('lots', 'lots.id', 'requirement_items.lot_id')
		.leftJoin('users', 'users.id', 'requirement_items.owner_id')
		.leftJoin('files', 'files.id', 'requirement_items.file_id')
		.select([
			'requirement_items.id',
			'requirement_items.status',
			'requirement_items.owner_id as ownerId',
			'requirements.label',
			'requirements.scope',
			'requirements.position',
			'requirements.produced',
			'organisations.name as organisationName',
			'lots.number as lotNumber',
			'users.name as ownerName',
			'files.id as fileId',
			'files.name as fileName'
		])
		.where('requirement_items.bid_id', '=', bidId)
		.orderBy('requirements.position')
		.orderBy('lots.number')
		.orderBy('organisations.name')
		.execute();
}

/** One item of a bid, or undefined. */
export async function findItem(db: DB, bidId: string, itemId: string) {
	return db.selectFrom('requirement_items').selectAll().where('id', '=', itemId).where('bid_id', '=', bidId).executeTakeFirst();
}

export async function updateItem(db: DB, itemId: string, change: { status: ItemStatus; ownerId: string | null; fileId: string | null }) {
	await db
		.updateTable('requirement_items')
		.set({ status: change.status, owner_id: change.ownerId, file_id: change.fileId })
		.where('id', '=', itemId)
		.execute();
}

/** The role of a person in a bid, or undefined when not a member (read model over bid_members). */
export async function memberRole(db: DB, bidId: string, userId: string): Promise<BidRole | undefined> {
	const m = await db.selectFrom('bid_members').select('role').where('bid_id', '=', bidId).where('user_id', '=', userId).executeTakeFirst();
	return m?.role;
}

// --- The tender's required pieces (written by the tender's use cases) -------------------------

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

export async function deleteRequirement(db: DB, tenderId: string, requirementId: string): Promise<void> {
	await db.deleteFrom('requirements').where('id', '=', requirementId).where('tender_id', '=', tenderId).execute();
}

/** A member leaving the bid no longer owns any of its pieces. */
export async function releaseItemOwnership(db: DB, bidId: string, userId: string): Promise<void> {
	await db.updateTable('requirement_items').set({ owner_id: null }).where('bid_id', '=', bidId).where('owner_id', '=', userId).execute();
}
