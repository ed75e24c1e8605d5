/**
 * Attempt counting in SQLite (survives restarts, shared by every request of the process).
 * A key is e.g. `signin:ip:203.0.113.9` or `signin:email:anne@demo.test`.
 */
import type { DB } from '../db/index';
import { DomainError } from '../errors';

export const WINDOW_MS = 15 * 60 * 1000;

export interface Limit {
	key: string;
	max: number;
}

export async function countAttempts(db: DB, key: string, now: number): Promise<number> {
	const row = await db
		.selectFrom('auth_attempts')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('key', '=', key)
		.where('at', '>', now - WINDOW_MS)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

export async function recordAttempt(db: DB, keys: string[], now: number): Promise<void> {
	if (keys.length === 0) return;
	await db
		.insertInto('auth_attempts')
		.values(keys.map((key) => ({ key, at: now })))
		.execute();
	// Keep the table small: forget attempts older than the window.
	await db.deleteFrom('auth_attempts').where('at', '<=', now - WINDOW_MS).execute();
}

export async function clearAttempts(db: DB, keys: string[]): Promise<void> {
	if (keys.length) await db.deleteFrom('auth_attempts').where('key', 'in', keys).execute();
}

/** Throws a 429 DomainError when any limit is reached. */
export async function assertUnderLimits(db: DB, limits: Limit[], now: number): Promise<void> {
	for (const l of limits) {
		if ((await countAttempts(db, l.key, now)) >= l.max) {
			throw new DomainError(
				'rate_limited',
				'Trop de tentatives. Par sécurité, patientez 15 minutes avant de réessayer.'
			);
		}
	}
}
