/**
 * The collaboration server: Yjs documents shared over the y-websocket protocol (the stock
 * `y-websocket` client provider connects to `/collab/<room>`, e.g. `/collab/section/<id>`).
 *
 * Parts, one job each:
 *   auth.ts        upgrade authentication: same Origin, session cookie, injected room policy
 *   registry.ts    open rooms; unload of idle rooms
 *   room.ts        one room: Y.Doc + awareness + members; stored state loaded before any sync;
 *                  its encoded state cached while unchanged
 *   limits.ts      what a writer's update may do, checked before it is applied: nesting depth,
 *                  size cap, the owner's storage allowance
 *   connection.ts  one socket: sync/awareness handling, read-only flag, rate limits (messages,
 *                  bytes per connection and per person), awareness stamped with the person,
 *                  malformed frames
 *   rate-limit.ts  token buckets
 *   protocol.ts    the wire format
 *   writer.ts      batched writes of every room's updates to the log, compaction
 *                  (through lib/server/collab/persistence)
 *   start.ts       wiring: ws server (noServer), room and per-person caps, keep-alive pings,
 *                  refreshAccess, withRoomDoc, discardRoom, graceful shutdown
 *
 * Authorization design: the room policy is injected. `startCollab(ctx, { authorize })` uses the
 * given function; without it, `resolveRoomAccess(ctx.db, userId, room)` from
 * `src/lib/server/collab/access.ts` decides (the tenders feature owns that policy). Both are
 * asked on every upgrade and again by `refreshAccess(prefix)`, which SvelteKit code reaches
 * through `ctx.collab` after changing rights (lock of a section, member removed…).
 *
 * Refusals are sent as WebSocket close codes after accepting the upgrade (browsers cannot read
 * an HTTP status on a failed upgrade): see src/lib/collab/close-codes.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import {
	CLOSE_ACCESS_CHANGED,
	CLOSE_FORBIDDEN,
	CLOSE_INTERNAL,
	CLOSE_RESTART,
	CLOSE_ROOM_FULL,
	CLOSE_UNAUTHENTICATED
} from '../../src/lib/collab/close-codes';
import { resolveRoomAccess } from '../../src/lib/server/collab/access';
import { sessionExpiries } from '../../src/lib/server/auth/auth.repository';
import { roomStorageAllowance } from '../../src/lib/server/quota/storage';
import type { AppContext, CollabControl } from '../../src/lib/server/context';
import { log } from '../../src/lib/server/log';
import type { UpgradeHandler } from '../upgrade';
import { authenticateUpgrade, type UpgradeDecision } from './auth';
import { Connection } from './connection';
import { encodeRoomNotice } from './protocol';
import { TokenBucket } from './rate-limit';
import { RoomRegistry } from './registry';
import type { RoomNotice } from '../../src/lib/collab/notices';
import { resolveSettings, type CollabOptions, type RoomAuthorizer } from './settings';
import { UpdateWriter } from './writer';

export type { CollabOptions, RoomAuthorizer } from './settings';

/** How long shutdown waits for clients to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MS = 1000;

const ignore = () => {};

export interface CollabServer {
	/** Upgrade handler for `/collab/…` requests (wire it through createUpgradeListener). */
	handleUpgrade: UpgradeHandler | null;
	/**
	 * Re-checks the access of every connection in the rooms whose name starts with `roomPrefix`;
	 * a connection whose access changed is closed with 4205 so its client reconnects.
	 */
	refreshAccess(roomPrefix: string): Promise<void>;
	/** The current state of an open room (newer than the stored one by up to the flush delay). */
	liveState(room: string): Uint8Array | null;
	/** Sends a room notice to every connection of `room` (see src/lib/collab/notices.ts). */
	notifyRoom(room: string, notice: RoomNotice): void;
	/**
	 * The room's document is being deleted (its section was): closes its sockets (4403), drops it
	 * from memory without writing, and resolves once no write of it is under way — the caller
	 * then deletes its stored rows.
	 */
	discardRoom(room: string): Promise<void>;
	/**
	 * Runs `read` on the room's live document — opening (loading) the room if needed, unless
	 * `open` is false — or null when it cannot (or the room is not open).
	 */
	withRoomDoc<T>(room: string, read: (doc: Y.Doc) => T, options?: { open?: boolean }): Promise<T | null>;
	/** Closes with 4401 the sockets of sessions that were just deleted (see CollabControl). */
	endSessions(match: { sessionId: string } | { userId: string; exceptSessionId?: string }): void;
	/** Open rooms and connections (monitoring, tests). */
	stats(): { rooms: number; connections: number };
	/** Closes every socket with 1012, writes and compacts every room, then resolves. */
	shutdown(): Promise<void>;
}

/** Starts the collaboration server of this process and registers it as `ctx.collab`. */
export function startCollab(ctx: AppContext, options: CollabOptions = {}): CollabServer {
	const settings = resolveSettings({
		...options,
		storageQuota: options.storageQuota ?? ((room) => roomStorageAllowance(ctx, room))
	});
	const authorize: RoomAuthorizer = options.authorize ?? ((input) => resolveRoomAccess(ctx.db, input.userId, input.room, ctx.now()));
	const writer = new UpdateWriter(ctx.db, {
		flushDelayMs: settings.flushDelayMs,
		compactEvery: settings.compactEvery,
		now: () => ctx.now()
	});
	const registry = new RoomRegistry(ctx.db, settings, writer);
	const connections = new Set<Connection>();
	/** Each person's document write budget, shared by their connections (dropped once full again). */
	const userBudgets = new Map<string, TokenBucket>();
	function userBudget(userId: string): TokenBucket {
		let bucket = userBudgets.get(userId);
		if (!bucket) {
			const { user } = settings.writeBudget;
			userBudgets.set(userId, (bucket = new TokenBucket(user.burst, user.perSecond)));
		}
		return bucket;
	}
	const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload, clientTracking: false });
	let stopping: Promise<void> | null = null;

	/** Completes the upgrade only to close at once with a code the browser can read. */
	function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
		wss.handleUpgrade(req, socket, head, (ws) => {
			ws.on('error', ignore);
			ws.close(code, reason);
		});
	}

	function attach(ws: WebSocket, decision: Extract<UpgradeDecision, { ok: true }>): void {
		// ws follows every 'error' with 'close' and has already sent the close code (1009 for an
		// oversize frame); terminating here could drop that close frame before it is flushed.
		ws.on('error', ignore);
		if (stopping) {
			ws.close(CLOSE_RESTART, 'server restart');
			return;
		}
		const room = registry.acquire(decision.room);
		// Writers and read-only connections are counted apart, so observers cannot lock writers
		// out; one person's tabs are capped, so nobody can fill a room alone.
		const full =
			room.count((m) => m.userId === decision.userId) >= settings.maxConnectionsPerUser ||
			room.count((m) => m.readOnly === (decision.access === 'read')) >= settings.maxClientsPerRoom;
		if (full) {
			ws.close(CLOSE_ROOM_FULL, 'room full');
			registry.release(room);
			return;
		}
		const conn = new Connection(ws, room, decision, settings, userBudget(decision.userId));
		connections.add(conn);
		room.add(conn);
		ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => conn.receive(data));
		ws.on('pong', () => {
			conn.alive = true;
		});
		ws.on('close', () => {
			conn.closed = true;
			connections.delete(conn);
			room.remove(conn);
			registry.release(room);
		});
		room.ready.then(
			() => conn.start(),
			() => conn.close(CLOSE_INTERNAL, 'room unavailable')
		);
	}

	const handleUpgrade: UpgradeHandler = (req, socket, head) => {
		if (stopping) {
			refuse(req, socket, head, CLOSE_RESTART, 'server restart');
			return;
		}
		authenticateUpgrade(req, { db: ctx.db, now: () => ctx.now(), origin: ctx.config.origin, authorize })
			.then((decision) => {
				if (!decision.ok) refuse(req, socket, head, decision.code, decision.reason);
				else wss.handleUpgrade(req, socket, head, (ws) => attach(ws, decision));
			})
			.catch((e) => {
				log.error('collab: upgrade failed', { error: String(e) });
				try {
					refuse(req, socket, head, CLOSE_INTERNAL, 'server error');
				} catch {
					socket.destroy();
				}
			});
	};

	const ping = setInterval(() => {
		const connected = new Set<string>();
		for (const conn of connections) connected.add(conn.userId);
		for (const [userId, bucket] of userBudgets) if (!connected.has(userId) && bucket.idle) userBudgets.delete(userId);
		for (const conn of connections) {
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
	}, settings.pingIntervalMs);
	ping.unref();

	// Sessions end while sockets stay open: sign-out and password changes call endSessions at
	// once; this check catches the rest (expiry, a row deleted by hand) within sessionCheckMs.
	let checkingSessions = false;
	const sessionCheck = setInterval(() => {
		if (checkingSessions || connections.size === 0) return;
		checkingSessions = true;
		void checkSessions()
			.catch((e) => log.error('collab: session check failed', { error: String(e) }))
			.finally(() => (checkingSessions = false));
	}, settings.sessionCheckMs);
	sessionCheck.unref();

	async function checkSessions(): Promise<void> {
		const ids = [...new Set([...connections].map((c) => c.sessionId))];
		const live = new Set<string>();
		const now = ctx.now();
		for (let i = 0; i < ids.length; i += 500) {
			const rows = await sessionExpiries(ctx.db, ids.slice(i, i + 500));
			for (const r of rows) if (r.expires_at > now) live.add(r.id);
		}
		for (const conn of connections) if (!live.has(conn.sessionId)) conn.close(CLOSE_UNAUTHENTICATED, 'session ended');
	}

	function endSessions(match: { sessionId: string } | { userId: string; exceptSessionId?: string }): void {
		for (const conn of connections) {
			const ended =
				'sessionId' in match
					? conn.sessionId === match.sessionId
					: conn.userId === match.userId && conn.sessionId !== match.exceptSessionId;
			if (ended) conn.close(CLOSE_UNAUTHENTICATED, 'session ended');
		}
	}

	function notifyRoom(room: string, notice: RoomNotice): void {
		registry.rooms.get(room)?.broadcast(encodeRoomNotice(notice), null);
	}

	async function refreshAccess(roomPrefix: string): Promise<void> {
		const checks: Promise<void>[] = [];
		for (const conn of connections) {
			if (conn.closed || !conn.room.name.startsWith(roomPrefix)) continue;
			checks.push(
				Promise.resolve()
					.then(() => authorize({ userId: conn.userId, room: conn.room.name }))
					.catch(() => 'none' as const)
					.then((access) => {
						if (access !== conn.access) conn.close(CLOSE_ACCESS_CHANGED, 'access changed');
					})
			);
		}
		await Promise.all(checks);
	}

	async function discardRoom(name: string): Promise<void> {
		for (const conn of connections) if (conn.room.name === name) conn.close(CLOSE_FORBIDDEN, 'room deleted');
		registry.discard(name);
		await writer.discard(name);
	}

	/**
	 * Reads the room's live document (exports, previews of open sections): no encoding and
	 * decoding of the whole state. An opened room stays for unloadDelayMs like after a last
	 * connection.
	 */
	async function withRoomDoc<T>(name: string, read: (doc: Y.Doc) => T, options: { open?: boolean } = {}): Promise<T | null> {
		if (stopping) return null;
		if (options.open === false && !registry.rooms.get(name)?.loaded) return null;
		const room = registry.acquire(name);
		try {
			room.loadNow();
			await room.ready;
			// Let waiting requests run between the room's decoding and the caller's reading.
			await new Promise<void>((resolve) => setImmediate(resolve));
			return read(room.doc);
		} catch {
			return null;
		} finally {
			registry.release(room);
		}
	}

	function liveState(room: string): Uint8Array | null {
		const open = registry.rooms.get(room);
		return open?.loaded ? open.encodedState() : null;
	}

	const control: CollabControl = { refreshAccess, liveState, endSessions, notifyRoom, withRoomDoc, discardRoom };
	ctx.collab = control;

	async function shutdown(): Promise<void> {
		clearInterval(ping);
		clearInterval(sessionCheck);
		const open = [...connections];
		const allClosed = Promise.all(open.map((c) => (c.ws.readyState === c.ws.CLOSED ? null : new Promise((r) => c.ws.once('close', r)))));
		// Close first: frames arriving after this are ignored (their clients keep them and re-sync
		// after reconnecting), so the final write below holds everything that was applied.
		for (const conn of open) conn.close(CLOSE_RESTART, 'server restart');
		await registry.closeAll();
		const grace = new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref());
		await Promise.race([allClosed, grace]);
		for (const conn of connections) conn.ws.terminate();
		wss.close();
		if (ctx.collab === control) ctx.collab = null;
	}

	return {
		handleUpgrade,
		refreshAccess,
		liveState,
		endSessions,
		notifyRoom,
		withRoomDoc,
		discardRoom,
		stats: () => ({ rooms: registry.rooms.size, connections: connections.size }),
		shutdown() {
			stopping ??= shutdown();
			return stopping;
		}
	};
}
