import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Search everywhere (issue 16, item 5). One full-text index for every kind of thing a person may
// find: `search_text` (SQLite FTS5, unicode61 without diacritics, so « accessibilite » finds
// « accessibilité ») holds the words, `search_entries` (same rowid) says what each row is, where
// it lives and who may see it (`scope`: 'bid:<id>' for a section or a comment, 'tender:<id>' for
// a call for tenders). A query joins the visible scopes before ranking, so what a person may not
// see never takes a place among the results.
//
// The structured rows keep their index rows up to date by triggers, in the transaction that
// writes them, whoever writes them (use cases, demo, later features writing comments): a
// section's title, a comment's body, a tender's title, reference, buyer and lot titles. A
// section's co-written text is a Yjs document: the application indexes it when the room is
// compacted and at start (rows with `indexed_at` older than the stored document).
//
// The text markers (char(2), char(3)) frame highlighted words in query answers: they are removed
// from indexed text so that nobody's text can forge a highlight.

/** SQL of a text made safe for the index: the highlight markers become spaces. */
function clean(expr: string): string {
	return `replace(replace(coalesce(${expr}, ''), char(2), ' '), char(3), ' ')`;
}

/** SQL of a tender's indexed body: its reference, its buyer and its lots' titles, one a line. */
function tenderBody(tender: string): string {
	return clean(
		`${tender}.reference || char(10) || ${tender}.buyer || coalesce(char(10) || ` +
			`(select group_concat(title, char(10)) from (select title from lots where tender_id = ${tender}.id order by number)), '')`
	);
}

const entryOf = (kind: string, id: string) => `(select id from search_entries where kind = '${kind}' and entity_id = ${id})`;

const TRIGGERS = [
	// Sections: the title here; the co-written text by the application (indexed_at stays 0 until then).
	`create trigger search_section_insert after insert on sections begin
		insert into search_entries (kind, entity_id, scope, parent_id, indexed_at) values ('section', new.id, 'bid:' || new.bid_id, null, 0);
		insert into search_text (rowid, title, body) values (${entryOf('section', 'new.id')}, ${clean('new.title')}, '');
	end`,
	`create trigger search_section_title after update of title on sections when new.title is not old.title begin
		update search_text set title = ${clean('new.title')} where rowid = ${entryOf('section', 'new.id')};
	end`,
	`create trigger search_section_delete after delete on sections begin
		delete from search_text where rowid = ${entryOf('section', 'old.id')};
		delete from search_entries where kind = 'section' and entity_id = old.id;
	end`,
	// Comments: the body; they live in their section (parent_id), seen by its bid's members.
	`create trigger search_comment_insert after insert on section_comments begin
		insert into search_entries (kind, entity_id, scope, parent_id, indexed_at)
			select 'comment', new.id, 'bid:' || s.bid_id, new.section_id, new.created_at from sections s where s.id = new.section_id;
		insert into search_text (rowid, title, body) select id, '', ${clean('new.body')} from search_entries where kind = 'comment' and entity_id = new.id;
	end`,
	`create trigger search_comment_body after update of body on section_comments when new.body is not old.body begin
		update search_text set body = ${clean('new.body')} where rowid = ${entryOf('comment', 'new.id')};
	end`,
	`create trigger search_comment_delete after delete on section_comments begin
		delete from search_text where rowid = ${entryOf('comment', 'old.id')};
		delete from search_entries where kind = 'comment' and entity_id = old.id;
	end`,
	// Tenders: title; reference, buyer and lots in the body.
	`create trigger search_tender_insert after insert on tenders begin
		insert into search_entries (kind, entity_id, scope, parent_id, indexed_at) values ('tender', new.id, 'tender:' || new.id, null, new.created_at);
		insert into search_text (rowid, title, body) values (${entryOf('tender', 'new.id')}, ${clean('new.title')}, ${tenderBody('new')});
	end`,
	`create trigger search_tender_update after update of title, reference, buyer on tenders begin
		update search_text set title = ${clean('new.title')}, body = ${tenderBody('new')} where rowid = ${entryOf('tender', 'new.id')};
	end`,
	`create trigger search_tender_delete after delete on tenders begin
		delete from search_text where rowid = ${entryOf('tender', 'old.id')};
		delete from search_entries where kind = 'tender' and entity_id = old.id;
	end`,
	...['insert', 'update', 'delete'].map((event) => {
		const row = event === 'delete' ? 'old' : 'new';
		return `create trigger search_lot_${event} after ${event} on lots begin
		update search_text set body = (select ${tenderBody('t')} from tenders t where t.id = ${row}.tender_id)
			where rowid = ${entryOf('tender', `${row}.tender_id`)};
	end`;
	})
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table search_entries (
		id integer primary key,
		kind text not null,
		entity_id text not null,
		scope text not null,
		parent_id text,
		indexed_at integer not null default 0,
		unique (kind, entity_id)
	)`.execute(db);
	await sql`create index search_entries_scope on search_entries (scope)`.execute(db);
	await sql`create virtual table search_text using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
	// Titles weigh ten times a body in the ranking (ORDER BY rank).
	await sql`insert into search_text (search_text, rank) values ('rank', 'bm25(10.0, 1.0)')`.execute(db);

	// What is already there (the co-written texts are indexed by the application at start).
	await sql`insert into search_entries (kind, entity_id, scope, parent_id, indexed_at)
		select 'section', id, 'bid:' || bid_id, null, 0 from sections`.execute(db);
	await sql
		.raw(
			`insert into search_text (rowid, title, body)
			select e.id, ${clean('s.title')}, '' from sections s join search_entries e on e.kind = 'section' and e.entity_id = s.id`
		)
		.execute(db);
	await sql`insert into search_entries (kind, entity_id, scope, parent_id, indexed_at)
		select 'comment', c.id, 'bid:' || s.bid_id, c.section_id, c.created_at from section_comments c join sections s on s.id = c.section_id`.execute(
		db
	);
	await sql
		.raw(
			`insert into search_text (rowid, title, body)
			select e.id, '', ${clean('c.body')} from section_comments c join search_entries e on e.kind = 'comment' and e.entity_id = c.id`
		)
		.execute(db);
	await sql`insert into search_entries (kind, entity_id, scope, parent_id, indexed_at)
		select 'tender', id, 'tender:' || id, null, created_at from tenders`.execute(db);
	await sql
		.raw(
			`insert into search_text (rowid, title, body)
			select e.id, ${clean('t.title')}, ${tenderBody('t')} from tenders t join search_entries e on e.kind = 'tender' and e.entity_id = t.id`
		)
		.execute(db);

	for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const name of [
		'search_section_insert',
		'search_section_title',
		'search_section_delete',
		'search_comment_insert',
		'search_comment_body',
		'search_comment_delete',
		'search_tender_insert',
		'search_tender_update',
		'search_tender_delete',
		'search_lot_insert',
		'search_lot_update',
		'search_lot_delete'
	]) {
		await sql.raw(`drop trigger if exists ${name}`).execute(db);
	}
	await sql`drop table if exists search_text`.execute(db);
	await db.schema.dropTable('search_entries').ifExists().execute();
}
