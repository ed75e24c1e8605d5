/**
 * A bid's price lines (deliverables) and their assignees: plain Kysely functions taking `db` or
 * a transaction first, no rules, no French (data floor, see docs/ARCHITECTURE.md). The only
 * writer of the deliverables and deliverable_assignees tables; the reads of the bid's lots and
 * members that checking a line needs live here too.
 */
import type { DB } from '../db/index';
import type { DeliverableStatus } from '../db/schema';
import { lineAmountCents } from '../../domain/money';

/** The bid's price lines by lot and position, with their amount and their assignees in order. */
export async function listDeliverables(db: DB, bidId: string) {
	const lines = await db
		.selectFrom('deliverables')
		.innerJoin('lots', 'lots.id', 'deliverables.lot_id')
		.select([
			'deliverables.id',
			'deliverables.lot_id as lotId',
			'lots.number as lotNumber',
			'deliverables.code',
			'deliverables.label',
			'deliverables.quantity_milli as quantityMilli',
			'deliverables.unit',
			'deliverables.unit_price_cents as unitPriceCents',
			'deliverables.status',
			'deliverables.due_at as dueAt',
			'deliverables.delivered_at as deliveredAt',
			'deliverables.position',
			'deliverables.schedule_row as scheduleRow',
			'deliverables.recheck'
		])
		.where('deliverables.bid_id', '=', bidId)
		.orderBy('lots.number')
		.orderBy('deliverables.position')
		.execute();
	const assignees = await db
		.selectFrom('deliverable_assignees')
		.innerJoin('deliverables', 'deliverables.id', 'deliverable_assignees.deliverable_id')
		.innerJoin('users', 'users.id', 'deliverable_assignees.user_id')
		.select([
			'deliverable_assignees.deliverable_id as lineId',
			'users.id as userId',
			'users.name',
			'deliverable_assignees.weight',
			'deliverable_assignees.position'
		])
		.where('deliverables.bid_id', '=', bidId)
		.orderBy('deliverable_assignees.position')
		.execute();
	return lines.map((l) => ({
		...l,
		amountCents: lineAmountCents(l.quantityMilli, l.unitPriceCents),
		assignees: assignees.filter((a) => a.lineId === l.id).map((a) => ({ userId: a.userId, name: a.name, weight: a.weight }))
	}));
}

/** One price line of the bid, as stored (undefined when it is not one of this bid's). */
export async function findDeliverable(db: DB, bidId: string, id: string) {
	return db.selectFrom('deliverables').selectAll().where('id', '=', id).where('bid_id', '=', bidId).executeTakeFirst();
}

/** A line's assignees with their weights, in order. */
export async function listAssigneeWeights(db: DB, deliverableId: string) {
	return db
		.selectFrom('deliverable_assignees')
		.select(['user_id', 'weight'])
		.where('deliverable_id', '=', deliverableId)
		.orderBy('position')
		.execute();
}

/** True when the person is among the line's assignees. */
export async function isAssignee(db: DB, deliverableId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('deliverable_assignees')
		.select('user_id')
		.where('deliverable_id', '=', deliverableId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Boolean(row);
}

/** The position after the last line of that lot of the bid (0 for the first). */
export async function nextDeliverablePosition(db: DB, bidId: string, lotId: string): Promise<number> {
	const last = await db
		.selectFrom('deliverables')
		.select((eb) => eb.fn.max('position').as('p'))
		.where('bid_id', '=', bidId)
		.where('lot_id', '=', lotId)
		.executeTakeFirst();
	return Number(last?.p ?? -1) + 1;
}

/** What a price line says: the fields its form sets. */
export interface DeliverableFields {
	lotId: string;
	code: string;
	label: string;
	quantityMilli: number;
	unit: string;
	unitPriceCents: number;
}

/** Assignees in order, each with a weight. */
export type AssigneeWeights = ReadonlyArray<{ userId: string; weight: number }>;

/** Stores a new line (not started, no dates) with its assignees; `recheck` marks a line copied from a past bid. */
export async function insertDeliverable(
	db: DB,
	line: DeliverableFields & { id: string; bidId: string; position: number; createdAt: number; recheck?: boolean },
	assignees: AssigneeWeights
): Promise<void> {
	await db
		.insertInto('deliverables')
		.values({
			id: line.id,
			bid_id: line.bidId,
			lot_id: line.lotId,
			position: line.position,
			code: line.code,
			label: line.label,
			quantity_milli: line.quantityMilli,
			unit: line.unit,
			unit_price_cents: line.unitPriceCents,
			status: 'todo',
			due_at: null,
			delivered_at: null,
			created_at: line.createdAt,
			recheck: line.recheck ? 1 : 0
		})
		.execute();
	await insertAssignees(db, line.id, assignees);
}

/** Changes what a line says and replaces its assignees; saved again, a copied line no longer needs rechecking. */
export async function updateDeliverableRow(db: DB, id: string, fields: DeliverableFields, assignees: AssigneeWeights): Promise<void> {
	await db
		.updateTable('deliverables')
		.set({
			lot_id: fields.lotId,
			code: fields.code,
			label: fields.label,
			quantity_milli: fields.quantityMilli,
			unit: fields.unit,
			unit_price_cents: fields.unitPriceCents,
			recheck: 0
		})
		.where('id', '=', id)
		.execute();
	await db.deleteFrom('deliverable_assignees').where('deliverable_id', '=', id).execute();
	await insertAssignees(db, id, assignees);
}

async function insertAssignees(db: DB, deliverableId: string, assignees: AssigneeWeights): Promise<void> {
	await db
		.insertInto('deliverable_assignees')
		.values(assignees.map((a, i) => ({ deliverable_id: deliverableId, user_id: a.userId, weight: a.weight, position: i })))
		.execute();
}

/** Sets a line's tracking: status, due date and delivery date (calendar dates, or null). */
export async function updateDeliverableTracking(
	db: DB,
	id: string,
	t: { status: DeliverableStatus; dueAt: number | null; deliveredAt: number | null }
): Promise<void> {
	await db
		.updateTable('deliverables')
		.set({ status: t.status, due_at: t.dueAt, delivered_at: t.deliveredAt })
		.where('id', '=', id)
		.execute();
}

/** Deletes a line (its assignees go with it, by the foreign key's cascade). */
export async function deleteDeliverableRow(db: DB, id: string): Promise<void> {
	await db.deleteFrom('deliverables').where('id', '=', id).execute();
}

// --- Lines tied to a row of the buyer's price schedule (dossier/price-schedule) ---------------------

/** The lot's lines that came from the buyer's schedule, by row, with what filling it back needs. */
export async function listScheduleLines(db: DB, bidId: string, lotId: string) {
	return db
		.selectFrom('deliverables')
		.select([
			'id',
			'schedule_row as scheduleRow',
			'label',
			'quantity_milli as quantityMilli',
			'unit_price_cents as unitPriceCents',
			'status',
			'due_at as dueAt',
			'delivered_at as deliveredAt'
		])
		.where('bid_id', '=', bidId)
		.where('lot_id', '=', lotId)
		.where('schedule_row', 'is not', null)
		.orderBy('schedule_row')
		.execute();
}

/** Stores a line read from a row of the buyer's schedule: not started, no price yet, nobody assigned. */
export async function insertScheduleLine(
	db: DB,
	line: Omit<DeliverableFields, 'unitPriceCents'> & { id: string; bidId: string; position: number; scheduleRow: number; createdAt: number }
): Promise<void> {
	await db
		.insertInto('deliverables')
		.values({
			id: line.id,
			bid_id: line.bidId,
			lot_id: line.lotId,
			position: line.position,
			code: line.code,
			label: line.label,
			quantity_milli: line.quantityMilli,
			unit: line.unit,
			unit_price_cents: 0,
			status: 'todo',
			due_at: null,
			delivered_at: null,
			created_at: line.createdAt,
			schedule_row: line.scheduleRow
		})
		.execute();
}

/** What the buyer's row says of a line (code, designation, unit, quantity); price and assignees stay. */
export async function updateScheduleLine(
	db: DB,
	id: string,
	fields: { code: string; label: string; unit: string; quantityMilli: number }
): Promise<void> {
	await db
		.updateTable('deliverables')
		.set({ code: fields.code, label: fields.label, unit: fields.unit, quantity_milli: fields.quantityMilli })
		.where('id', '=', id)
		.execute();
}

/** Unties a line from the schedule's row (it stays an ordinary price line). */
export async function detachScheduleLine(db: DB, id: string): Promise<void> {
	await db.updateTable('deliverables').set({ schedule_row: null }).where('id', '=', id).execute();
}

// --- Reads of the bid that checking a line needs -------------------------------------------------

/** True when the bid answers that lot. */
export async function bidHasLot(db: DB, bidId: string, lotId: string): Promise<boolean> {
	const row = await db.selectFrom('bid_lots').select('lot_id').where('bid_id', '=', bidId).where('lot_id', '=', lotId).executeTakeFirst();
	return Boolean(row);
}

/** The bid's members with their role. */
export async function listMemberRoles(db: DB, bidId: string) {
	return db.selectFrom('bid_members').select(['user_id', 'role']).where('bid_id', '=', bidId).execute();
}
