import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Indexes for the per-organisation storage quota (lib/server/quota/storage.ts): the space an
// organisation uses is summed on every upload, from its bids (mandataire) and its tenders (their
// creator's organisation) down to files, co-written rooms and versions. Without these indexes
// each sum scanned the whole bids, tenders and files tables. The file indexes carry the size so
// that the sums read the index only.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('bids_mandataire').on('bids').column('mandataire_org_id').execute();
	await db.schema.createIndex('tenders_created_by').on('tenders').column('created_by').execute();
	await db.schema.createIndex('files_bid_size').on('files').columns(['bid_id', 'size']).execute();
	await db.schema.createIndex('files_tender_size').on('files').columns(['tender_id', 'bid_id', 'size']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('files_tender_size').ifExists().execute();
	await db.schema.dropIndex('files_bid_size').ifExists().execute();
	await db.schema.dropIndex('tenders_created_by').ifExists().execute();
	await db.schema.dropIndex('bids_mandataire').ifExists().execute();
}
