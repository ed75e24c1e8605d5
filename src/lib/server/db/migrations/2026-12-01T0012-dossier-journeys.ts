import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The buyer's dossier (issue 14) and the everyday journeys (issue 12):
// - tenders: the dates and terms a group plans by (answers deadline, AAPC publication, offer
//   validity) and what the forms need (VAT rate, DC2/insurance per member and lot or per member);
// - requirements.produced: which required pieces Cotrait generates itself (DC1, DC2, ATTRI1,
//   mémoire, price schedule), so they count as provided once generated;
// - organisation_profiles: what a DC2 identifies a member by (legal form, address, representative,
//   turnover of three years, staff, references), each member filling its own;
// - bids.logo_file_id: the group's logo on the mémoire's cover;
// - price_schedules: the buyer's BPU/DQE/DPGF workbook uploaded on a lot and its column mapping;
//   deliverables.schedule_row ties a price line to its row, so the prices go back in place;
// - org_join_requests: « demander à rejoindre » an organisation, seen and decided by its admins.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('tenders').addColumn('answers_deadline', 'integer').execute();
	await db.schema.alterTable('tenders').addColumn('aapc_at', 'integer').execute();
	await db.schema.alterTable('tenders').addColumn('offer_validity_days', 'integer').execute();
	await db.schema
		.alterTable('tenders')
		.addColumn('vat_rate_bp', 'integer', (c) => c.notNull().defaultTo(2000))
		.execute();
	await db.schema
		.alterTable('tenders')
		.addColumn('dc2_per_lot', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	// Tenders entered before this asked DC2 and insurance per member and per lot: keep their
	// checklists (and what was provided on them) as they are. New tenders ask once per member.
	await db.updateTable('tenders').set({ dc2_per_lot: 1 }).execute();

	await db.schema.alterTable('requirements').addColumn('produced', 'text').execute();
	const produced: Array<[string, string]> = [
		['DC1%', 'dc1'],
		['DC2%', 'dc2'],
		['%ATTRI1%', 'attri1'],
		['Bordereau des prix%', 'price_schedule'],
		['Mémoire technique%', 'memoire']
	];
	for (const [pattern, kind] of produced)
		await db.updateTable('requirements').set({ produced: kind }).where('label', 'like', pattern).execute();

	await db.schema
		.createTable('organisation_profiles')
		.addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
		.addColumn('legal_form', 'text')
		.addColumn('address', 'text')
		.addColumn('email', 'text')
		.addColumn('phone', 'text')
		.addColumn('representative_name', 'text')
		.addColumn('representative_title', 'text')
		.addColumn('staff', 'integer')
		// JSON array of { year, cents } for the last three financial years.
		.addColumn('turnover', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('references_text', 'text')
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute();

	await db.schema
		.alterTable('bids')
		.addColumn('logo_file_id', 'text', (c) => c.references('files.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('price_schedules')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('bid_id', 'text', (c) => c.notNull().references('bids.id').onDelete('cascade'))
		.addColumn('lot_id', 'text', (c) => c.notNull().references('lots.id').onDelete('cascade'))
		.addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
		// JSON ScheduleMapping (lib/server/dossier/price-schedule/mapping.ts); null until confirmed.
		.addColumn('mapping', 'text')
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('price_schedules_bid_lot').unique().on('price_schedules').columns(['bid_id', 'lot_id']).execute();
	await db.schema.alterTable('deliverables').addColumn('schedule_row', 'integer').execute();

	await db.schema
		.createTable('org_join_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		// 'pending' | 'accepted' | 'refused'
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('decided_at', 'integer')
		.addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute();
	await db.schema.createIndex('org_join_requests_org').on('org_join_requests').columns(['organisation_id', 'status']).execute();
	await sql`create unique index org_join_requests_pending on org_join_requests (organisation_id, user_id) where status = 'pending'`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('org_join_requests').ifExists().execute();
	await db.schema.alterTable('deliverables').dropColumn('schedule_row').execute();
	await db.schema.dropTable('price_schedules').ifExists().execute();
	await db.schema.alterTable('bids').dropColumn('logo_file_id').execute();
	await db.schema.dropTable('organisation_profiles').ifExists().execute();
	await db.schema.alterTable('requirements').dropColumn('produced').execute();
	for (const column of ['dc2_per_lot', 'vat_rate_bp', 'offer_validity_days', 'aapc_at', 'answers_deadline'])
		await db.schema.alterTable('tenders').dropColumn(column).execute();
}
