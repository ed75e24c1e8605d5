/**
 * Deadlines (DLRO, questions deadline, internal freeze) are entered and shown in Europe/Paris
 * wall time, always with the UTC offset, so that a deadline cannot be misread across the daylight
 * saving changes or from another time zone (La Réunion, Guadeloupe, abroad…).
 *
 * Instants are integer milliseconds since the epoch (UTC), as stored in the database. Time zone
 * rules come from the runtime's Intl data, through `@date-fns/tz`: no hand-made DST table.
 *
 * Pure module: runs in the browser and on the server.
 */
import { TZDate, tzOffset } from '@date-fns/tz';

/** The time zone every deadline is expressed in. */
export const PARIS_TIME_ZONE = 'Europe/Paris';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Below this much time left, a deadline is shown as a warning. */
export const COUNTDOWN_WARNING_MS = 72 * HOUR;
/** Below this much time left, a deadline is shown as an alarm. */
export const COUNTDOWN_ALARM_MS = 24 * HOUR;

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** How a Paris wall-clock value maps to instants. */
export type ParisLocalResolution =
	/** Malformed or impossible calendar value ("2026-02-30T10:00", ""). */
	| { kind: 'invalid' }
	/**
	 * The wall time does not exist in Paris: it falls in the hour skipped when clocks go forward
	 * (last Sunday of March, 02:00–02:59).
	 */
	| { kind: 'nonexistent' }
	/** A single instant. */
	| { kind: 'exact'; utcMs: number }
	/**
	 * The wall time happens twice (last Sunday of October, 02:00–02:59): `utcMs` is the first
	 * occurrence (summer time, UTC+02:00), `laterUtcMs` the second (winter time, UTC+01:00).
	 */
	| { kind: 'ambiguous'; utcMs: number; laterUtcMs: number };

function offsetMinutes(timeZone: string, ms: number): number {
	return tzOffset(timeZone, new Date(ms));
}

/**
 * Resolves an `<input type="datetime-local">` value ("2026-10-25T02:30", seconds and
 * milliseconds optional) read as Europe/Paris wall time, telling apart the DST edge cases so that
 * a form can warn about them.
 */
export function resolveParisLocal(local: string): ParisLocalResolution {
	const m = LOCAL_RE.exec(local.trim());
	if (!m) return { kind: 'invalid' };
	const [year, month, day, hour, minute, second, milli] = [
		Number(m[1]),
		Number(m[2]),
		Number(m[3]),
		Number(m[4]),
		Number(m[5]),
		Number(m[6] ?? '0'),
		Number((m[7] ?? '0').padEnd(3, '0'))
	];
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return { kind: 'invalid' };
	// The wall time as if it were UTC; setUTCFullYear avoids Date.UTC's 0–99 → 1900s mapping.
	const wallDate = new Date(0);
	wallDate.setUTCFullYear(year, month - 1, day);
	wallDate.setUTCHours(hour, minute, second, milli);
	if (wallDate.getUTCDate() !== day || wallDate.getUTCMonth() !== month - 1) return { kind: 'invalid' };
	const wall = wallDate.getTime();

	// The offset in force is one of those around the wall time; keep each candidate instant
	// whose actual offset is the one assumed.
	const candidates = new Set([
		offsetMinutes(PARIS_TIME_ZONE, wall - DAY),
		offsetMinutes(PARIS_TIME_ZONE, wall),
		offsetMinutes(PARIS_TIME_ZONE, wall + DAY)
	]);
	const instants: number[] = [];
	for (const offset of candidates) {
		if (!Number.isFinite(offset)) continue;
		const utc = wall - offset * MINUTE;
		if (offsetMinutes(PARIS_TIME_ZONE, utc) === offset && !instants.includes(utc)) instants.push(utc);
	}
	instants.sort((a, b) => a - b);
	const [first, later] = instants;
	if (first === undefined) return { kind: 'nonexistent' };
	if (later === undefined) return { kind: 'exact', utcMs: first };
	return { kind: 'ambiguous', utcMs: first, laterUtcMs: later };
}

/**
 * Converts an `<input type="datetime-local">` value read as Europe/Paris wall time to UTC
 * milliseconds.
 *
 * Decisions at the daylight saving changes:
 * - the repeated hour in October (e.g. "2026-10-25T02:30") resolves to its **first** occurrence,
 *   summer time UTC+02:00 (00:30 UTC): for a deadline, the earlier instant is the safe reading;
 * - the skipped hour in March (e.g. "2026-03-29T02:30") does not exist: returns **null**, like
 *   any invalid input, rather than silently moving the deadline. Use {@link resolveParisLocal}
 *   to tell the user why.
 *
 * @returns UTC milliseconds, or null when the value is invalid or does not exist in Paris
 */
export function parisLocalToUtcMs(local: string): number | null {
	const r = resolveParisLocal(local);
	return r.kind === 'exact' || r.kind === 'ambiguous' ? r.utcMs : null;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function assertInstant(ms: number): void {
	if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant: ${ms}`);
}

/**
 * The Europe/Paris wall time of an instant, as an `<input type="datetime-local">` value
 * ("2026-10-25T02:30"), to prefill inputs. Seconds are added (":SS") only when not zero, so
 * that the round trip with {@link parisLocalToUtcMs} is exact; milliseconds are dropped.
 */
export function utcMsToParisLocal(ms: number): string {
	assertInstant(ms);
	const d = new TZDate(ms, PARIS_TIME_ZONE);
	const year = String(d.getFullYear()).padStart(4, '0');
	const base = `${year}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
	const seconds = d.getSeconds();
	return seconds === 0 ? base : `${base}:${pad2(seconds)}`;
}

function offsetLabel(offset: number): string {
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.round(Math.abs(offset));
	return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Checks an IANA time zone name, throwing a RangeError when the runtime does not know it. */
/** Zones already checked (building an Intl.DateTimeFormat is costly: a dashboard formats hundreds of dates). */
const knownTimeZones = new Set<string>();

function assertTimeZone(timeZone: string): void {
	if (knownTimeZones.has(timeZone)) return;
	// Throws RangeError on an unknown zone.
	new Intl.DateTimeFormat('en-US', { timeZone });
	knownTimeZones.add(timeZone);
}

/** The UTC offset of a time zone at an instant, as "UTC+01:00" / "UTC+02:00" / "UTC-03:00". */
export function offsetLabelInZone(ms: number, timeZone: string): string {
	assertInstant(ms);
	assertTimeZone(timeZone);
	return offsetLabel(offsetMinutes(timeZone, ms));
}

/** The Paris UTC offset at an instant: "UTC+01:00" in winter, "UTC+02:00" in summer. */
export function parisOffsetLabel(ms: number): string {
	return offsetLabelInZone(ms, PARIS_TIME_ZONE);
}

const longDateFormats = new Map<string, Intl.DateTimeFormat>();

function longDate(ms: number, timeZone: string): string {
	let format = longDateFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('fr-FR', {
			timeZone,
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric'
		});
		longDateFormats.set(timeZone, format);
	}
	const parts = format.formatToParts(new Date(ms));
	const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
	const day = get('day');
	return `${get('weekday')} ${day === '1' ? '1er' : day} ${get('month')} ${get('year')}`;
}

function wallParts(ms: number, timeZone: string): { date: string; time: string } {
	const d = new TZDate(ms, timeZone);
	return {
		date: `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${String(d.getFullYear()).padStart(4, '0')}`,
		time: `${pad2(d.getHours())}:${pad2(d.getMinutes())}`
	};
}

/**
 * Long French form of an instant in Paris time, with the offset:
 * "dimanche 25 octobre 2026 à 12:00 (heure de Paris, UTC+01:00)" ("1er" for the first day of a
 * month).
 */
export function formatParis(ms: number): string {
	assertInstant(ms);
	const { time } = wallParts(ms, PARIS_TIME_ZONE);
	return `${longDate(ms, PARIS_TIME_ZONE)} à ${time} (heure de Paris, ${parisOffsetLabel(ms)})`;
}

/** Short form of an instant in Paris time, with the offset: "25/10/2026 12:00 (UTC+01:00)". */
export function formatParisShort(ms: number): string {
	return formatInZone(ms, PARIS_TIME_ZONE);
}

/** The Paris wall time alone, "25/10/2026 12:00", for one-line places that say « heure de Paris » otherwise. */
export function formatParisWall(ms: number): string {
	assertInstant(ms);
	const { date, time } = wallParts(ms, PARIS_TIME_ZONE);
	return `${date} ${time}`;
}

/**
 * Short form of an instant in any IANA time zone, with its offset, e.g. to show the viewer's
 * own time next to the Paris time: `formatInZone(ms, 'Indian/Reunion')` →
 * "25/10/2026 15:00 (UTC+04:00)".
 *
 * @throws RangeError when the time zone is unknown or the instant invalid
 */
export function formatInZone(ms: number, timeZone: string): string {
	assertInstant(ms);
	assertTimeZone(timeZone);
	const { date, time } = wallParts(ms, timeZone);
	return `${date} ${time} (${offsetLabel(offsetMinutes(timeZone, ms))})`;
}

/**
 * Whether the wall time in `timeZone` differs from Paris at that instant (different UTC
 * offset), i.e. whether the viewer's local time is worth showing next to the Paris time.
 *
 * @throws RangeError when the time zone is unknown
 */
export function differsFromParis(ms: number, timeZone: string): boolean {
	assertInstant(ms);
	assertTimeZone(timeZone);
	return offsetMinutes(timeZone, ms) !== offsetMinutes(PARIS_TIME_ZONE, ms);
}

/** The runtime's time zone (in a browser: the viewer's), e.g. "Europe/Paris", "America/Cayenne". */
export function runtimeTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Urgency of a deadline. */
export type CountdownLevel = 'ok' | 'warning' | 'alarm' | 'passed';

/** A deadline countdown for display. */
export interface Countdown {
	label: string;
	level: CountdownLevel;
}

function formatDuration(ms: number): string {
	const totalMinutes = Math.floor(ms / MINUTE);
	const days = Math.floor(totalMinutes / (24 * 60));
	const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
	const minutes = totalMinutes % 60;
	if (days > 0) return hours > 0 ? `${days} j ${hours} h` : `${days} j`;
	if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
	if (minutes > 0) return `${minutes} min`;
	return 'moins d’une minute';
}

/**
 * Time left before a deadline, in French, with an urgency level.
 *
 * - Labels: "dans 3 j 4 h" (a day or more: days and hours), "dans 5 h 12 min", "dans 12 min",
 *   "dans moins d’une minute"; once passed: "échue depuis 2 h", "échue depuis 1 j 3 h"…
 * - Durations are truncated (never rounded up): the time left is never overstated.
 * - Levels: `passed` from the deadline itself (now ≥ deadline: a bid must be uploaded before),
 *   `alarm` under 24 h left, `warning` under 72 h, `ok` otherwise.
 */
export function formatCountdown(deadlineMs: number, nowMs: number): Countdown {
	assertInstant(deadlineMs);
	assertInstant(nowMs);
	const left = deadlineMs - nowMs;
	if (left <= 0) return { label: `échue depuis ${formatDuration(-left)}`, level: 'passed' };
	const level: CountdownLevel = left < COUNTDOWN_ALARM_MS ? 'alarm' : left < COUNTDOWN_WARNING_MS ? 'warning' : 'ok';
	return { label: `dans ${formatDuration(left)}`, level };
}

/** "YYYY-MM-DD" → ms at 00:00 UTC, or null when it is not a real calendar date. */
export function parseIsoDate(raw: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
	if (!m) return null;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	const d = new Date(ms);
	if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
	return ms;
}
