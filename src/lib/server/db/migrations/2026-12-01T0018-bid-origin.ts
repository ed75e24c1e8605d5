import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// A bid started from a past one may copy its price lines (issue 16, item 4). Their prices were
// set for another buyer and another date, so each copied line carries « à revérifier » until
// someone saves it again: 1 on a copied line, 0 otherwise.

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table deliverables add column recheck integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table deliverables drop column recheck`.execute(db);
}
