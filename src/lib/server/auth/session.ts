/**
 * Sessions after Lucia's current design: the token given to the browser is `id.secret`;
 * only SHA-256(secret) is stored, compared in constant time; expiry slides with use.
 * The SQL is in auth.repository.ts.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { DB } from '../db/index';
import type { User } from '../db/schema';
import { newId, newSecret } from '../ids';
import { deleteSession, deleteUserSessions, findSessionWithUser, insertSession, setSessionExpiry } from './auth.repository';

export const SESSION_COOKIE = 'cotrait_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** Extend the expiry when less than this remains (so at most one write per ~15 days of use). */
export const SESSION_RENEW_MS = 15 * 24 * 3600 * 1000;

export interface Session {
	id: string;
	userId: string;
	createdAt: number;
	expiresAt: number;
}

export type SessionUser = Pick<User, 'id' | 'email' | 'name'>;

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Creates a session and returns it with the token to put in the cookie. */
export async function createSession(db: DB, userId: string, now = Date.now()): Promise<{ session: Session; token: string }> {
	const id = newId();
	const secret = newSecret();
	const session: Session = { id, userId, createdAt: now, expiresAt: now + SESSION_TTL_MS };
	await insertSession(db, { id, user_id: userId, secret_hash: hashSecret(secret), created_at: now, expires_at: session.expiresAt });
	return { session, token: `${id}.${secret}` };
}

/**
 * Validates a token; returns the session (with its possibly extended expiry) and user,
 * or null. Expired sessions are deleted.
 */
export async function validateSessionToken(
	db: DB,
	token: string,
	now = Date.now()
): Promise<{ session: Session; user: SessionUser } | null> {
	if (typeof token !== 'string' || token.length > 200) return null;
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (!id || !secret) return null;
	const row = await findSessionWithUser(db, id);
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
	if (row.expires_at <= now) {
		await deleteSession(db, id);
		return null;
	}
	let expiresAt = row.expires_at;
	if (expiresAt - now < SESSION_RENEW_MS) {
		expiresAt = now + SESSION_TTL_MS;
		await setSessionExpiry(db, id, expiresAt);
	}
	return {
		session: { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt },
		user: { id: row.user_id, email: row.email, name: row.name }
	};
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: DB, userId: string, exceptSessionId?: string): Promise<void> {
	await deleteUserSessions(db, userId, exceptSessionId);
}

/** Cookie attributes for the session token. */
export function sessionCookieOptions(secure: boolean, expiresAt: number) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure,
		expires: new Date(expiresAt)
	};
}
