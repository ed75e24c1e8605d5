/**
 * What starting a bid from a past one reads (issue 16, item 4): the bids a person is a member of,
 * and a source bid's outline, its tender's pieces and its price lines, each with the lot they
 * belong to (number and title, to find the counterpart among the new bid's lots). Plain Kysely
 * reads taking `db` or a transaction first; no rules, no French (data floor, docs/ARCHITECTURE.md).
 * The copies are written by the owners' repositories (sections, requirements, deliverables).
 */
import type { DB } from '../db/index';

/** The bids the person is a member of, in any state, newest first, with their tender. */
export async function listBidsOfMember(db: DB, userId: string) {
	return db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.leftJoin('submissions', 'submissions.bid_id', 'bids.id')
		.select([
			'bids.id',
			'bids.status',
			'bids.created_at as createdAt',
			'bids.submitted_at as submittedAt',
			'submissions.deposited_at as depositedAt',
			'tenders.id as tenderId',
			'tenders.title as tenderTitle',
			'tenders.buyer',
			'tenders.reference'
		])
		.where('bid_members.user_id', '=', userId)
		.orderBy('bids.created_at', 'desc')
		.orderBy('bids.id')
		.execute();
}

/** A bid's sections in outline order, with the number and title of their lot (null: common to every lot). */
export async function listSourceSections(db: DB, bidId: string) {
	return db
		.selectFrom('sections')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.select([
			'sections.id',
			'sections.title',
			'sections.lot_id as lotId',
			'lots.number as lotNumber',
			'lots.title as lotTitle',
			'sections.limit_kind as limitKind',
			'sections.limit_value as limitValue',
			'sections.criterion'
		])
		.where('sections.bid_id', '=', bidId)
		.orderBy('sections.position')
		.execute();
}

/** The lots a bid answers, by number. */
export async function listSourceLots(db: DB, bidId: string) {
	return db
		.selectFrom('bid_lots')
		.innerJoin('lots', 'lots.id', 'bid_lots.lot_id')
		.select(['lots.id', 'lots.number', 'lots.title'])
		.where('bid_lots.bid_id', '=', bidId)
		.orderBy('lots.number')
		.execute();
}

/** The pieces of the tender a bid answers (what its checklist is expanded from). */
export async function listSourcePieces(db: DB, bidId: string) {
	return db
		.selectFrom('requirements')
		.innerJoin('bids', 'bids.tender_id', 'requirements.tender_id')
		.select(['requirements.label', 'requirements.scope', 'requirements.produced'])
		.where('bids.id', '=', bidId)
		.orderBy('requirements.position')
		.execute();
}

/** The pieces of a tender, to tell which of a past bid's are missing. */
export async function listTenderPieceKeys(db: DB, tenderId: string) {
	return db.selectFrom('requirements').select(['label', 'scope']).where('tender_id', '=', tenderId).execute();
}

/** A bid's price lines by lot and position: what they say, never who does them or how far they went. */
export async function listSourceLines(db: DB, bidId: string) {
	return db
		.selectFrom('deliverables')
		.innerJoin('lots', 'lots.id', 'deliverables.lot_id')
		.select([
			'deliverables.lot_id as lotId',
			'lots.number as lotNumber',
			'lots.title as lotTitle',
			'deliverables.code',
			'deliverables.label',
			'deliverables.quantity_milli as quantityMilli',
			'deliverables.unit',
			'deliverables.unit_price_cents as unitPriceCents'
		])
		.where('deliverables.bid_id', '=', bidId)
		.orderBy('lots.number')
		.orderBy('deliverables.position')
		.execute();
}
