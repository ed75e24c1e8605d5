import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('trade', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('public_fields', 'text', (c) => c.notNull().defaultTo('["trade","skills","department","region"]'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('organisations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('siret', 'text', (c) => c.notNull().unique())
		.addColumn('contribution_rate_bp', 'integer', (c) => c.notNull().check(sql`contribution_rate_bp between 0 and 10000`))
		.addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('memberships')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		// One legal member per person: an entrepreneur-salarié belongs to one structure.
		.addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('contribution_rate_bp', 'integer', (c) =>
			c.check(sql`contribution_rate_bp is null or contribution_rate_bp between 0 and 10000`)
		)
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('memberships_org').on('memberships').column('organisation_id').execute();

	await db.schema
		.createTable('org_invitations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'blob', (c) => c.notNull().unique())
		.addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.execute();

	await db.schema
		.createTable('password_resets')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('token_hash', 'blob', (c) => c.notNull().unique())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.execute();

	await db.schema
		.createTable('outbox')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('sent_at', 'integer')
		.execute();

	await db.schema
		.createTable('auth_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('auth_attempts_key_at').on('auth_attempts').columns(['key', 'at']).execute();

	await db.schema
		.createTable('activity')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('organisation_id', 'text')
		.addColumn('bid_id', 'text')
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.execute();
	await db.schema.createIndex('activity_bid').on('activity').columns(['bid_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'activity',
		'auth_attempts',
		'outbox',
		'password_resets',
		'org_invitations',
		'memberships',
		'organisations',
		'sessions',
		'users'
	]) {
		await db.schema.dropTable(t).ifExists().execute();
	}
}
