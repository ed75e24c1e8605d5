import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { loadRoomDoc } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import { connectProvider, destroyAll, signedInUser, startServer, tempDir, testContext, waitFor, type TestServer } from './helpers';

/** mulberry32: a small seeded generator, so a failure replays with its seed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function summary(doc: Y.Doc): string {
	const map = doc.getMap('m').toJSON();
	const entries = Object.keys(map)
		.sort()
		.map((k) => [k, map[k]]);
	return JSON.stringify({ text: doc.getText('t').toString(), map: entries });
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
	return summary(a) === summary(b) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

describe('seeded random editing with disconnects', () => {
	let ctx: AppContext;
	let server: TestServer;
	let token: string;
	let cleanup: () => void;

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'random.db'));
		({ token } = await signedInUser(ctx));
		server = await startServer(ctx, { authorize: async () => 'write', flushDelayMs: 20, compactEvery: 100 });
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	for (const seed of [1, 2, 3]) {
		it(`every replica and the stored state converge (seed ${seed})`, async () => {
			const rand = prng(seed);
			const int = (n: number) => Math.floor(rand() * n);
			const room = `section/random-${seed}`;
			const clients: WebsocketProvider[] = Array.from({ length: 6 }, () => connectProvider(server, room, token));
			await waitFor(() => clients.every((c) => c.synced), 5000, 'initial sync');

			for (let step = 0; step < 400; step++) {
				const client = clients[int(clients.length)]!;
				const text = client.doc.getText('t');
				const roll = rand();
				if (roll < 0.55) {
					const s = String.fromCharCode(97 + int(26)).repeat(1 + int(4));
					text.insert(int(text.length + 1), s);
				} else if (roll < 0.75 && text.length > 0) {
					const at = int(text.length);
					text.delete(at, 1 + int(Math.min(5, text.length - at)));
				} else if (roll < 0.85) {
					client.doc.getMap('m').set(`k${int(5)}`, step);
				} else if (roll < 0.93) {
					// Edits made while offline are merged when the client comes back.
					if (client.shouldConnect) client.disconnect();
					else client.connect();
				} else {
					// Let the network deliver some of what is in flight.
					await new Promise((r) => setTimeout(r, int(4)));
				}
			}

			for (const c of clients) if (!c.shouldConnect) c.connect();
			const live = new Y.Doc();
			await waitFor(
				() => {
					const state = server.collab.liveState(room);
					if (!state) return false;
					Y.applyUpdate(live, state);
					return clients.every((c) => c.synced && sameState(c.doc, live));
				},
				10_000,
				'convergence'
			);
			expect(live.getText('t').length).toBeGreaterThan(0);

			destroyAll(...clients);
			await waitFor(
				async () => {
					const stored = await loadRoomDoc(ctx.db, room);
					return stored !== null && sameState(stored, live);
				},
				5000,
				'stored state'
			);
		});
	}
});
