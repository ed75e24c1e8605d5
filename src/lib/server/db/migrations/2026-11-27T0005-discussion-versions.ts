import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Per-section discussion (comments with @mentions of group members) and named versions of a
// section's co-written text (the Yjs state at that moment plus its HTML rendering, so a version
// is shown without Yjs and survives any later change to the live document).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('section_comments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('section_id', 'text', (c) => c.notNull().references('sections.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('section_comments_section').on('section_comments').columns(['section_id', 'created_at']).execute();

	await db.schema
		.createTable('comment_mentions')
		.addColumn('comment_id', 'text', (c) => c.notNull().references('section_comments.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addPrimaryKeyConstraint('comment_mentions_pk', ['comment_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('section_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('section_id', 'text', (c) => c.notNull().references('sections.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		// The whole Yjs document at that moment, as one update (Y.encodeStateAsUpdate).
		.addColumn('state', 'blob', (c) => c.notNull())
		// Escaped HTML rendering of the document (lib/server/collab/text.ts docToHtml).
		.addColumn('html', 'text', (c) => c.notNull())
		// Characters, spaces included (countCharacters).
		.addColumn('text_length', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('manual', 'validation', 'submission')`))
		.execute();
	await db.schema.createIndex('section_versions_section').on('section_versions').columns(['section_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('section_versions').ifExists().execute();
	await db.schema.dropTable('comment_mentions').ifExists().execute();
	await db.schema.dropTable('section_comments').ifExists().execute();
}
