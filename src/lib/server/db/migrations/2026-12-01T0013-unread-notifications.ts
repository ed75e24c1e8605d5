import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The header of every signed-in page shows the person's count of unread notifications (issue 12).
// A partial index holds only the unread rows, so that count (and « tout marquer comme lu ») reads
// the person's unread notifications alone, however many read ones years of use leave behind.

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index notifications_unread on notifications (user_id) where read_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('notifications_unread').ifExists().execute();
}
