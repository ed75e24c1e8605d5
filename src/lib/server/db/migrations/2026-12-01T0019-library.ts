import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The library (issue 16, items 1 and 6): entries a person or an organisation (a CAE's shared
// entries) wrote once to reuse in bids — a title, a kind, tags, structured fields per kind (JSON),
// and rich text stored as one Yjs update (`content`, written by the application from validated
// ProseMirror JSON and always read back through the server readers) with its plain text
// (`content_text`) kept beside it for the search index.
//
// `audience` is who may see the entry, as the search index names it: 'user:<owner>' (moi),
// 'organisation:<org>' (mon organisation), 'groups:<owner>' (the people I share a bid with),
// 'directory' (everyone signed in). The application computes it when the entry is saved; the
// triggers copy it into `search_entries.scope`, so the pages and the search read one value.
// A person who leaves an organisation takes their entries shared with it back to « moi »
// (trigger on memberships), so their former colleagues stop seeing them at once.
//
// `review_by` is the « à revoir avant le » date; `reminded_for` the review date its owner was
// last reminded of (once per entry and period: a new review date is a new period).

/** SQL of a text made safe for the index: the highlight markers become spaces. */
function clean(expr: string): string {
	return `replace(replace(coalesce(${expr}, ''), char(2), ' '), char(3), ' ')`;
}

/** The indexed body of an entry: its tags, its fields' values and its text, one a line. */
function body(row: string): string {
	return clean(
		`coalesce((select group_concat(value, ' ') from json_each(${row}.tags)), '') || char(10) || ` +
			`coalesce((select group_concat(value, ' ') from json_each(${row}.fields) where type = 'text' or key = 'year'), '') || char(10) || ${row}.content_text`
	);
}

const entryOf = (id: string) => `(select id from search_entries where kind = 'library' and entity_id = ${id})`;

const TRIGGERS = [
	`create trigger search_library_insert after insert on library_entries begin
		insert into search_entries (kind, entity_id, scope, parent_id, indexed_at) values ('library', new.id, new.audience, null, new.updated_at);
		insert into search_text (rowid, title, body) values (${entryOf('new.id')}, ${clean('new.title')}, ${body('new')});
	end`,
	`create trigger search_library_update after update of title, kind, tags, fields, content_text, audience on library_entries begin
		update search_entries set scope = new.audience, indexed_at = new.updated_at where kind = 'library' and entity_id = new.id;
		update search_text set title = ${clean('new.title')}, body = ${body('new')} where rowid = ${entryOf('new.id')};
	end`,
	`create trigger search_library_delete after delete on library_entries begin
		delete from search_text where rowid = ${entryOf('old.id')};
		delete from search_entries where kind = 'library' and entity_id = old.id;
	end`,
	`create trigger library_membership_left after delete on memberships begin
		update library_entries set visibility = 'private', audience = 'user:' || old.user_id
			where owner_user_id = old.user_id and audience = 'organisation:' || old.organisation_id;
	end`
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table library_entries (
		id text primary key,
		title text not null,
		kind text not null,
		tags text not null default '[]',
		fields text not null default '{}',
		owner_user_id text references users(id) on delete cascade,
		owner_organisation_id text references organisations(id) on delete cascade,
		visibility text not null,
		audience text not null,
		content blob not null,
		content_text text not null default '',
		version integer not null default 1,
		review_by integer not null,
		reminded_for integer,
		created_by text not null references users(id),
		created_at integer not null,
		updated_by text not null references users(id),
		updated_at integer not null,
		check ((owner_user_id is null) <> (owner_organisation_id is null))
	)`.execute(db);
	await sql`create index library_entries_owner_user on library_entries (owner_user_id)`.execute(db);
	await sql`create index library_entries_owner_org on library_entries (owner_organisation_id)`.execute(db);
	await sql`create index library_entries_audience on library_entries (audience)`.execute(db);
	await sql`create index library_entries_review on library_entries (review_by)`.execute(db);
	for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const name of ['search_library_insert', 'search_library_update', 'search_library_delete', 'library_membership_left']) {
		await sql.raw(`drop trigger if exists ${name}`).execute(db);
	}
	await sql`delete from search_text where rowid in (select id from search_entries where kind = 'library')`.execute(db);
	await sql`delete from search_entries where kind = 'library'`.execute(db);
	await db.schema.dropTable('library_entries').ifExists().execute();
}
