import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Accompaniment at a distance (issue 20): what a cooperative's support staff ask and are asked.
//  - follow_requests: a support person asks a bid's coordinator to add her as an observer
//    (« demander à suivre »); one pending request per person and bid.
//  - help_requests: an entrepreneur asks their cooperative's support staff for help from a bid,
//    optionally on a section or a price line; answered and marked handled by the staff.
//  - accompaniment_digests: the weekly digest sent to each support person, one row per person
//    and ISO week, so the job never sends the same week twice.

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table follow_requests (
		id text primary key,
		bid_id text not null references bids(id) on delete cascade,
		user_id text not null references users(id) on delete cascade,
		organisation_id text not null references organisations(id) on delete cascade,
		status text not null check (status in ('pending', 'accepted', 'refused')),
		created_at integer not null,
		decided_at integer,
		decided_by text references users(id) on delete set null
	)`.execute(db);
	await sql`create unique index follow_requests_pending on follow_requests (bid_id, user_id) where status = 'pending'`.execute(db);
	await sql`create index follow_requests_user on follow_requests (user_id)`.execute(db);

	await sql`create table help_requests (
		id text primary key,
		bid_id text not null references bids(id) on delete cascade,
		organisation_id text not null references organisations(id) on delete cascade,
		asked_by text not null references users(id) on delete cascade,
		section_id text references sections(id) on delete set null,
		deliverable_id text references deliverables(id) on delete set null,
		message text not null,
		created_at integer not null,
		answer text,
		answered_by text references users(id) on delete set null,
		answered_at integer,
		handled_at integer,
		handled_by text references users(id) on delete set null
	)`.execute(db);
	await sql`create index help_requests_org on help_requests (organisation_id, handled_at)`.execute(db);
	await sql`create index help_requests_bid on help_requests (bid_id)`.execute(db);

	await sql`create table accompaniment_digests (
		user_id text not null references users(id) on delete cascade,
		week text not null,
		sent_at integer not null,
		bid_count integer not null,
		primary key (user_id, week)
	)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table accompaniment_digests`.execute(db);
	await sql`drop table help_requests`.execute(db);
	await sql`drop table follow_requests`.execute(db);
}
