/**
 * Payments received from the buyer and their shares among people (data floor, see
 * docs/ARCHITECTURE.md): plain Kysely functions taking `db` or a transaction first, no rules,
 * no French. The only writer of the payments and payment_shares tables.
 */
import type { DB } from '../db/index';

export interface PaymentRow {
	id: string;
	bidId: string;
	lotId: string;
	organisationId: string;
	amountCents: number;
	receivedOn: number;
	recordedBy: string;
	createdAt: number;
}

/** Stores a payment and its shares (in order) of one legal member for one lot. */
export async function insertPayment(
	db: DB,
	p: PaymentRow,
	shares: ReadonlyArray<{ personId: string; amountCents: number }>
): Promise<void> {
	await db
		.insertInto('payments')
		.values({
			id: p.id,
			bid_id: p.bidId,
			lot_id: p.lotId,
			organisation_id: p.organisationId,
			amount_cents: p.amountCents,
			received_on: p.receivedOn,
			recorded_by: p.recordedBy,
			created_at: p.createdAt
		})
		.execute();
	await db
		.insertInto('payment_shares')
		.values(shares.map((s, i) => ({ payment_id: p.id, user_id: s.personId, amount_cents: s.amountCents, position: i })))
		.execute();
}

/** One payment of the bid (undefined when it is not one of this bid's). */
export async function findPayment(db: DB, bidId: string, paymentId: string) {
	return db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('bid_id', '=', bidId).executeTakeFirst();
}

/** Deletes a payment (its shares go with it, by the foreign key's cascade). */
export async function deletePaymentRow(db: DB, paymentId: string): Promise<void> {
	await db.deleteFrom('payments').where('id', '=', paymentId).execute();
}

/** The shares already received by a legal member's people on one lot of the bid. */
export async function listMemberLotShares(db: DB, bidId: string, lotId: string, organisationId: string) {
	return db
		.selectFrom('payment_shares')
		.innerJoin('payments', 'payments.id', 'payment_shares.payment_id')
		.select(['payment_shares.user_id', 'payment_shares.amount_cents'])
		.where('payments.bid_id', '=', bidId)
		.where('payments.lot_id', '=', lotId)
		.where('payments.organisation_id', '=', organisationId)
		.execute();
}

/** The bid's payments, oldest received first, with the payee's and the recorder's names. */
export async function listPayments(db: DB, bidId: string) {
	return db
		.selectFrom('payments')
		.innerJoin('organisations', 'organisations.id', 'payments.organisation_id')
		.innerJoin('users', 'users.id', 'payments.recorded_by')
		.select([
			'payments.id',
			'payments.lot_id',
			'payments.organisation_id',
			'payments.amount_cents',
			'payments.received_on',
			'payments.recorded_by',
			'payments.created_at',
			'organisations.name as orgName',
			'users.name as recorderName'
		])
		.where('payments.bid_id', '=', bidId)
		.orderBy('payments.received_on')
		.orderBy('payments.created_at')
		.orderBy('payments.id')
		.execute();
}

/** Every share of the bid's payments, in each payment's order, with the person's name. */
export async function listPaymentShares(db: DB, bidId: string) {
	return db
		.selectFrom('payment_shares')
		.innerJoin('payments', 'payments.id', 'payment_shares.payment_id')
		.innerJoin('users', 'users.id', 'payment_shares.user_id')
		.select(['payment_shares.payment_id', 'payment_shares.user_id', 'payment_shares.amount_cents', 'users.name'])
		.where('payments.bid_id', '=', bidId)
		.orderBy('payment_shares.position')
		.execute();
}
