/**
 * The SQL of authentication: sessions, device cookies, attempt counts and password-reset links
 * (the tables this feature owns). Plain Kysely functions taking `db` or a transaction first; the
 * logic that uses them (token checks, sliding expiry, limits) stays in session.ts,
 * device-cookie.ts and rate-limit.ts.
 */
import type { DB } from '../db/index';
import type { Database } from '../db/schema';
import type { Insertable } from 'kysely';

// --- sessions ---------------------------------------------------------------------------------

export async function insertSession(db: DB, row: Insertable<Database['sessions']>): Promise<void> {
	await db.insertInto('sessions').values(row).execute();
}

/** A session with the few fields of its user that a request needs. */
export async function findSessionWithUser(db: DB, id: string) {
	return db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.user_id',
			'sessions.secret_hash',
			'sessions.created_at',
			'sessions.expires_at',
			'users.email',
			'users.name'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
}

export async function setSessionExpiry(db: DB, id: string, expiresAt: number): Promise<void> {
	await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: DB, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Deletes every session of the user but `exceptId`. */
export async function deleteUserSessions(db: DB, userId: string, exceptId?: string): Promise<void> {
	let q = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (exceptId) q = q.where('id', '!=', exceptId);
	await q.execute();
}

/** The expiry of each of `ids` that still has a row (the collab server's periodic check). */
export async function sessionExpiries(db: DB, ids: string[]): Promise<{ id: string; expires_at: number }[]> {
	if (ids.length === 0) return [];
	return db.selectFrom('sessions').select(['id', 'expires_at']).where('id', 'in', ids).execute();
}

// --- device cookies ---------------------------------------------------------------------------

export async function insertDeviceCookie(db: DB, row: Insertable<Database['device_cookies']>): Promise<void> {
	await db.insertInto('device_cookies').values(row).execute();
}

/** Deletes the user's device cookies but the `keep` newest unexpired ones. */
export async function pruneDeviceCookies(db: DB, userId: string, now: number, keep: number): Promise<void> {
	const kept = db
		.selectFrom('device_cookies')
		.select('id')
		.where('user_id', '=', userId)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(keep);
	await db.deleteFrom('device_cookies').where('user_id', '=', userId).where('id', 'not in', kept).execute();
}

export async function findDeviceCookie(db: DB, id: string) {
	return db.selectFrom('device_cookies').select(['id', 'user_id', 'secret_hash', 'expires_at']).where('id', '=', id).executeTakeFirst();
}

export async function touchDeviceCookie(db: DB, id: string, now: number): Promise<void> {
	await db.updateTable('device_cookies').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function deleteDeviceCookie(db: DB, id: string): Promise<void> {
	await db.deleteFrom('device_cookies').where('id', '=', id).execute();
}

/** Deletes every device cookie of the user but `exceptId`. */
export async function deleteUserDeviceCookies(db: DB, userId: string, exceptId?: string): Promise<void> {
	let q = db.deleteFrom('device_cookies').where('user_id', '=', userId);
	if (exceptId) q = q.where('id', '!=', exceptId);
	await q.execute();
}

// --- attempts ---------------------------------------------------------------------------------

/** How many attempts were recorded for `key` after `since`. */
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

/** One attempt row per key, at `at`. */
export async function insertAttempts(db: DB, keys: string[], at: number): Promise<void> {
	if (keys.length === 0) return;
	await db
		.insertInto('auth_attempts')
		.values(keys.map((key) => ({ key, at })))
		.execute();
}

/** Forgets the attempts recorded at or before `at`. */
export async function deleteAttemptsUpTo(db: DB, at: number): Promise<void> {
	await db.deleteFrom('auth_attempts').where('at', '<=', at).execute();
}

/** Forgets every attempt of `keys` (a success clears its own failures). */
export async function clearAttempts(db: DB, keys: string[]): Promise<void> {
	if (keys.length) await db.deleteFrom('auth_attempts').where('key', 'in', keys).execute();
}

// --- password resets --------------------------------------------------------------------------

export async function insertPasswordReset(db: DB, row: Insertable<Database['password_resets']>): Promise<void> {
	await db.insertInto('password_resets').values(row).execute();
}

/** The unused, unexpired reset whose token hashes to `tokenHash`. */
export async function findLivePasswordReset(db: DB, tokenHash: Uint8Array, now: number) {
	return db
		.selectFrom('password_resets')
		.selectAll()
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.executeTakeFirst();
}

/** Marks the reset used unless it already was; true when this call did. */
export async function consumePasswordReset(db: DB, id: string, now: number): Promise<boolean> {
	const used = await db
		.updateTable('password_resets')
		.set({ used_at: now })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(used.numUpdatedRows) === 1;
}
