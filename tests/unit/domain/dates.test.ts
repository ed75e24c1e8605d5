import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	differsFromParis,
	formatCountdown,
	formatInZone,
	formatParis,
	formatParisShort,
	formatParisWall,
	offsetLabelInZone,
	parisLocalToUtcMs,
	parisOffsetLabel,
	resolveParisLocal,
	runtimeTimeZone,
	utcMsToParisLocal
} from '../../../src/lib/domain/dates';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Last Sunday of October 2026: clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC). */
const DLRO_WINTER = Date.UTC(2026, 9, 25, 11, 0); // 25/10/2026 12:00 Paris
const DLRO_SUMMER = Date.UTC(2026, 9, 24, 10, 0); // 24/10/2026 12:00 Paris

function dstSuite() {
	it('reads 25 Oct 2026 12:00 Paris (after the October change) as 11:00 UTC, UTC+01:00', () => {
		expect(parisLocalToUtcMs('2026-10-25T12:00')).toBe(DLRO_WINTER);
		expect(parisOffsetLabel(DLRO_WINTER)).toBe('UTC+01:00');
		expect(formatParis(DLRO_WINTER)).toBe('dimanche 25 octobre 2026 à 12:00 (heure de Paris, UTC+01:00)');
		expect(formatParisShort(DLRO_WINTER)).toBe('25/10/2026 12:00 (UTC+01:00)');
		expect(formatParisWall(DLRO_WINTER)).toBe('25/10/2026 12:00');
	});

	it('reads the day before at 12:00 Paris as 10:00 UTC, UTC+02:00', () => {
		expect(parisLocalToUtcMs('2026-10-24T12:00')).toBe(DLRO_SUMMER);
		expect(parisOffsetLabel(DLRO_SUMMER)).toBe('UTC+02:00');
		expect(formatParis(DLRO_SUMMER)).toBe('samedi 24 octobre 2026 à 12:00 (heure de Paris, UTC+02:00)');
		expect(formatParisShort(DLRO_SUMMER)).toBe('24/10/2026 12:00 (UTC+02:00)');
		expect(formatParisWall(DLRO_SUMMER)).toBe('24/10/2026 12:00');
	});

	it('converts back to the input value', () => {
		expect(utcMsToParisLocal(DLRO_WINTER)).toBe('2026-10-25T12:00');
		expect(utcMsToParisLocal(DLRO_SUMMER)).toBe('2026-10-24T12:00');
	});
}

describe('Paris deadlines across the October 2026 change', () => {
	dstSuite();

	it('resolves the repeated 02:30 of 25 Oct 2026 to its first occurrence (summer time)', () => {
		const first = Date.UTC(2026, 9, 25, 0, 30);
		const second = Date.UTC(2026, 9, 25, 1, 30);
		expect(resolveParisLocal('2026-10-25T02:30')).toEqual({ kind: 'ambiguous', utcMs: first, laterUtcMs: second });
		expect(parisLocalToUtcMs('2026-10-25T02:30')).toBe(first);
		expect(parisOffsetLabel(first)).toBe('UTC+02:00');
		expect(parisOffsetLabel(second)).toBe('UTC+01:00');
		// Both instants show the same wall time, with a different offset.
		expect(utcMsToParisLocal(first)).toBe('2026-10-25T02:30');
		expect(utcMsToParisLocal(second)).toBe('2026-10-25T02:30');
		expect(formatParisShort(first)).toBe('25/10/2026 02:30 (UTC+02:00)');
		expect(formatParisShort(second)).toBe('25/10/2026 02:30 (UTC+01:00)');
	});

	it('treats 01:59 and 03:00 on 25 Oct 2026 as exact', () => {
		expect(resolveParisLocal('2026-10-25T01:59')).toEqual({ kind: 'exact', utcMs: Date.UTC(2026, 9, 24, 23, 59) });
		expect(resolveParisLocal('2026-10-25T03:00')).toEqual({ kind: 'exact', utcMs: Date.UTC(2026, 9, 25, 2, 0) });
		expect(resolveParisLocal('2026-10-25T02:00')).toMatchObject({ kind: 'ambiguous', utcMs: Date.UTC(2026, 9, 25, 0, 0) });
	});
});

describe('Paris deadlines across the March 2026 change', () => {
	it('refuses the skipped hour 02:00–02:59 of 29 Mar 2026', () => {
		expect(resolveParisLocal('2026-03-29T02:30')).toEqual({ kind: 'nonexistent' });
		expect(resolveParisLocal('2026-03-29T02:00')).toEqual({ kind: 'nonexistent' });
		expect(resolveParisLocal('2026-03-29T02:59')).toEqual({ kind: 'nonexistent' });
		expect(parisLocalToUtcMs('2026-03-29T02:30')).toBeNull();
	});

	it('reads the minutes around it correctly', () => {
		expect(parisLocalToUtcMs('2026-03-29T01:59')).toBe(Date.UTC(2026, 2, 29, 0, 59));
		expect(parisLocalToUtcMs('2026-03-29T03:00')).toBe(Date.UTC(2026, 2, 29, 1, 0));
		expect(parisOffsetLabel(Date.UTC(2026, 2, 29, 0, 59))).toBe('UTC+01:00');
		expect(parisOffsetLabel(Date.UTC(2026, 2, 29, 1, 0))).toBe('UTC+02:00');
	});
});

describe('parisLocalToUtcMs: input handling', () => {
	it('accepts seconds and milliseconds', () => {
		expect(parisLocalToUtcMs('2026-10-25T12:00:30')).toBe(DLRO_WINTER + 30_000);
		expect(parisLocalToUtcMs('2026-10-25T12:00:30.5')).toBe(DLRO_WINTER + 30_500);
		expect(parisLocalToUtcMs(' 2026-10-25T12:00 ')).toBe(DLRO_WINTER);
	});

	it.each([
		'',
		'abc',
		'2026-10-25',
		'2026-10-25 12:00',
		'2026-10-25T12',
		'2026-02-30T10:00',
		'2026-02-29T10:00',
		'2026-13-01T10:00',
		'2026-00-10T10:00',
		'2026-10-00T10:00',
		'2026-10-25T24:00',
		'2026-10-25T12:60',
		'2026-10-25T12:00:60',
		'2026-10-25T12:00Z',
		'2026-10-25T12:00+01:00',
		'26-10-25T12:00'
	])('refuses %j', (input) => {
		expect(parisLocalToUtcMs(input)).toBeNull();
		expect(resolveParisLocal(input)).toEqual({ kind: 'invalid' });
	});

	it('accepts 29 February in a leap year', () => {
		expect(parisLocalToUtcMs('2028-02-29T10:00')).toBe(Date.UTC(2028, 1, 29, 9, 0));
	});

	it('round-trips any minute from 2000 to 2100, except the second pass of the repeated hour', () => {
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / MINUTE, max: Date.UTC(2100, 0, 1) / MINUTE }), (minutes) => {
				const ms = minutes * MINUTE;
				const local = utcMsToParisLocal(ms);
				const back = resolveParisLocal(local);
				if (back.kind === 'ambiguous') {
					expect([back.utcMs, back.laterUtcMs]).toContain(ms);
					expect(back.laterUtcMs - back.utcMs).toBe(HOUR);
				} else {
					expect(back).toEqual({ kind: 'exact', utcMs: ms });
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('round-trips any existing wall time', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2000, max: 2099 }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 1, max: 28 }),
				fc.integer({ min: 0, max: 23 }),
				fc.integer({ min: 0, max: 59 }),
				(y, mo, d, h, mi) => {
					const p = (n: number) => String(n).padStart(2, '0');
					const local = `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}`;
					const ms = parisLocalToUtcMs(local);
					if (ms === null) {
						expect(resolveParisLocal(local).kind).toBe('nonexistent');
						expect(h).toBe(2);
						expect(mo).toBe(3);
					} else {
						expect(utcMsToParisLocal(ms)).toBe(local);
					}
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('shows seconds only when not zero', () => {
		expect(utcMsToParisLocal(DLRO_WINTER + 30_000)).toBe('2026-10-25T12:00:30');
		expect(utcMsToParisLocal(DLRO_WINTER + 999)).toBe('2026-10-25T12:00');
		expect(() => utcMsToParisLocal(Number.NaN)).toThrow(RangeError);
	});
});

describe('formatting', () => {
	it('writes "1er" for the first day of a month', () => {
		expect(formatParis(Date.UTC(2026, 10, 1, 11))).toBe('dimanche 1er novembre 2026 à 12:00 (heure de Paris, UTC+01:00)');
		expect(formatParis(Date.UTC(2027, 0, 11, 8, 5))).toBe('lundi 11 janvier 2027 à 09:05 (heure de Paris, UTC+01:00)');
	});

	it('shows the time in another zone, with its offset', () => {
		expect(formatInZone(DLRO_WINTER, 'Indian/Reunion')).toBe('25/10/2026 15:00 (UTC+04:00)');
		expect(formatInZone(DLRO_WINTER, 'America/Cayenne')).toBe('25/10/2026 08:00 (UTC-03:00)');
		expect(formatInZone(DLRO_WINTER, 'America/Guadeloupe')).toBe('25/10/2026 07:00 (UTC-04:00)');
		expect(formatInZone(DLRO_WINTER, 'Pacific/Noumea')).toBe('25/10/2026 22:00 (UTC+11:00)');
		expect(formatInZone(DLRO_WINTER, 'Asia/Kolkata')).toBe('25/10/2026 16:30 (UTC+05:30)');
		expect(formatInZone(DLRO_WINTER, 'UTC')).toBe('25/10/2026 11:00 (UTC+00:00)');
		expect(formatInZone(DLRO_WINTER, 'Europe/Paris')).toBe(formatParisShort(DLRO_WINTER));
		expect(offsetLabelInZone(DLRO_SUMMER, 'Europe/London')).toBe('UTC+01:00');
		expect(() => formatInZone(DLRO_WINTER, 'Nowhere/Land')).toThrow(RangeError);
	});

	it('tells whether the viewer’s time differs from Paris', () => {
		expect(differsFromParis(DLRO_WINTER, 'Europe/Paris')).toBe(false);
		expect(differsFromParis(DLRO_WINTER, 'Europe/Brussels')).toBe(false);
		expect(differsFromParis(DLRO_WINTER, 'Europe/London')).toBe(true);
		expect(differsFromParis(DLRO_WINTER, 'Indian/Reunion')).toBe(true);
		// The week between the European and US changes is irrelevant here; London vs Paris always differ.
		expect(differsFromParis(DLRO_SUMMER, 'Europe/London')).toBe(true);
		expect(() => differsFromParis(DLRO_WINTER, 'Nowhere/Land')).toThrow(RangeError);
		expect(runtimeTimeZone().length).toBeGreaterThan(0);
	});
});

describe('formatCountdown', () => {
	const now = Date.UTC(2026, 9, 20, 9, 0);

	it('levels at 73 h, 71 h, 23 h and −1 h', () => {
		expect(formatCountdown(now + 73 * HOUR, now)).toEqual({ label: 'dans 3 j 1 h', level: 'ok' });
		expect(formatCountdown(now + 71 * HOUR, now)).toEqual({ label: 'dans 2 j 23 h', level: 'warning' });
		expect(formatCountdown(now + 23 * HOUR, now)).toEqual({ label: 'dans 23 h', level: 'alarm' });
		expect(formatCountdown(now - HOUR, now)).toEqual({ label: 'échue depuis 1 h', level: 'passed' });
	});

	it('switches level exactly at 72 h, 24 h and the deadline', () => {
		expect(formatCountdown(now + 72 * HOUR, now).level).toBe('ok');
		expect(formatCountdown(now + 72 * HOUR - 1, now).level).toBe('warning');
		expect(formatCountdown(now + 24 * HOUR, now).level).toBe('warning');
		expect(formatCountdown(now + 24 * HOUR - 1, now).level).toBe('alarm');
		expect(formatCountdown(now + 1, now).level).toBe('alarm');
		expect(formatCountdown(now, now)).toEqual({ label: 'échue depuis moins d’une minute', level: 'passed' });
	});

	it('writes French labels, truncating (never overstating the time left)', () => {
		expect(formatCountdown(now + (3 * 24 + 4) * HOUR, now).label).toBe('dans 3 j 4 h');
		expect(formatCountdown(now + (3 * 24 + 4) * HOUR + 59 * MINUTE, now).label).toBe('dans 3 j 4 h');
		expect(formatCountdown(now + 3 * 24 * HOUR, now).label).toBe('dans 3 j');
		expect(formatCountdown(now + 5 * HOUR + 12 * MINUTE, now).label).toBe('dans 5 h 12 min');
		expect(formatCountdown(now + 5 * HOUR + 12 * MINUTE + 59_999, now).label).toBe('dans 5 h 12 min');
		expect(formatCountdown(now + 2 * HOUR, now).label).toBe('dans 2 h');
		expect(formatCountdown(now + 12 * MINUTE, now).label).toBe('dans 12 min');
		expect(formatCountdown(now + 30_000, now).label).toBe('dans moins d’une minute');
		expect(formatCountdown(now - 2 * HOUR, now).label).toBe('échue depuis 2 h');
		expect(formatCountdown(now - 2 * HOUR - 5 * MINUTE, now).label).toBe('échue depuis 2 h 5 min');
		expect(formatCountdown(now - 27 * HOUR, now).label).toBe('échue depuis 1 j 3 h');
		expect(formatCountdown(now - 1000, now).label).toBe('échue depuis moins d’une minute');
	});

	it('counts real elapsed time across a DST change (25 h on the October Sunday)', () => {
		const before = parisLocalToUtcMs('2026-10-24T12:00');
		const after = parisLocalToUtcMs('2026-10-25T12:00');
		if (before === null || after === null) throw new Error('fixture');
		expect(formatCountdown(after, before)).toEqual({ label: 'dans 1 j 1 h', level: 'warning' });
	});

	it('refuses invalid instants', () => {
		expect(() => formatCountdown(Number.NaN, now)).toThrow(RangeError);
	});
});

describe.each(['America/New_York', 'Pacific/Auckland', 'Asia/Kolkata'])('independent of the runtime time zone (TZ=%s)', (tz) => {
	let saved: string | undefined;
	beforeAll(() => {
		saved = process.env.TZ;
		process.env.TZ = tz;
	});
	afterAll(() => {
		if (saved === undefined) delete process.env.TZ;
		else process.env.TZ = saved;
	});

	it('runs under that zone', () => {
		expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).not.toBe(0);
	});

	dstSuite();

	it('still resolves the edge hours', () => {
		expect(resolveParisLocal('2026-10-25T02:30')).toMatchObject({ kind: 'ambiguous', utcMs: Date.UTC(2026, 9, 25, 0, 30) });
		expect(resolveParisLocal('2026-03-29T02:30')).toEqual({ kind: 'nonexistent' });
	});
});
