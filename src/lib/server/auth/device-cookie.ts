/**
 * Device cookies, after OWASP's « Slow Down Online Guessing Attacks with Device Cookies »: a
 * browser that signed in to an account keeps a long-lived token `id.secret` (random, like the
 * session token; only SHA-256(secret) is stored, bound to the account). Sign-in attempts that
 * present a valid one for the account are counted on it rather than on the address, so failures
 * from anywhere else never keep the owner's own browsers out (accounts.service.ts, signIn).
 * The SQL is in auth.repository.ts.
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { DB } from '../db/index';
import type { Config } from '../config';
import { newId, newSecret } from '../ids';
import { hashSecret } from './session';
import {
	deleteDeviceCookie,
	deleteUserDeviceCookies,
	findDeviceCookie,
	insertDeviceCookie,
	pruneDeviceCookies,
	touchDeviceCookie
} from './auth.repository';

export const DEVICE_COOKIE = 'cotrait_device';

export interface Device {
	id: string;
	userId: string;
	expiresAt: number;
}

/** Creates a device cookie for the account; keeps the account's newest `perUser` only. */
export async function issueDeviceCookie(
	db: DB,
	userId: string,
	now: number,
	cfg: Config['deviceCookies']
): Promise<{ token: string; expiresAt: number }> {
	const id = newId();
	const secret = newSecret();
	const expiresAt = now + cfg.ttlMs;
	await insertDeviceCookie(db, {
		id,
		user_id: userId,
		secret_hash: hashSecret(secret),
		created_at: now,
		last_used_at: now,
		expires_at: expiresAt
	});
	await pruneDeviceCookies(db, userId, now, cfg.perUser);
	return { token: `${id}.${secret}`, expiresAt };
}

/** The device behind `token` if it is valid, unexpired and bound to `userId`; otherwise null. */
export async function validateDeviceCookie(db: DB, token: string | undefined, userId: string, now: number): Promise<Device | null> {
	if (typeof token !== 'string' || token.length > 200) return null;
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length) return null;
	const row = await findDeviceCookie(db, id);
	if (!row || row.user_id !== userId) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
	if (row.expires_at <= now) {
		await deleteDeviceCookie(db, id);
		return null;
	}
	await touchDeviceCookie(db, id, now);
	return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

/** Withdraws every device cookie of the account but `exceptId` (password reset or change). */
export async function revokeDeviceCookies(db: DB, userId: string, exceptId?: string): Promise<void> {
	await deleteUserDeviceCookies(db, userId, exceptId);
}

/** Cookie attributes: HttpOnly, SameSite=Lax, Secure when ORIGIN is https, one year. */
export function deviceCookieOptions(secure: boolean, expiresAt: number) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, expires: new Date(expiresAt) };
}
