/**
 * Reads of a bid's price lines (deliverables) and their assignees: plain Kysely functions taking
 * `db` or a transaction first (data floor, see docs/ARCHITECTURE.md).
 */
import type { DB } from '../db/index';
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
			'deliverables.position'
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
