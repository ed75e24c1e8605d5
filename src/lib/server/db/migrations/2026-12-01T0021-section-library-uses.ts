import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The library inside the section editor (issue 16, items 2 and 3): a section remembers each
// library entry inserted into it — which entry, which version, who inserted it and when — and
// where the copy is in its text, as two Yjs relative positions (base64, like comment anchors),
// so that « mettre à jour » can replace that range with a newer version. The copy belongs to the
// section: deleting the entry or the section forgets the use, never the text.

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table section_library_uses (
		id text primary key,
		section_id text not null references sections(id) on delete cascade,
		entry_id text not null references library_entries(id) on delete cascade,
		version integer not null check (version >= 1),
		range_start text not null,
		range_end text not null,
		inserted_by text not null references users(id),
		inserted_at integer not null,
		updated_at integer not null
	)`.execute(db);
	await sql`create index section_library_uses_section on section_library_uses (section_id, inserted_at)`.execute(db);
	await sql`create index section_library_uses_entry on section_library_uses (entry_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table section_library_uses`.execute(db);
}
