/**
 * Pure rules shared by the split's use cases (no database, no clock): the statuses of a price
 * line once the bid is won, the calendar dates they store, the fingerprint of a split that
 * an acceptance is bound to, and the one wording of the coordination fee invoices.
 *
 * Date-only values (due and delivery dates of a deliverable, date a payment was received) are
 * stored as milliseconds at 00:00 UTC of the calendar day, and shown with timeZone 'UTC'.
 */
import { createHash } from 'node:crypto';
import type { DeliverableStatus } from '../db/schema';
import type { SplitFeeInvoice, SplitResult } from '../../domain/split';
import { formatEuros } from '../../domain/money';

const DAY_MS = 24 * 3600 * 1000;

export const DELIVERABLE_STATUSES: Record<DeliverableStatus, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	delivered: 'Livrée',
	invoiced: 'Facturée'
};

/**
 * True for one of the four statuses. An own-key check: `x in DELIVERABLE_STATUSES` also holds
 * for `constructor`, `toString` or `__proto__`, inherited from Object.prototype.
 */
export function isDeliverableStatus(value: string): value is DeliverableStatus {
	return Object.hasOwn(DELIVERABLE_STATUSES, value);
}

/** Statuses that count as « done » in the share of deliverables done. */
export const DONE: ReadonlySet<DeliverableStatus> = new Set(['delivered', 'invoiced']);

/**
 * A short fingerprint of every figure of a split. The acceptance form carries the one the member
 * saw, so a change made in between (by someone else) cannot be accepted unseen.
 */
export function splitFingerprint(split: SplitResult): string {
	return createHash('sha256').update(JSON.stringify(split)).digest('hex').slice(0, 32);
}

/** The calendar date (00:00 UTC of that day, in ms) of an instant, in Paris. */
export function parisDateOf(ms: number): number {
	const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
	return Date.parse(`${ymd}T00:00:00Z`);
}

/** A calendar date as stored (00:00 UTC, between 2000 and 2200), or null. */
export function isCalendarDate(ms: number | null): boolean {
	return ms === null || (Number.isSafeInteger(ms) && ms % DAY_MS === 0 && ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2200, 0, 1));
}

/**
 * A coordination fee invoice read one way everywhere (page, CSV, JSON): who issues it to whom.
 * The coordinator's organisation (the receiver of the fee) invoices each payer organisation;
 * between people of the coordinator's own organisation it is an internal transfer, no invoice.
 */
export interface FeeInvoiceView {
	issuerOrganisationId: string;
	issuerName: string;
	billedOrganisationId: string;
	billedName: string;
	internal: boolean;
	/** « CAE ALPHA facture 646,61 € HT à CAE BETA », or the internal transfer in words. */
	statement: string;
	amountHtCents: number;
	vatRateBp: number;
	vatCents: number;
	amountTtcCents: number;
	payers: SplitFeeInvoice['payers'];
}

/** The split's fee invoices, each stated from its issuer to the organisation it bills. */
export function feeInvoiceViews(split: Pick<SplitResult, 'feeInvoices' | 'organisations'>): FeeInvoiceView[] {
	const names = new Map(split.organisations.map((o) => [o.organisationId, o.name]));
	return split.feeInvoices.map((f) => {
		const issuerName = names.get(f.toOrganisationId) ?? '';
		const billedName = names.get(f.fromOrganisationId) ?? '';
		const ht = formatEuros(f.amountHtCents);
		return {
			issuerOrganisationId: f.toOrganisationId,
			issuerName,
			billedOrganisationId: f.fromOrganisationId,
			billedName,
			internal: f.internal,
			statement: f.internal
				? `${issuerName} : transfert interne de ${ht} entre ses membres, sans facture`
				: `${issuerName} facture ${ht} HT à ${billedName}`,
			amountHtCents: f.amountHtCents,
			vatRateBp: f.vatRateBp,
			vatCents: f.vatCents,
			amountTtcCents: f.amountTtcCents,
			payers: f.payers
		};
	});
}
