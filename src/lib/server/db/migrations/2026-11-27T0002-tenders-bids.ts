import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Calls for tenders, lots, DCE files, bids (groups), members, invitations, sections,
// deliverables (price lines) and required pieces, plus in-app notifications.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tenders')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('buyer', 'text', (c) => c.notNull())
		.addColumn('reference', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('procedure', 'text', (c) => c.notNull())
		.addColumn('platform_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('estimate_cents', 'integer')
		.addColumn('questions_deadline', 'integer')
		.addColumn('dlro', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('lots')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('estimate_cents', 'integer')
		.addColumn('price_form', 'text', (c) => c.notNull())
		.addColumn('page_limit', 'integer')
		.addColumn('criteria', 'text', (c) => c.notNull().defaultTo('[]'))
		.addUniqueConstraint('lots_tender_number', ['tender_id', 'number'])
		.execute();

	await db.schema
		.createTable('requirements')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id').onDelete('cascade'))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('group', 'member_lot', 'lot')`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('files')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tender_id', 'text', (c) => c.references('tenders.id').onDelete('cascade'))
		.addColumn('bid_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('mime', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('stored_name', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('bids')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id').onDelete('cascade'))
		.addColumn('coordinator_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('mandataire_org_id', 'text', (c) => c.notNull().references('organisations.id'))
		.addColumn('form', 'text', (c) => c.notNull())
		.addColumn('fee_rate_bp', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`fee_rate_bp between 0 and 10000`)
		)
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('internal_freeze_at', 'integer')
		.addColumn('submitted_at', 'integer')
		.addColumn('decided_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('bid_lots')
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('lot_id', 'text', (c) => c.notNull().references('lots.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('bid_lots_pk', ['bid_id', 'lot_id'])
		.execute();

	await db.schema
		.createTable('bid_members')
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('coordinator', 'member', 'observer')`))
		.addColumn('joined_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('bid_members_pk', ['bid_id', 'user_id'])
		.execute();
	await db.schema.createIndex('bid_members_user').on('bid_members').column('user_id').execute();

	await db.schema
		.createTable('bid_invitations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.references('users.id'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'blob', (c) => c.notNull().unique())
		.addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sections')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('lot_id', 'text', (c) => c.references('lots.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('reviewer_id', 'text', (c) => c.references('users.id'))
		.addColumn('limit_kind', 'text', (c) => c.notNull().defaultTo('none'))
		.addColumn('limit_value', 'integer')
		.addColumn('criterion', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('due_at', 'integer')
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sections_bid').on('sections').columns(['bid_id', 'position']).execute();

	await db.schema
		.createTable('section_authors')
		.addColumn('section_id', 'text', (c) => c.notNull().references('sections.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addPrimaryKeyConstraint('section_authors_pk', ['section_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('deliverables')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('lot_id', 'text', (c) => c.notNull().references('lots.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('quantity_milli', 'integer', (c) => c.notNull().check(sql`quantity_milli >= 0`))
		.addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('unit_price_cents', 'integer', (c) => c.notNull().check(sql`unit_price_cents >= 0`))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('todo'))
		.addColumn('due_at', 'integer')
		.addColumn('delivered_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('deliverables_bid').on('deliverables').columns(['bid_id', 'lot_id', 'position']).execute();

	await db.schema
		.createTable('deliverable_assignees')
		.addColumn('deliverable_id', 'text', (c) => c.notNull().references('deliverables.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('deliverable_assignees_pk', ['deliverable_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('requirement_items')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('requirement_id', 'text', (c) => c.notNull().references('requirements.id').onDelete('cascade'))
		// '' when the scope has no member / no lot (keeps the unique key simple).
		.addColumn('organisation_id', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lot_id', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('todo'))
		.addColumn('owner_id', 'text', (c) => c.references('users.id'))
		.addColumn('file_id', 'text', (c) => c.references('files.id'))
		.addUniqueConstraint('requirement_items_key', ['bid_id', 'requirement_id', 'organisation_id', 'lot_id'])
		.execute();

	// A member's acceptance of the split; any change to its inputs deletes every row of the bid.
	await db.schema
		.createTable('split_acceptances')
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('accepted_at', 'integer', (c) => c.notNull())
		.addColumn('gross_cents', 'integer', (c) => c.notNull())
		.addColumn('net_cents', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('split_acceptances_pk', ['bid_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('bid_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('read_at', 'integer')
		.execute();
	await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'notifications',
		'split_acceptances',
		'requirement_items',
		'deliverable_assignees',
		'deliverables',
		'section_authors',
		'sections',
		'bid_invitations',
		'bid_members',
		'bid_lots',
		'bids',
		'files',
		'requirements',
		'lots',
		'tenders'
	]) {
		await db.schema.dropTable(t).ifExists().execute();
	}
}
