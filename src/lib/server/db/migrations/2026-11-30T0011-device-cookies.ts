import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Device cookies (OWASP « Slow Down Online Guessing Attacks with Device Cookies »): a browser
// that signed in to an account gets a long-lived random token `id.secret`; only SHA-256(secret)
// is stored, bound to the account. Sign-in failures through it are counted on it, not on the
// address, so failures from elsewhere never lock the owner's own browsers out.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('device_cookies')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_used_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('device_cookies_user').on('device_cookies').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('device_cookies').ifExists().execute();
}
