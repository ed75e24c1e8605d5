import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Notifications are also e-mailed when SMTP_URL and ORIGIN are set; `emailed_at` records that it
// was handed to the mailer. Existing notifications count as handled, so turning e-mail on never
// sends a backlog. The index serves the dispatcher's « not yet e-mailed » scan and the deadline
// reminders' « already reminded for this bid » check.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('notifications').addColumn('emailed_at', 'integer').execute();
	await sql`update notifications set emailed_at = created_at`.execute(db);
	await db.schema.createIndex('notifications_pending_email').on('notifications').columns(['emailed_at', 'created_at']).execute();
	await db.schema.createIndex('notifications_bid_kind').on('notifications').columns(['bid_id', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('notifications_bid_kind').ifExists().execute();
	await db.schema.dropIndex('notifications_pending_email').ifExists().execute();
	await db.schema.alterTable('notifications').dropColumn('emailed_at').execute();
}
