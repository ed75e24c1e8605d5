import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Payments received from the buyer for a won bid: one row per payment (lot, legal member that
// received it, amount HT, date), and its shares among that member's people, computed once when
// the payment is recorded (an immutable ledger).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('payments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('lot_id', 'text', (c) => c.notNull().references('lots.id'))
		// The legal member (organisation) that received the money.
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
		.addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents > 0`))
		// Calendar date of receipt: milliseconds at 00:00 UTC of that day.
		.addColumn('received_on', 'integer', (c) => c.notNull())
		.addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('payments_bid').on('payments').columns(['bid_id', 'lot_id', 'organisation_id']).execute();

	await db.schema
		.createTable('payment_shares')
		.addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents >= 0`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('payment_shares_pk', ['payment_id', 'user_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('payment_shares').ifExists().execute();
	await db.schema.dropTable('payments').ifExists().execute();
}
