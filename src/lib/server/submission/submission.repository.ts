/**
 * The submission record of a bid (tables submissions, submission_sections) and the read models
 * readiness, the exports and the record need from other features' tables (the bid with its
 * tender, acceptances, price lines; the members come from bids.repository listMembers): plain Kysely functions taking `db` or a
 * transaction first (data floor, docs/ARCHITECTURE.md). No rules, no French, no authorization.
 */
import type { DB } from '../db/index';

/** What readiness checks of the bid row: status, internal freeze, DLRO. */
export async function loadReadinessBid(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.status', 'bids.internal_freeze_at', 'tenders.dlro'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

/** Who has accepted the bid's split (read model over split_acceptances). */
export async function listAcceptedUserIds(db: DB, bidId: string): Promise<Set<string>> {
	const rows = await db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bidId).execute();
	return new Set(rows.map((a) => a.user_id));
}

/** Does the bid have at least one price line? (read model over deliverables) */
export async function hasPriceLine(db: DB, bidId: string): Promise<boolean> {
	const lines = await db.selectFrom('deliverables').select('id').where('bid_id', '=', bidId).limit(1).execute();
	return lines.length > 0;
}

/** What the exports' title pages show of the bid: its form, its tender and its mandataire. */
export async function loadExportHeader(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('organisations', 'organisations.id', 'bids.mandataire_org_id')
		.select([
			'bids.form',
			'bids.mandataire_org_id',
			'bids.logo_file_id',
			'tenders.buyer',
			'tenders.reference',
			'tenders.title',
			'tenders.dlro',
			'organisations.name as mandataireName'
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

/** The bid's status. */
export async function bidStatus(db: DB, bidId: string) {
	const row = await db.selectFrom('bids').select('status').where('id', '=', bidId).executeTakeFirstOrThrow();
	return row.status;
}

/** Flips the bid from draft to submitted; false when it was not a draft any more. */
export async function markSubmitted(db: DB, bidId: string, at: number): Promise<boolean> {
	const done = await db
		.updateTable('bids')
		.set({ status: 'submitted', submitted_at: at })
		.where('id', '=', bidId)
		.where('status', '=', 'draft')
		.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}

/** The tender and bid terms the record keeps. */
export async function loadRecordTender(db: DB, bidId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['tenders.buyer', 'tenders.reference', 'tenders.title', 'tenders.dlro', 'bids.form', 'bids.fee_rate_bp'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
}

export async function insertSubmission(
	db: DB,
	s: { id: string; bidId: string; submittedBy: string; submittedAt: number; parisTime: string; snapshot: string }
): Promise<void> {
	await db
		.insertInto('submissions')
		.values({
			id: s.id,
			bid_id: s.bidId,
			submitted_by: s.submittedBy,
			submitted_at: s.submittedAt,
			paris_time: s.parisTime,
			snapshot: s.snapshot,
			deposited_at: null,
			deposit_receipt_file_id: null,
			deposit_recorded_by: null
		})
		.execute();
}

export async function insertSubmissionSection(
	db: DB,
	s: {
		submissionId: string;
		sectionId: string;
		position: number;
		title: string;
		lotId: string | null;
		state: Uint8Array;
		html: string;
		docJson: string;
	}
): Promise<void> {
	await db
		.insertInto('submission_sections')
		.values({
			submission_id: s.submissionId,
			section_id: s.sectionId,
			position: s.position,
			title: s.title,
			lot_id: s.lotId,
			state: s.state,
			html: s.html,
			doc_json: s.docJson
		})
		.execute();
}

/** The record of a bid's submission with who submitted it and the deposit receipt, or undefined. */
export async function findSubmissionView(db: DB, bidId: string) {
	return db
		.selectFrom('submissions')
		.leftJoin('users', 'users.id', 'submissions.submitted_by')
		.leftJoin('files as receipt', 'receipt.id', 'submissions.deposit_receipt_file_id')
		.select([
			'submissions.id',
			'submissions.submitted_at as submittedAt',
			'submissions.paris_time as parisTime',
			'submissions.snapshot',
			'submissions.deposited_at as depositedAt',
			'users.name as submittedBy',
			'receipt.id as receiptId',
			'receipt.name as receiptName',
			'receipt.sha256 as receiptSha256'
		])
		.where('submissions.bid_id', '=', bidId)
		.executeTakeFirst();
}

/** The id and time of a bid's submission, or undefined. */
export async function findSubmission(db: DB, bidId: string) {
	return db.selectFrom('submissions').select(['id', 'submitted_at']).where('bid_id', '=', bidId).executeTakeFirst();
}

/** Records the deposit on the buyer's platform. */
export async function setDeposit(db: DB, submissionId: string, d: { at: number; receiptFileId: string | null; recordedBy: string }) {
	await db
		.updateTable('submissions')
		.set({ deposited_at: d.at, deposit_receipt_file_id: d.receiptFileId, deposit_recorded_by: d.recordedBy })
		.where('id', '=', submissionId)
		.execute();
}

/** Numbers of the bid's lots whose buyer's price schedule was imported and mapped. */
export async function lotsWithSchedule(db: DB, bidId: string): Promise<Set<number>> {
	const rows = await db
		.selectFrom('price_schedules')
		.innerJoin('lots', 'lots.id', 'price_schedules.lot_id')
		.select('lots.number')
		.where('price_schedules.bid_id', '=', bidId)
		.where('price_schedules.mapping', 'is not', null)
		.execute();
	return new Set(rows.map((r) => r.number));
}

/** The pieces uploaded on the bid's checklist (provided, with a file), for the deposit package. */
export async function listUploadedPieces(db: DB, bidId: string) {
	return db
		.selectFrom('requirement_items')
		.innerJoin('requirements', 'requirements.id', 'requirement_items.requirement_id')
		.innerJoin('files', 'files.id', 'requirement_items.file_id')
		.leftJoin('organisations', 'organisations.id', 'requirement_items.organisation_id')
		.leftJoin('lots', 'lots.id', 'requirement_items.lot_id')
		.select([
			'requirements.label',
			'requirements.scope',
			'requirements.position',
			'organisations.name as organisationName',
			'lots.number as lotNumber',
			'files.name as fileName',
			'files.stored_name as storedName'
		])
		.where('requirement_items.bid_id', '=', bidId)
		.where('requirement_items.status', '=', 'provided')
		.orderBy('requirements.position')
		.orderBy('lots.number')
		.orderBy('organisations.name')
		.execute();
}
