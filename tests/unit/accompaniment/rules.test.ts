/** Pure rules of the Accompagnement page: filters, sort by deadline, totals by state, ISO weeks, blocking counts. */
import { describe, expect, it } from 'vitest';
import {
	blockingOf,
	byDeadline,
	isoWeek,
	matches,
	parseFilters,
	totalsByState
} from '../../../src/lib/server/accompaniment/accompaniment-rules';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 2, 10);

describe('accompaniment rules', () => {
	it('reads the filters and ignores what it does not know', () => {
		expect(parseFilters(new URLSearchParams('etat=won&jours=10&entrepreneur=abc'))).toEqual({
			state: 'won',
			withinDays: 10,
			personId: 'abc'
		});
		expect(parseFilters(new URLSearchParams('etat=drop&jours=-3&entrepreneur=%27%3B'))).toEqual({
			state: null,
			withinDays: null,
			personId: null
		});
	});
	it('filters by state, deadline within N days (questions or DLRO) and entrepreneur', () => {
		const bid = { state: 'preparing' as const, questionsDeadline: now + 3 * DAY, dlro: now + 20 * DAY, people: [{ id: 'bruno' }] };
		expect(matches(bid, { state: 'preparing', withinDays: 5, personId: 'bruno' }, now)).toBe(true);
		expect(matches(bid, { state: 'won', withinDays: null, personId: null }, now)).toBe(false);
		expect(matches(bid, { state: null, withinDays: 2, personId: null }, now)).toBe(false);
		expect(matches({ ...bid, questionsDeadline: null }, { state: null, withinDays: 20, personId: null }, now)).toBe(true);
		expect(matches(bid, { state: null, withinDays: null, personId: 'anne' }, now)).toBe(false);
	});
	it('sorts by the next deadline still ahead', () => {
		const a = { id: 'a', questionsDeadline: null, dlro: now + 5 * DAY };
		const b = { id: 'b', questionsDeadline: now + 2 * DAY, dlro: now + 9 * DAY };
		const c = { id: 'c', questionsDeadline: now - DAY, dlro: now - 2 * DAY };
		expect(byDeadline([a, b, c], now).map((x) => x.id)).toEqual(['c', 'b', 'a']);
	});
	it('totals the contributions by state', () => {
		const t = totalsByState([
			{ state: 'won', contributionCents: 100 },
			{ state: 'won', contributionCents: 250 },
			{ state: 'preparing', contributionCents: null }
		]);
		expect(t.byState.won).toEqual({ count: 2, contributionCents: 350 });
		expect(t.byState.preparing).toEqual({ count: 1, contributionCents: 0 });
		expect(t.byState.lost).toEqual({ count: 0, contributionCents: 0 });
		expect(t.totalCents).toBe(350);
	});
	it('names ISO weeks in Paris time', () => {
		expect(isoWeek(Date.UTC(2026, 11, 2, 12))).toBe('2026-W49');
		expect(isoWeek(Date.UTC(2027, 0, 1, 12))).toBe('2026-W53');
		expect(isoWeek(Date.UTC(2026, 0, 1, 12))).toBe('2026-W01');
		// Sunday 23:30 UTC is already Monday in Paris: the next week.
		expect(isoWeek(Date.UTC(2026, 11, 6, 23, 30))).toBe('2026-W50');
	});
	it('says what blocks from counts only', () => {
		expect(blockingOf({ sectionsTotal: 7, sectionsValidated: 4, piecesTotal: 3, piecesDone: 3, participants: 3, accepted: 1 })).toEqual([
			'3 sections à valider',
			'2 acceptations de la répartition attendues'
		]);
		expect(blockingOf({ sectionsTotal: 1, sectionsValidated: 1, piecesTotal: 0, piecesDone: 0, participants: 1, accepted: 1 })).toEqual([]);
	});
});
