import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// E-mails are no longer sent inside requests: every message is queued in `outbox` and a job
// sends it, retrying with backoff. `attempts` counts tries, `next_attempt_at` is when the next
// one is due, `last_error` the last failure (no message content), `failed_at` set when the job
// gave up. Messages queued before this migration were either sent or printed to the log at the
// time; they count as handled (abandoned), so starting the job never sends a backlog of old
// links.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('outbox')
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('outbox')
		.addColumn('next_attempt_at', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('outbox').addColumn('last_error', 'text').execute();
	await db.schema.alterTable('outbox').addColumn('failed_at', 'integer').execute();
	await sql`update outbox set failed_at = created_at, last_error = 'queued before the outbox job; not sent again' where sent_at is null`.execute(
		db
	);
	await db.schema
		.createIndex('outbox_due')
		.on('outbox')
		.column('next_attempt_at')
		.where(sql.ref('sent_at'), 'is', null)
		.where(sql.ref('failed_at'), 'is', null)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('outbox_due').ifExists().execute();
	for (const column of ['failed_at', 'last_error', 'next_attempt_at', 'attempts']) {
		await db.schema.alterTable('outbox').dropColumn(column).execute();
	}
}
