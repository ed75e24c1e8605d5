/**
 * From an HTTP upgrade to a socket in its room: authenticate (auth.ts: Origin, session, room
 * policy), then either refuse — completing the upgrade only to close at once with a code the
 * browser can read (4401, 4403, 1011, 1012) — or attach the socket: room caps (writers and
 * read-only connections counted apart, one person's tabs capped), the Connection, its events,
 * and its start once the room's stored state is loaded.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CLOSE_INTERNAL, CLOSE_RESTART, CLOSE_ROOM_FULL } from '../../src/lib/collab/close-codes';
import type { AppContext } from '../../src/lib/server/context';
import { log } from '../../src/lib/server/log';
import type { UpgradeHandler } from '../upgrade';
import { authenticateUpgrade, type UpgradeDecision } from './auth';
import { Connection } from './connection';
import type { ConnectionSet } from './connections';
import type { RoomRegistry } from './registry';
import type { CollabSettings, RoomAuthorizer } from './settings';

const ignore = () => {};

export interface AdmissionDeps {
	ctx: Pick<AppContext, 'db' | 'now' | 'config'>;
	settings: CollabSettings;
	authorize: RoomAuthorizer;
	wss: WebSocketServer;
	registry: RoomRegistry;
	connections: ConnectionSet;
	/** True once shutdown began: new sockets are closed with 1012. */
	stopping(): boolean;
}

export interface Admission {
	/** The upgrade handler for `/collab/…` requests: authenticates, then attaches. */
	handleUpgrade: UpgradeHandler;
	/**
	 * Completes the upgrade of a socket already authenticated elsewhere (the HTTP process of a
	 * sharded server, cluster.ts) and attaches it to its room.
	 */
	adopt(req: IncomingMessage, socket: Duplex, head: Buffer, decision: Extract<UpgradeDecision, { ok: true }>): void;
}

/** The upgrade handling of `/collab/…` requests. */
export function createAdmission(deps: AdmissionDeps): Admission {
	const { ctx, settings, authorize, wss, registry, connections } = deps;

	/** Completes the upgrade only to close at once with a code the browser can read. */
	function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
		wss.handleUpgrade(req, socket, head, (ws) => {
			ws.on('error', ignore);
			ws.close(code, reason);
		});
	}

	function attach(ws: WebSocket, socket: Duplex, decision: Extract<UpgradeDecision, { ok: true }>): void {
		// ws follows every 'error' with 'close' and has already sent the close code (1009 for an
		// oversize frame); terminating here could drop that close frame before it is flushed.
		ws.on('error', ignore);
		if (deps.stopping()) {
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
		const conn = new Connection(ws, socket, room, decision, settings, connections.userBudget(decision.userId));
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

	function adopt(req: IncomingMessage, socket: Duplex, head: Buffer, decision: Extract<UpgradeDecision, { ok: true }>): void {
		if (deps.stopping()) {
			refuse(req, socket, head, CLOSE_RESTART, 'server restart');
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => attach(ws, socket, decision));
	}

	const handleUpgrade: UpgradeHandler = (req, socket, head) => {
		if (deps.stopping()) {
			refuse(req, socket, head, CLOSE_RESTART, 'server restart');
			return;
		}
		authenticateUpgrade(req, { db: ctx.db, now: () => ctx.now(), origin: ctx.config.origin, authorize })
			.then((decision) => {
				if (!decision.ok) refuse(req, socket, head, decision.code, decision.reason);
				else wss.handleUpgrade(req, socket, head, (ws) => attach(ws, socket, decision));
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
	return { handleUpgrade, adopt };
}
