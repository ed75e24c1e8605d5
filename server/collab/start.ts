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
 *   admission.ts   upgrade → socket in its room: refusals as close codes, room and per-person
 *                  caps, the connection's events
 *   connections.ts every open socket: per-person write budgets, keep-alive pings, session check,
 *                  endSessions, refreshAccess
 *   start.ts       wiring: ws server (noServer), withRoomDoc, liveState, notifyRoom,
 *                  discardRoom, graceful shutdown
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
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { CLOSE_FORBIDDEN, CLOSE_RESTART } from '../../src/lib/collab/close-codes';
import type { RoomNotice } from '../../src/lib/collab/notices';
import { resolveRoomAccess } from '../../src/lib/server/collab/access';
import { updateAppender } from '../../src/lib/server/collab/persistence';
import { roomStorageAllowance } from '../../src/lib/server/quota/storage';
import type { AppContext, CollabControl } from '../../src/lib/server/context';
import type { UpgradeHandler } from '../upgrade';
import { createAdmission, type Admission } from './admission';
import { ConnectionSet, type EndedSessions } from './connections';
import { encodeRoomNotice } from './protocol';
import { RoomRegistry } from './registry';
import { resolveSettings, type CollabOptions, type RoomAuthorizer } from './settings';
import { UpdateWriter } from './writer';

export type { CollabOptions, RoomAuthorizer } from './settings';

/** How long shutdown waits for clients to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MS = 1000;

export interface CollabServer {
	/** Upgrade handler for `/collab/…` requests (wire it through createUpgradeListener). */
	handleUpgrade: UpgradeHandler | null;
	/** Attaches a socket whose upgrade was authenticated by the HTTP process of a sharded server (cluster.ts). */
	adopt?: Admission['adopt'];
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
	endSessions(match: EndedSessions): void;
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
		now: () => ctx.now(),
		append: updateAppender(ctx.database.sqlite)
	});
	const registry = new RoomRegistry(ctx.db, settings, writer);
	const connections = new ConnectionSet(ctx, settings, authorize);
	const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload, clientTracking: false });
	let stopping: Promise<void> | null = null;
	const admission = createAdmission({ ctx, settings, authorize, wss, registry, connections, stopping: () => stopping !== null });
	const refreshAccess = (roomPrefix: string) => connections.refreshAccess(roomPrefix);
	const endSessions = (match: EndedSessions) => connections.endSessions(match);

	function notifyRoom(room: string, notice: RoomNotice): void {
		registry.rooms.get(room)?.broadcast(encodeRoomNotice(notice), null);
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
		connections.stop();
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
		handleUpgrade: admission.handleUpgrade,
		adopt: admission.adopt,
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
