/**
 * Pure rules shared by the split's use cases (no database, no clock): the statuses of a price
 * line once the bid is won, the calendar dates they store, and the fingerprint of a split that
 * an acceptance is bound to.
 *
 * Date-only values (due and delivery dates of a deliverable, date a payment was received) are
 * stored as milliseconds at 00:00 UTC of the calendar day, and shown with timeZone 'UTC'.
 */
import { createHash } from 'node:crypto';
import type { DeliverableStatus } from '../db/schema';
import type { SplitResult } from '../../domain/split';

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
