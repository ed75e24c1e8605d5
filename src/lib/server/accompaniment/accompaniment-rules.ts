/**
 * Pure rules of the Accompagnement page and the weekly digest: the filters (state, deadline
 * within N days, entrepreneur), the sort by deadline, the totals of contributions by state, the
 * ISO week of the digest, and what still blocks a bid said from its counts (never its content).
 */
import type { BidState } from '../../domain/bid-state';
import { countOf } from '../../format/plural';

export const DAY_MS = 24 * 3600 * 1000;

/** The states in the order the page lists them. */
export const BID_STATES: readonly BidState[] = ['preparing', 'frozen', 'deposited', 'won', 'lost'];

export interface Filters {
	state: BidState | null;
	/** Deadline (questions or DLRO) within this many days from now. */
	withinDays: number | null;
	/** An entrepreneur of the organisation taking part. */
	personId: string | null;
}

export interface Filterable {
	state: BidState;
	questionsDeadline: number | null;
	dlro: number;
	people: ReadonlyArray<{ id: string }>;
}

/** Reads the filters from a query string; anything unknown is ignored. */
export function parseFilters(params: URLSearchParams): Filters {
	const state = params.get('etat');
	const days = Number(params.get('jours'));
	const person = params.get('entrepreneur');
	return {
		state: BID_STATES.includes(state as BidState) ? (state as BidState) : null,
		withinDays: Number.isInteger(days) && days > 0 && days <= 366 ? days : null,
		personId: person && /^[\w-]{1,64}$/.test(person) ? person : null
	};
}

/** A deadline of the bid (questions or DLRO) falls between now and now + `days`. */
export function dueWithin(bid: Pick<Filterable, 'questionsDeadline' | 'dlro'>, now: number, days: number): boolean {
	const until = now + days * DAY_MS;
	return [bid.questionsDeadline, bid.dlro].some((d) => d !== null && d >= now && d <= until);
}

export function matches(bid: Filterable, f: Filters, now: number): boolean {
	if (f.state && bid.state !== f.state) return false;
	if (f.withinDays && !dueWithin(bid, now, f.withinDays)) return false;
	if (f.personId && !bid.people.some((p) => p.id === f.personId)) return false;
	return true;
}

/** The next deadline still ahead (questions, then DLRO), else the DLRO: the sort key. */
export function nextDeadline(bid: Pick<Filterable, 'questionsDeadline' | 'dlro'>, now: number): number {
	if (bid.questionsDeadline !== null && bid.questionsDeadline >= now) return bid.questionsDeadline;
	return bid.dlro;
}

/** Sorted by deadline, soonest first. */
export function byDeadline<T extends Pick<Filterable, 'questionsDeadline' | 'dlro'> & { id: string }>(bids: T[], now: number): T[] {
	return [...bids].sort((a, b) => nextDeadline(a, now) - nextDeadline(b, now) || a.id.localeCompare(b.id));
}

/** Σ contributions per state, every state present (0 when none), and the whole. */
export function totalsByState(bids: ReadonlyArray<{ state: BidState; contributionCents: number | null }>) {
	const byState = Object.fromEntries(BID_STATES.map((s) => [s, { count: 0, contributionCents: 0 }])) as Record<
		BidState,
		{ count: number; contributionCents: number }
	>;
	for (const b of bids) {
		byState[b.state].count++;
		byState[b.state].contributionCents += b.contributionCents ?? 0;
	}
	return { byState, totalCents: bids.reduce((acc, b) => acc + (b.contributionCents ?? 0), 0) };
}

/** ISO 8601 week of an instant, in Paris time: « 2026-W49 ». One digest per person and week. */
export function isoWeek(ms: number): string {
	const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
	const d = new Date(`${ymd}T00:00:00Z`);
	const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
	d.setUTCDate(d.getUTCDate() - weekday + 3); // the week's Thursday decides its year
	const year = d.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
	const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * DAY_MS));
	return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface ReadinessCounts {
	sectionsTotal: number;
	sectionsValidated: number;
	piecesTotal: number;
	piecesDone: number;
	participants: number;
	accepted: number;
}

/** What still blocks a bid in preparation, from its counts: « 3 sections à valider », … (empty: nothing). */
export function blockingOf(c: ReadinessCounts): string[] {
	const out: string[] = [];
	const sections = c.sectionsTotal - c.sectionsValidated;
	const pieces = c.piecesTotal - c.piecesDone;
	const acceptances = c.participants - c.accepted;
	if (sections > 0) out.push(countOf(sections, { one: 'section à valider', other: 'sections à valider' }));
	if (pieces > 0) out.push(countOf(pieces, { one: 'pièce à fournir', other: 'pièces à fournir' }));
	if (acceptances > 0)
		out.push(countOf(acceptances, { one: 'acceptation de la répartition attendue', other: 'acceptations de la répartition attendues' }));
	return out;
}
