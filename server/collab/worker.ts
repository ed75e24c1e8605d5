/**
 * One collaboration worker process of a sharded server (cluster.ts): its rooms, their sockets,
 * its own SQLite connection (openDatabase: WAL, busy_timeout) and writer. It receives sockets
 * already authenticated by the HTTP process and completes their upgrade; every access decision
 * (refreshAccess) is asked of the HTTP process, where the room policy lives. It exits with its
 * parent: a crash of the whole server leaves nothing running.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { loadConfig } from '../../src/lib/server/config';
import { createContext } from '../../src/lib/server/context';
import type { FromWorker, ToWorker } from './cluster';
import type { RoomAccess } from './settings';
import { startCollab } from './start';

const STATS_MS = 1000;

function reply(message: FromWorker): void {
	if (process.connected) process.send!(message);
}

/** Runs this process as a collaboration worker (it was forked by startCollabCluster). */
export async function runCollabWorker(): Promise<void> {
	process.on('disconnect', () => process.exit(0));
	const init = await new Promise<Extract<ToWorker, { type: 'init' }>>((resolve) => {
		const onInit = (m: ToWorker) => {
			if (m.type !== 'init') return;
			process.off('message', onInit);
			resolve(m);
		};
		process.on('message', onInit);
	});
	const ctx = await createContext(loadConfig({ ...process.env, DATABASE_PATH: init.databasePath }));
	const decisions = new Map<number, (access: RoomAccess) => void>();
	let nextId = 1;
	const collab = startCollab(ctx, {
		...init.options,
		authorize: ({ userId, room }) =>
			new Promise<RoomAccess>((resolve) => {
				const id = nextId++;
				decisions.set(id, resolve);
				reply({ type: 'authorize', id, userId, room });
			})
	});

	process.on('message', (m: ToWorker, handle?: Socket) => {
		switch (m.type) {
			case 'upgrade': {
				if (!handle) return;
				handle.on('error', () => handle.destroy());
				const req = { method: m.method, url: m.url, headers: m.headers, socket: handle } as unknown as IncomingMessage;
				try {
					collab.adopt!(req, handle, Buffer.from(m.head), m.decision);
				} catch {
					handle.destroy();
				}
				break;
			}
			case 'authorized':
				decisions.get(m.id)?.(m.access);
				decisions.delete(m.id);
				break;
			case 'refresh':
				void collab.refreshAccess(m.prefix).finally(() => reply({ type: 'reply', id: m.id }));
				break;
			case 'discard':
				void collab.discardRoom(m.room).finally(() => reply({ type: 'reply', id: m.id }));
				break;
			case 'end-sessions':
				collab.endSessions(m.match);
				break;
			case 'notify':
				collab.notifyRoom(m.room, m.notice);
				break;
			case 'shutdown':
				void collab
					.shutdown()
					.then(() => ctx.close())
					.finally(() => {
						if (process.connected) process.send!({ type: 'reply', id: m.id } satisfies FromWorker, () => process.exit(0));
						else process.exit(0);
					});
				break;
		}
	});
	setInterval(() => reply({ type: 'stats', ...collab.stats() }), STATS_MS).unref();
	reply({ type: 'ready' });
}
