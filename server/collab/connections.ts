/**
 * Every open collaboration socket of this process, and what is done to them as a set: each
 * person's write budget shared by their connections, keep-alive pings (a socket that missed one
 * is cut), the periodic session check, ending sessions at once (sign-out, password change), and
 * re-checking access after rights changed (4205). start.ts wires it; admission.ts adds to it.
 */
import { CLOSE_ACCESS_CHANGED, CLOSE_UNAUTHENTICATED } from '../../src/lib/collab/close-codes';
import { sessionExpiries } from '../../src/lib/server/auth/auth.repository';
import type { AppContext } from '../../src/lib/server/context';
import { log } from '../../src/lib/server/log';
import type { Connection } from './connection';
import { TokenBucket } from './rate-limit';
import type { CollabSettings, RoomAuthorizer } from './settings';

/** Which sessions just ended: one, or every session of a person but one. */
export type EndedSessions = { sessionId: string } | { userId: string; exceptSessionId?: string };

export class ConnectionSet implements Iterable<Connection> {
	private readonly open = new Set<Connection>();
	/** Each person's document write budget, shared by their connections (dropped once full again). */
	private readonly userBudgets = new Map<string, TokenBucket>();
	private readonly ping: ReturnType<typeof setInterval>;
	private readonly sessionCheck: ReturnType<typeof setInterval>;
	private checkingSessions = false;

	constructor(
		private readonly ctx: Pick<AppContext, 'db' | 'now'>,
		private readonly settings: CollabSettings,
		private readonly authorize: RoomAuthorizer
	) {
		this.ping = setInterval(() => this.pingAll(), settings.pingIntervalMs);
		this.ping.unref();
		// Sessions end while sockets stay open: sign-out and password changes call endSessions at
		// once; this check catches the rest (expiry, a row deleted by hand) within sessionCheckMs.
		this.sessionCheck = setInterval(() => {
			if (this.checkingSessions || this.open.size === 0) return;
			this.checkingSessions = true;
			void this.checkSessions()
				.catch((e) => log.error('collab: session check failed', { error: String(e) }))
				.finally(() => (this.checkingSessions = false));
		}, settings.sessionCheckMs);
		this.sessionCheck.unref();
	}

	get size(): number {
		return this.open.size;
	}

	[Symbol.iterator](): Iterator<Connection> {
		return this.open[Symbol.iterator]();
	}

	add(conn: Connection): void {
		this.open.add(conn);
	}

	delete(conn: Connection): void {
		this.open.delete(conn);
	}

	/** The write budget of a person, created full on their first connection. */
	userBudget(userId: string): TokenBucket {
		let bucket = this.userBudgets.get(userId);
		if (!bucket) {
			const { user } = this.settings.writeBudget;
			this.userBudgets.set(userId, (bucket = new TokenBucket(user.burst, user.perSecond)));
		}
		return bucket;
	}

	/** Closes with 4401 the sockets of sessions that were just deleted (see CollabControl). */
	endSessions(match: EndedSessions): void {
		for (const conn of this.open) {
			const ended =
				'sessionId' in match
					? conn.sessionId === match.sessionId
					: conn.userId === match.userId && conn.sessionId !== match.exceptSessionId;
			if (ended) conn.close(CLOSE_UNAUTHENTICATED, 'session ended');
		}
	}

	/** Re-asks the room policy for every connection of the rooms starting with `roomPrefix`; closes changed ones with 4205. */
	async refreshAccess(roomPrefix: string): Promise<void> {
		const checks: Promise<void>[] = [];
		for (const conn of this.open) {
			if (conn.closed || !conn.room.name.startsWith(roomPrefix)) continue;
			checks.push(
				Promise.resolve()
					.then(() => this.authorize({ userId: conn.userId, room: conn.room.name }))
					.catch(() => 'none' as const)
					.then((access) => {
						if (access !== conn.access) conn.close(CLOSE_ACCESS_CHANGED, 'access changed');
					})
			);
		}
		await Promise.all(checks);
	}

	/** Stops the pings and the session check (shutdown). */
	stop(): void {
		clearInterval(this.ping);
		clearInterval(this.sessionCheck);
	}

	private pingAll(): void {
		const connected = new Set<string>();
		for (const conn of this.open) connected.add(conn.userId);
		for (const [userId, bucket] of this.userBudgets) if (!connected.has(userId) && bucket.idle) this.userBudgets.delete(userId);
		for (const conn of this.open) {
			if (!conn.alive) {
				conn.ws.terminate();
				continue;
			}
			conn.alive = false;
			try {
				conn.ws.ping();
			} catch {
				conn.ws.terminate();
			}
		}
	}

	private async checkSessions(): Promise<void> {
		const ids = [...new Set([...this.open].map((c) => c.sessionId))];
		const live = new Set<string>();
		const now = this.ctx.now();
		for (let i = 0; i < ids.length; i += 500) {
			const rows = await sessionExpiries(this.ctx.db, ids.slice(i, i + 500));
			for (const r of rows) if (r.expires_at > now) live.add(r.id);
		}
		for (const conn of this.open) if (!live.has(conn.sessionId)) conn.close(CLOSE_UNAUTHENTICATED, 'session ended');
	}
}
