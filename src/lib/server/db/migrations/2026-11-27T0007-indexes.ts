import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Indexes for the dashboard (measured with npm run bench:pages and EXPLAIN QUERY PLAN): « my
// sections to write » scanned the whole section_authors table and « sections to review » the
// whole sections table, i.e. every organisation's bids, on every dashboard load.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('section_authors_user').on('section_authors').columns(['user_id', 'section_id']).execute();
	await db.schema.createIndex('sections_state').on('sections').column('state').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('sections_state').ifExists().execute();
	await db.schema.dropIndex('section_authors_user').ifExists().execute();
}
