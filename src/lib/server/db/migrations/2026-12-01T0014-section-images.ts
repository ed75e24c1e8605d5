import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Images in sections (issue 15, item 1). An uploaded image is two rows of `files`: the picture
// the sections show and the exports embed (resized, metadata stripped, kind 'image') and the
// file as it was sent (kind 'image-original', downloaded by members only, never exported).
// `section_images` ties them together with the displayed picture's size in pixels and the
// section it was first added to (kept when the section goes: the document may be restored).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('section_images')
		.addColumn('file_id', 'text', (c) => c.primaryKey().references('files.id').onDelete('cascade'))
		.addColumn('original_file_id', 'text', (c) => c.notNull().references('files.id'))
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('section_id', 'text', (c) => c.references('sections.id').onDelete('set null'))
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('section_images_bid').on('section_images').column('bid_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('section_images').ifExists().execute();
}
