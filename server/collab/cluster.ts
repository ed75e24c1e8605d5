/**
 * The collaboration server sharded over worker processes (COLLAB_WORKERS > 1; docs/CAPACITY.md).
 *
 * This process (the HTTP one) authenticates every `/collab/…` upgrade exactly as the in-process
 * server does (auth.ts: Origin, session, room policy) and refuses with the same close codes; an
 * accepted socket is handed, with the decision, to the worker that owns the room — chosen by a
 * hash of the room name, so one room lives in exactly one worker and its Yjs state has a single
 * owner. Child processes, not worker threads: a `net.Socket` cannot be transferred to a
 * worker_thread, while `child.send(message, socket)` passes its file descriptor.
 *
 * Each worker (worker.ts) runs startCollab on its own SQLite connection (WAL, busy_timeout) and
 * asks this process for every access decision (on refreshAccess), so the room policy — injected
 * or resolveRoomAccess — lives here only. endSessions and refreshAccess reach every worker;
 * notifyRoom and discardRoom the room's owner. A worker that dies is started again (its clients
 * reconnect by themselves and re-send what the server lacks); shutdown persists every worker.
 *
 * Not yet: `liveState` and `withRoomDoc` answer null (the room's document is in another process;
 * callers fall back to the stored state), so the production entry keeps one in-process server
 * until they go over IPC (docs/CAPACITY.md, « what is left »).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { CLOSE_INTERNAL, CLOSE_RESTART } from '../../src/lib/collab/close-codes';
import type { RoomNotice } from '../../src/lib/collab/notices';
import { resolveRoomAccess } from '../../src/lib/server/collab/access';
import type { AppContext, CollabControl } from '../../src/lib/server/context';
import { log } from '../../src/lib/server/log';
import type { UpgradeHandler } from '../upgrade';
import { authenticateUpgrade, type UpgradeDecision } from './auth';
import type { EndedSessions } from './connections';
import type { CollabOptions, RoomAccess, RoomAuthorizer } from './settings';
import type { CollabServer } from './start';

/** Options a worker gets (functions stay in this process). */
export type WorkerOptions = Omit<CollabOptions, 'authorize' | 'storageQuota'>;

export type ToWorker =
	| { type: 'init'; databasePath: string; options: WorkerOptions }
	| {
			type: 'upgrade';
			decision: Extract<UpgradeDecision, { ok: true }>;
			method: string;
			url: string;
			headers: Record<string, string | string[] | undefined>;
			head: Uint8Array;
	  }
	| { type: 'authorized'; id: number; access: RoomAccess }
	| { type: 'refresh'; id: number; prefix: string }
	| { type: 'discard'; id: number; room: string }
	| { type: 'end-sessions'; match: EndedSessions }
	| { type: 'notify'; room: string; notice: RoomNotice }
	| { type: 'shutdown'; id: number };

export type FromWorker =
	| { type: 'ready' }
	| { type: 'authorize'; id: number; userId: string; room: string }
	| { type: 'reply'; id: number }
	| { type: 'stats'; rooms: number; connections: number };

export interface ClusterOptions {
	workers: number;
	/** The script each worker runs (a bundle that calls runCollabWorker() when given `args`). */
	script: string;
	args?: string[];
	/** Serializable options of every worker's startCollab. */
	options?: WorkerOptions;
	authorize?: RoomAuthorizer;
}

/** FNV-1a of the room name: which worker owns it. */
export function workerOf(room: string, workers: number): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < room.length; i++) h = Math.imul(h ^ room.charCodeAt(i), 0x01000193);
	return (h >>> 0) % workers;
}

interface Worker {
	child: ChildProcess;
	ready: boolean;
	/** Resolves once the worker has opened its database and can take sockets. */
	started: Promise<void>;
	stats: { rooms: number; connections: number };
}

/** Starts `options.workers` collaboration workers and registers the cluster as `ctx.collab`. */
export interface CollabCluster extends CollabServer {
	/** Resolves once every worker can take sockets. */
	ready: Promise<void>;
	/** Process ids of the workers (monitoring, tests). */
	pids(): number[];
}

export function startCollabCluster(ctx: AppContext, options: ClusterOptions): CollabCluster {
	const authorize: RoomAuthorizer = options.authorize ?? ((input) => resolveRoomAccess(ctx.db, input.userId, input.room, ctx.now()));
	const refusals = new WebSocketServer({ noServer: true, clientTracking: false });
	const workers: Worker[] = [];
	const replies = new Map<number, () => void>();
	let nextId = 1;
	let stopping: Promise<void> | null = null;

	function spawnWorker(index: number): void {
		const child = fork(options.script, options.args ?? [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let started = () => {};
		const worker: Worker = { child, ready: false, started: new Promise<void>((r) => (started = r)), stats: { rooms: 0, connections: 0 } };
		workers[index] = worker;
		child.on('message', (m: FromWorker) => {
			if (m.type === 'ready') {
				worker.ready = true;
				started();
			} else if (m.type === 'stats') worker.stats = { rooms: m.rooms, connections: m.connections };
			else if (m.type === 'reply') {
				replies.get(m.id)?.();
				replies.delete(m.id);
			} else if (m.type === 'authorize') {
				Promise.resolve()
					.then(() => authorize({ userId: m.userId, room: m.room }))
					.catch(() => 'none' as const)
					.then((access) => send(worker, { type: 'authorized', id: m.id, access }));
			}
		});
		child.once('exit', (code, signal) => {
			worker.ready = false;
			if (stopping) return;
			log.error('collab: worker exited, starting it again', { worker: index, code, signal });
			setTimeout(() => !stopping && spawnWorker(index), 100).unref();
		});
		send(worker, { type: 'init', databasePath: ctx.config.databasePath, options: options.options ?? {} });
	}

	function send(worker: Worker, message: ToWorker, socket?: Socket): boolean {
		if (!worker.child.connected) return false;
		try {
			worker.child.send(message, socket);
			return true;
		} catch {
			return false;
		}
	}

	/** Sends a request and resolves once the worker answered (or is gone). */
	function request(worker: Worker, make: (id: number) => ToWorker): Promise<void> {
		const id = nextId++;
		return new Promise<void>((resolve) => {
			replies.set(id, resolve);
			const gone = () => {
				replies.delete(id);
				resolve();
			};
			worker.child.once('exit', gone);
			if (!send(worker, make(id))) gone();
		});
	}

	for (let i = 0; i < options.workers; i++) spawnWorker(i);
	const ready = Promise.all(workers.map((w) => w.started)).then(() => undefined);

	function refuse(
		req: Parameters<UpgradeHandler>[0],
		socket: Parameters<UpgradeHandler>[1],
		head: Buffer,
		code: number,
		reason: string
	): void {
		refusals.handleUpgrade(req, socket, head, (ws) => {
			ws.on('error', () => {});
			ws.close(code, reason);
		});
	}

	const handleUpgrade: UpgradeHandler = (req, socket, head) => {
		if (stopping) {
			refuse(req, socket, head, CLOSE_RESTART, 'server restart');
			return;
		}
		authenticateUpgrade(req, { db: ctx.db, now: () => ctx.now(), origin: ctx.config.origin, authorize })
			.then((decision) => {
				if (!decision.ok) {
					refuse(req, socket, head, decision.code, decision.reason);
					return;
				}
				const worker = workers[workerOf(decision.room, workers.length)]!;
				// A worker starting again: the client reconnects with backoff, as after a restart.
				if (stopping || !worker.ready) {
					refuse(req, socket, head, CLOSE_RESTART, 'server restart');
					return;
				}
				const message: ToWorker = {
					type: 'upgrade',
					decision,
					method: req.method ?? 'GET',
					url: req.url ?? '',
					headers: req.headers,
					head
				};
				if (!send(worker, message, socket as Socket)) refuse(req, socket, head, CLOSE_RESTART, 'server restart');
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

	const owner = (room: string) => workers[workerOf(room, workers.length)]!;
	const refreshAccess = async (prefix: string) => {
		await Promise.all(workers.map((w) => request(w, (id) => ({ type: 'refresh', id, prefix }))));
	};
	const endSessions = (match: EndedSessions) => {
		for (const w of workers) send(w, { type: 'end-sessions', match });
	};
	const notifyRoom = (room: string, notice: RoomNotice) => void send(owner(room), { type: 'notify', room, notice });
	const discardRoom = (room: string) => request(owner(room), (id) => ({ type: 'discard', id, room }));
	const control: CollabControl = { refreshAccess, endSessions, notifyRoom, discardRoom };
	ctx.collab = control;

	async function shutdown(): Promise<void> {
		await Promise.all(workers.map((w) => request(w, (id) => ({ type: 'shutdown', id }))));
		refusals.close();
		if (ctx.collab === control) ctx.collab = null;
	}

	return {
		ready,
		pids: () => workers.map((w) => w.child.pid ?? 0),
		handleUpgrade,
		refreshAccess,
		endSessions,
		notifyRoom,
		discardRoom,
		liveState: () => null,
		withRoomDoc: async () => null,
		stats: () =>
			workers.reduce((s, w) => ({ rooms: s.rooms + w.stats.rooms, connections: s.connections + w.stats.connections }), {
				rooms: 0,
				connections: 0
			}),
		shutdown() {
			stopping ??= shutdown();
			return stopping;
		}
	};
}
