import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Comments anchored in a section's text (issue 15, item 2). A thread is tied to a range of the
// co-written text by two Yjs relative positions (Y.encodeRelativePosition, stored base64), so it
// follows edits by others; it keeps the text quoted when it was opened, and whether and by whom
// it was resolved. Its comments are rows of section_comments with thread_id set (a null
// thread_id is the section's general discussion, as before). client_key is the idempotency key
// a browser sends with a comment (posted again after a lost answer or from the offline queue):
// one comment per author and key.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('comment_threads')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('section_id', 'text', (c) => c.notNull().references('sections.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('anchor_start', 'text', (c) => c.notNull())
		.addColumn('anchor_end', 'text', (c) => c.notNull())
		.addColumn('quote', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('resolved_at', 'integer')
		.addColumn('resolved_by', 'text', (c) => c.references('users.id'))
		.execute();
	await db.schema.createIndex('comment_threads_section').on('comment_threads').columns(['section_id', 'resolved_at']).execute();

	await db.schema
		.alterTable('section_comments')
		.addColumn('thread_id', 'text', (c) => c.references('comment_threads.id').onDelete('cascade'))
		.execute();
	await db.schema.alterTable('section_comments').addColumn('client_key', 'text').execute();
	await db.schema.createIndex('section_comments_thread').on('section_comments').columns(['thread_id', 'created_at']).execute();
	await sql`create unique index section_comments_client_key on section_comments (author_id, client_key) where client_key is not null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('section_comments_client_key').ifExists().execute();
	await db.schema.dropIndex('section_comments_thread').ifExists().execute();
	await db.schema.alterTable('section_comments').dropColumn('client_key').execute();
	await db.schema.alterTable('section_comments').dropColumn('thread_id').execute();
	await db.schema.dropTable('comment_threads').ifExists().execute();
}
