/**
 * Device cookies, after OWASP's « Slow Down Online Guessing Attacks with Device Cookies »: a
 * browser that signed in to an account keeps a long-lived token `id.secret` (random, like the
 * session token; only SHA-256(secret) is stored, bound to the account). Sign-in attempts that
 * present a valid one for the account are counted on it rather than on the address, so failures
 * from anywhere else never keep the owner's own browsers out (accounts.service.ts, signIn).
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { DB } from '../db/index';
import type { Config } from '../config';
import { newId, newSecret } from '../ids';
import { hashSecret } from './session';

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
	await db
		.insertInto('device_cookies')
		.values({ id, user_id: userId, secret_hash: hashSecret(secret), created_at: now, last_used_at: now, expires_at: expiresAt })
		.execute();
	const keep = db
		.selectFrom('device_cookies')
		.select('id')
		.where('user_id', '=', userId)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(cfg.perUser);
	await db.deleteFrom('device_cookies').where('user_id', '=', userId).where('id', 'not in', keep).execute();
	return { token: `${id}.${secret}`, expiresAt };
}

/** The device behind `token` if it is valid, unexpired and bound to `userId`; otherwise null. */
export async function validateDeviceCookie(db: DB, token: string | undefined, userId: string, now: number): Promise<Device | null> {
	if (typeof token !== 'string' || token.length > 200) return null;
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length) return null;
	const row = await db
		.selectFrom('device_cookies')
		.select(['id', 'user_id', 'secret_hash', 'expires_at'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row || row.user_id !== userId) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
	if (row.expires_at <= now) {
		await db.deleteFrom('device_cookies').where('id', '=', id).execute();
		return null;
	}
	await db.updateTable('device_cookies').set({ last_used_at: now }).where('id', '=', id).execute();
	return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

/** Withdraws every device cookie of the account but `exceptId` (password reset or change). */
export async function revokeDeviceCookies(db: DB, userId: string, exceptId?: string): Promise<void> {
	let q = db.deleteFrom('device_cookies').where('user_id', '=', userId);
	if (exceptId) q = q.where('id', '!=', exceptId);
	await q.execute();
}

/** Cookie attributes: HttpOnly, SameSite=Lax, Secure when ORIGIN is https, one year. */
export function deviceCookieOptions(secure: boolean, expiresAt: number) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, expires: new Date(expiresAt) };
}
