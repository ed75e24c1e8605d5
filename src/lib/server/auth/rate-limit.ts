/**
 * Attempt counting in SQLite (survives restarts, shared by every request of the process).
 * A key is e.g. `signin:ip:203.0.113.9`, `signin:email:anne@demo.test` or
 * `signin:device:<device cookie id>`; each use counts over its own window. The SQL is in
 * auth.repository.ts.
 */
import type { DB } from '../db/index';
import type { Config } from '../config';
import { DomainError } from '../errors';
import { countAttempts, deleteAttemptsUpTo, insertAttempts } from './auth.repository';

/** The window of the plain per-IP limits. */
export const WINDOW_MS = 15 * 60 * 1000;

export interface Limit {
	key: string;
	max: number;
	/** Defaults to WINDOW_MS. */
	windowMs?: number;
}

/** Attempts must be kept as long as the longest window that counts them. */
export function attemptRetentionMs(config: Pick<Config, 'signIn' | 'deviceCookies' | 'passwordReset'>): number {
	return Math.max(config.signIn.failureWindowMs, config.deviceCookies.lockoutMs, config.passwordReset.linkTtlMs);
}

/** Records one attempt per key and forgets attempts older than `retainMs` (the longest window in use). */
export async function recordAttempt(db: DB, keys: string[], now: number, retainMs: number): Promise<void> {
	if (keys.length === 0) return;
	await insertAttempts(db, keys, now);
	await deleteAttemptsUpTo(db, now - Math.max(retainMs, WINDOW_MS));
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
