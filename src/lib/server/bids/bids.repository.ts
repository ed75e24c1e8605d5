/**
 * Reads of a bid's own rows, shared by the use cases: plain Kysely functions taking `db` or a
 * transaction first, returning rows (no rules, no French, no notifications). First piece of the
 * data floor (docs/ARCHITECTURE.md, issue 13): « the lots of a bid » was written four times.
 */
import type { DB } from '../db/index';

/** The lots a bid answers, by number, with what the pages and the exports show of them. */
export async function listBidLots(db: DB, bidId: string) {
	return db
		.selectFrom('bid_lots')
		.innerJoin('lots', 'lots.id', 'bid_lots.lot_id')
		.select(['lots.id', 'lots.number', 'lots.title', 'lots.estimate_cents', 'lots.page_limit', 'lots.criteria', 'lots.price_form'])
		.where('bid_lots.bid_id', '=', bidId)
		.orderBy('lots.number')
		.execute();
}
