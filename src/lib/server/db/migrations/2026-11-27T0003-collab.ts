import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Co-written text (one Yjs document per room, e.g. "section/<id>"): an append-only log of
// Yjs updates plus one compacted snapshot per room.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('collab_updates')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('room', 'text', (c) => c.notNull())
		.addColumn('data', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('collab_updates_room').on('collab_updates').columns(['room', 'id']).execute();

	await db.schema
		.createTable('collab_snapshots')
		.addColumn('room', 'text', (c) => c.primaryKey())
		.addColumn('state', 'blob', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('collab_snapshots').ifExists().execute();
	await db.schema.dropTable('collab_updates').ifExists().execute();
}
