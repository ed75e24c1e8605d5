/**
 * Authentication and authorization of a `/collab/<room>` upgrade request: same-origin check,
 * session cookie, then the injected room policy. Never throws for bad input (a throw inside an
 * HTTP upgrade listener would kill the process); the caller turns a refusal into a close code.
 */
import type { IncomingMessage } from 'node:http';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from '../../src/lib/collab/close-codes';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session';
import type { DB } from '../../src/lib/server/db/index';
import type { RoomAuthorizer } from './settings';

const ROOM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/;
const MAX_ROOM_LENGTH = 200;

export type UpgradeDecision =
	| { ok: true; userId: string; userName: string; sessionId: string; room: string; access: 'write' | 'suggest' | 'read' }
	| { ok: false; code: number; reason: string };

export interface UpgradeAuthDeps {
	db: DB;
	now(): number;
	/** Configured public origin; undefined means "the request's own origin". */
	origin: string | undefined;
	authorize: RoomAuthorizer;
}

/**
 * The room named by a `/collab/<room>[?query]` URL, percent-decoded, or null when the URL is
 * not a collab URL, the encoding is malformed or the name is not a plausible room name.
 */
export function parseRoom(url: string | undefined): string | null {
	if (typeof url !== 'string' || !url.startsWith('/collab/')) return null;
	const path = url.slice('/collab/'.length).split(/[?#]/, 1)[0] ?? '';
	let room: string;
	try {
		room = decodeURIComponent(path);
	} catch {
		return null;
	}
	return room.length > 0 && room.length <= MAX_ROOM_LENGTH && ROOM_PATTERN.test(room) ? room : null;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * True when the request's Origin is the configured origin, or (none configured) the request's
 * own host over http or https (https when TLS ends at a reverse proxy).
 */
export function originAllowed(req: IncomingMessage, configured: string | undefined): boolean {
	const origin = header(req, 'origin');
	if (!origin) return false;
	if (configured) return origin === configured;
	const host = header(req, 'host');
	if (!host) return false;
	const o = origin.toLowerCase();
	const h = host.toLowerCase();
	return o === `http://${h}` || o === `https://${h}`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(cookieHeader: string | undefined, name: string): string | null {
	if (!cookieHeader) return null;
	for (const part of cookieHeader.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
		const raw = part.slice(eq + 1).trim();
		try {
			return decodeURIComponent(raw);
		} catch {
			return null;
		}
	}
	return null;
}

/** Decides an upgrade: who connects, to which room, with which access. */
export async function authenticateUpgrade(req: IncomingMessage, deps: UpgradeAuthDeps): Promise<UpgradeDecision> {
	if (!originAllowed(req, deps.origin)) return { ok: false, code: CLOSE_FORBIDDEN, reason: 'origin not allowed' };
	const token = readCookie(header(req, 'cookie'), SESSION_COOKIE);
	if (!token) return { ok: false, code: CLOSE_UNAUTHENTICATED, reason: 'no session' };
	const session = await validateSessionToken(deps.db, token, deps.now());
	if (!session) return { ok: false, code: CLOSE_UNAUTHENTICATED, reason: 'no session' };
	const room = parseRoom(req.url);
	if (!room) return { ok: false, code: CLOSE_FORBIDDEN, reason: 'unknown room' };
	const access = await deps.authorize({ userId: session.user.id, room });
	if (access !== 'write' && access !== 'suggest' && access !== 'read') return { ok: false, code: CLOSE_FORBIDDEN, reason: 'no access' };
	return { ok: true, userId: session.user.id, userName: session.user.name, sessionId: session.session.id, room, access };
}
