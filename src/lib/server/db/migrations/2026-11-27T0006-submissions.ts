import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The immutable record of a submitted bid, and the deposit on the buyer's platform.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('submissions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// One submission per bid, enforced by the database (a race cannot submit twice).
		.addColumn('bid_id', 'text', (c) => c.notNull().unique().references('bids.id').onDelete('cascade'))
		.addColumn('submitted_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('submitted_at', 'integer', (c) => c.notNull())
		.addColumn('paris_time', 'text', (c) => c.notNull())
		/** JSON: tender, lots, members, split result, files with SHA-256. */
		.addColumn('snapshot', 'text', (c) => c.notNull())
		.addColumn('deposited_at', 'integer')
		.addColumn('deposit_receipt_file_id', 'text', (c) => c.references('files.id'))
		.addColumn('deposit_recorded_by', 'text', (c) => c.references('users.id'))
		.execute();

	await db.schema
		.createTable('submission_sections')
		.addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
		.addColumn('section_id', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('lot_id', 'text')
		.addColumn('state', 'blob', (c) => c.notNull())
		.addColumn('html', 'text', (c) => c.notNull())
		.addColumn('doc_json', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('submission_sections_pk', ['submission_id', 'section_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('submission_sections').ifExists().execute();
	await db.schema.dropTable('submissions').ifExists().execute();
}
