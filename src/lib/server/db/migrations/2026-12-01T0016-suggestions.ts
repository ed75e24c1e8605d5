import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Suggested changes (issue 15): the coordinator may let the bid's observers suggest changes in
// the sections (insertions and deletions the writers accept or refuse). Off by default: an
// observer reads, as before, until the coordinator says otherwise.

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table bids add column observers_may_suggest integer not null default 0 check (observers_may_suggest in (0, 1))`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table bids drop column observers_may_suggest`.execute(db);
}
