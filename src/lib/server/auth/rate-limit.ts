/**
 * Attempt counting in SQLite (survives restarts, shared by every request of the process).
 * A key is e.g. `signin:ip:203.0.113.9`, `signin:email:anne@demo.test` or
 * `signin:device:<device cookie id>`; each use counts over its own window.
 */
import type { DB } from '../db/index';
import { DomainError } from '../errors';

/** The window of the plain per-IP limits. */
export const WINDOW_MS = 15 * 60 * 1000;

export interface Limit {
	key: string;
	max: number;
	/** Defaults to WINDOW_MS. */
	windowMs?: number;
}

/** Attempts recorded for `key` after `since`. */
export async function countAttempts(db: DB, key: string, since: number): Promise<number> {
	const row = await db
		.selectFrom('auth_attempts')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('key', '=', key)
		.where('at', '>', since)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** Times of the attempts recorded for `key` after `since`, newest first. */
export async function attemptTimes(db: DB, key: string, since: number): Promise<number[]> {
	const rows = await db
		.selectFrom('auth_attempts')
		.select('at')
		.where('key', '=', key)
		.where('at', '>', since)
		.orderBy('at', 'desc')
		.execute();
	return rows.map((r) => r.at);
}

/** Records one attempt per key and forgets attempts older than `retainMs` (the longest window in use). */
export async function recordAttempt(db: DB, keys: string[], now: number, retainMs: number): Promise<void> {
	if (keys.length === 0) return;
	await db
		.insertInto('auth_attempts')
		.values(keys.map((key) => ({ key, at: now })))
		.execute();
	await db
		.deleteFrom('auth_attempts')
		.where('at', '<=', now - Math.max(retainMs, WINDOW_MS))
		.execute();
}

export async function clearAttempts(db: DB, keys: string[]): Promise<void> {
	if (keys.length) await db.deleteFrom('auth_attempts').where('key', 'in', keys).execute();
}

export function rateLimited(message = 'Trop de tentatives. Par sécurité, patientez 15 minutes avant de réessayer.'): DomainError {
	return new DomainError('rate_limited', message);
}

/** Throws a 429 DomainError when any limit is reached. */
export async function assertUnderLimits(db: DB, limits: Limit[], now: number): Promise<void> {
	for (const l of limits) {
		if ((await countAttempts(db, l.key, now - (l.windowMs ?? WINDOW_MS))) >= l.max) throw rateLimited();
	}
}

/** « 1 seconde », « 40 secondes », « 2 minutes » (rounded up). */
export function frenchWait(ms: number): string {
	const s = Math.max(1, Math.ceil(ms / 1000));
	if (s < 60) return `${s} seconde${s > 1 ? 's' : ''}`;
	const m = Math.ceil(s / 60);
	return `${m} minute${m > 1 ? 's' : ''}`;
}
