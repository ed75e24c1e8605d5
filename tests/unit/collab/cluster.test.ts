/**
 * The collaboration server sharded over two worker processes (server/collab/cluster.ts): real
 * sockets handed by the HTTP process to the worker owning the room, each worker on its own SQLite
 * connection. Rooms owned by different workers co-write and are stored; refusals (no session, no
 * access) are answered by the HTTP process with the same close codes; a change of access
 * (refreshAccess) and a sign-out (endSessions) close sockets in the workers; a worker that dies is
 * started again and its clients come back with their text.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOSE_ACCESS_CHANGED, CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from '../../../src/lib/collab/close-codes';
import { loadRoomDoc } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import { startCollabCluster, workerOf, type CollabCluster } from '../../../server/collab/cluster';
import type { RoomAccess } from '../../../server/collab/settings';
import { createUpgradeListener } from '../../../server/upgrade';
import {
	bundleForChild,
	connectProvider,
	destroyAll,
	nextCloseCode,
	signedInUser,
	tempDir,
	testContext,
	textOf,
	waitFor,
	waitSynced,
	type TestServer
} from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'tests/.tmp/collab-cluster-worker.mjs');

/** Two room names owned by different workers of two. */
function roomsOnBothWorkers(): [string, string] {
	const a = 'section/cluster-a';
	for (let i = 0; ; i++) if (workerOf(`section/cluster-b${i}`, 2) !== workerOf(a, 2)) return [a, `section/cluster-b${i}`];
}

describe('collaboration rooms sharded over two worker processes', () => {
	let ctx: AppContext;
	let cleanup: () => void;
	let cluster: CollabCluster;
	let server: TestServer;
	const access = new Map<string, RoomAccess>();

	beforeAll(async () => {
		await bundleForChild('tests/unit/collab/cluster-worker.ts', bundle);
	});

	beforeEach(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'cluster.db'));
		access.clear();
		cluster = startCollabCluster(ctx, {
			workers: 2,
			script: bundle,
			options: { flushDelayMs: 20 },
			authorize: async ({ userId }) => access.get(userId) ?? 'none'
		});
		await cluster.ready;
		const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
		httpServer.on('upgrade', createUpgradeListener(cluster.handleUpgrade, 'refuse'));
		await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
		const port = (httpServer.address() as { port: number }).port;
		let closed = false;
		server = {
			collab: cluster,
			http: httpServer,
			port,
			origin: `http://localhost:${port}`,
			async close() {
				if (closed) return;
				closed = true;
				await cluster.shutdown();
				httpServer.closeAllConnections();
				await new Promise<void>((resolve) => httpServer.close(() => resolve()));
			}
		};
	});
	afterEach(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	async function writer(name: string): Promise<string> {
		return (await writerUser(name)).token;
	}

	async function writerUser(name: string): Promise<{ userId: string; token: string }> {
		const user = await signedInUser(ctx, name);
		access.set(user.userId, 'write');
		return user;
	}

	it('co-writes rooms owned by different workers and stores each after shutdown', async () => {
		const [roomA, roomB] = roomsOnBothWorkers();
		const anne = await writer('Anne');
		const chloe = await writer('Chloé');
		const a1 = connectProvider(server, roomA, anne);
		const a2 = connectProvider(server, roomA, chloe);
		const b1 = connectProvider(server, roomB, anne);
		const b2 = connectProvider(server, roomB, chloe);
		await Promise.all([a1, a2, b1, b2].map((p) => waitSynced(p)));
		a1.doc.getText('t').insert(0, 'Mémoire technique');
		b2.doc.getText('t').insert(0, 'Planning');
		await waitFor(() => textOf(a2) === 'Mémoire technique' && textOf(b1) === 'Planning', 5000, 'edits relayed');
		await waitFor(() => cluster.stats().connections === 4, 3000, 'workers report their sockets');
		destroyAll(a1, a2, b1, b2);
		await server.close();
		expect((await loadRoomDoc(ctx.db, roomA))?.getText('t').toString()).toBe('Mémoire technique');
		expect((await loadRoomDoc(ctx.db, roomB))?.getText('t').toString()).toBe('Planning');
	});

	it('refuses in the HTTP process, with the same close codes, a socket without a session or without access', async () => {
		const noSession = connectProvider(server, 'section/cluster-a', null);
		expect(await nextCloseCode(noSession)).toBe(CLOSE_UNAUTHENTICATED);
		const { token } = await signedInUser(ctx, 'Inconnu');
		const noAccess = connectProvider(server, 'section/cluster-a', token);
		expect(await nextCloseCode(noAccess)).toBe(CLOSE_FORBIDDEN);
		destroyAll(noSession, noAccess);
	});

	it('closes in the workers the sockets whose access changed (4205) or whose session ended (4401)', async () => {
		const [roomA, roomB] = roomsOnBothWorkers();
		const { userId, token } = await signedInUser(ctx, 'Bruno');
		access.set(userId, 'write');
		const anne = await writerUser('Anne');
		const inA = connectProvider(server, roomA, token);
		const inB = connectProvider(server, roomB, token);
		const other = connectProvider(server, roomB, anne.token);
		await Promise.all([inA, inB, other].map((p) => waitSynced(p)));
		access.set(userId, 'read');
		const closedA = nextCloseCode(inA);
		const closedB = nextCloseCode(inB);
		await cluster.refreshAccess('section/');
		expect(await closedA).toBe(CLOSE_ACCESS_CHANGED);
		expect(await closedB).toBe(CLOSE_ACCESS_CHANGED);
		await Promise.all([inA, inB].map((p) => waitSynced(p)));
		// Read-only now: what Bruno types stays his; Anne keeps typing.
		inB.doc.getText('t').insert(0, 'refusé');
		other.doc.getText('t').insert(0, 'accepté');
		await waitFor(() => textOf(inB).includes('accepté'), 3000, 'read-only client still receives');
		expect(textOf(other)).toBe('accepté');

		const ended = nextCloseCode(other);
		cluster.endSessions({ userId: anne.userId });
		expect(await ended).toBe(CLOSE_UNAUTHENTICATED);
		destroyAll(inA, inB, other);
	});

	it('starts a worker that died again; its clients reconnect and nothing typed is lost', async () => {
		const [roomA] = roomsOnBothWorkers();
		const anne = await writer('Anne');
		const chloe = await writer('Chloé');
		const a = connectProvider(server, roomA, anne);
		const c = connectProvider(server, roomA, chloe);
		await Promise.all([a, c].map((p) => waitSynced(p)));
		a.doc.getText('t').insert(0, 'avant');
		await waitFor(() => textOf(c) === 'avant', 3000, 'first edit relayed');
		const owner = cluster.pids()[workerOf(roomA, 2)]!;
		process.kill(owner, 'SIGKILL');
		a.doc.getText('t').insert(5, ' pendant');
		await waitFor(() => cluster.pids()[workerOf(roomA, 2)] !== owner, 5000, 'worker started again');
		await waitFor(() => textOf(c) === 'avant pendant', 10_000, 'edit typed while the worker was down reaches the other');
		destroyAll(a, c);
		await server.close();
		expect((await loadRoomDoc(ctx.db, roomA))?.getText('t').toString()).toBe('avant pendant');
	});
});
