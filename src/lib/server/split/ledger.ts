/**
 * The payment ledger of a bid against its split (a read model for the répartition page and the
 * exports): each payment with its shares, expected / received / remaining per lot and legal
 * member, and per person. Rows from payments.repository; figures from the split, not rounded here.
 */
import type { DB } from '../db/index';
import { listBidLots } from '../bids/bids.repository';
import { listPayments, listPaymentShares } from './payments.repository';
import type { SplitResult } from '../../domain/split';

export interface LedgerPayment {
	id: string;
	lotId: string;
	lotNumber: number;
	organisationId: string;
	organisationName: string;
	amountCents: number;
	receivedOn: number;
	recordedById: string;
	recordedByName: string;
	createdAt: number;
	shares: Array<{ personId: string; name: string; amountCents: number }>;
}

export interface LedgerMemberLot {
	lotId: string;
	lotNumber: number;
	organisationId: string;
	organisationName: string;
	/** The member's amount in the lot (DC1 / ATTRI1). */
	expectedCents: number;
	receivedCents: number;
	remainingCents: number;
}

export interface LedgerPerson {
	personId: string;
	name: string;
	organisationId: string;
	organisationName: string;
	/** The person's gross (all lots): what the buyer pays their legal member for their work. */
	expectedCents: number;
	/** Σ their shares of the payments. */
	receivedCents: number;
	/** expected − received. */
	outstandingCents: number;
}

export interface PaymentLedger {
	payments: LedgerPayment[];
	memberLots: LedgerMemberLot[];
	people: LedgerPerson[];
	totals: { expectedCents: number; receivedCents: number; remainingCents: number };
}

/** Lot id → lot number, for the lots the bid answers. */
export async function lotNumbersOf(db: DB, bidId: string): Promise<Map<string, number>> {
	return new Map((await listBidLots(db, bidId)).map((r) => [r.id, r.number]));
}

/**
 * The payment ledger of a bid against its split: each payment with its shares (oldest received
 * first), expected / received / remaining per lot and legal member, and per person.
 */
export async function loadPaymentLedger(
	db: DB,
	bidId: string,
	split: SplitResult,
	lotNumbersKnown?: Map<string, number>
): Promise<PaymentLedger> {
	const numbers = lotNumbersKnown ?? (await lotNumbersOf(db, bidId));
	const rows = await listPayments(db, bidId);
	const shareRows = await listPaymentShares(db, bidId);
	const payments: LedgerPayment[] = rows.map((r) => ({
		id: r.id,
		lotId: r.lot_id,
		lotNumber: numbers.get(r.lot_id) ?? 0,
		organisationId: r.organisation_id,
		organisationName: r.orgName,
		amountCents: r.amount_cents,
		receivedOn: r.received_on,
		recordedById: r.recorded_by,
		recordedByName: r.recorderName,
		createdAt: r.created_at,
		shares: shareRows.filter((s) => s.payment_id === r.id).map((s) => ({ personId: s.user_id, name: s.name, amountCents: s.amount_cents }))
	}));
	const memberLots: LedgerMemberLot[] = [];
	for (const lot of split.lots) {
		for (const m of lot.members) {
			const receivedCents = payments
				.filter((p) => p.lotId === lot.lotId && p.organisationId === m.organisationId)
				.reduce((acc, p) => acc + p.amountCents, 0);
			memberLots.push({
				lotId: lot.lotId,
				lotNumber: numbers.get(lot.lotId) ?? 0,
				organisationId: m.organisationId,
				organisationName: m.name,
				expectedCents: m.amountCents,
				receivedCents,
				remainingCents: m.amountCents - receivedCents
			});
		}
	}
	const orgNames = new Map(split.organisations.map((o) => [o.organisationId, o.name]));
	const receivedBy = new Map<string, number>();
	for (const p of payments) for (const s of p.shares) receivedBy.set(s.personId, (receivedBy.get(s.personId) ?? 0) + s.amountCents);
	const people: LedgerPerson[] = split.people.map((p) => {
		const receivedCents = receivedBy.get(p.personId) ?? 0;
		return {
			personId: p.personId,
			name: p.name,
			organisationId: p.organisationId,
			organisationName: orgNames.get(p.organisationId) ?? '',
			expectedCents: p.grossCents,
			receivedCents,
			outstandingCents: p.grossCents - receivedCents
		};
	});
	const receivedCents = payments.reduce((acc, p) => acc + p.amountCents, 0);
	return {
		payments,
		memberLots,
		people,
		totals: { expectedCents: split.totals.offerCents, receivedCents, remainingCents: split.totals.offerCents - receivedCents }
	};
}
