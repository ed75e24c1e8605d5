import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import { CLOSE_POLICY, CLOSE_ROOM_FULL, CLOSE_TOO_LARGE } from '../../../src/lib/collab/close-codes';
import type { AppContext } from '../../../src/lib/server/context';
import { encodeUpdate } from '../../../server/collab/protocol';
import {
	browserHeaders,
	connectProvider,
	destroyAll,
	liveText,
	rawBarrier,
	rawClient,
	signedInUser,
	startServer,
	tempDir,
	testContext,
	textOf,
	waitFor,
	waitSynced,
	type TestServer
} from './helpers';

/** Deterministic bytes (mulberry32). */
function randomBytes(seed: number, length: number): Uint8Array {
	let a = seed >>> 0;
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
	}
	return out;
}

describe('malformed and abusive frames close only their connection', () => {
	let ctx: AppContext;
	let server: TestServer;
	let token: string;
	let cleanup: () => void;
	const room = 'section/hostile';

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'malformed.db'));
		({ token } = await signedInUser(ctx));
		server = await startServer(ctx, {
			authorize: async () => 'write',
			maxClientsPerRoom: 6,
			rateLimit: { burst: 50, perSecond: 50 }
		});
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	const frames: Array<[string, Uint8Array]> = [
		['unknown message type', new Uint8Array([0xff, 0xff, 0x03, 1, 2, 3])],
		['random bytes after an unknown type', Uint8Array.of(0x7f, ...randomBytes(1, 64))],
		['empty frame', new Uint8Array([])],
		['truncated varint', new Uint8Array([0x80])],
		['sync without its type', new Uint8Array([0])],
		['unknown sync type', new Uint8Array([0, 9, 0])],
		['step 1 with a truncated state vector', new Uint8Array([0, 0, 10, 1, 2])],
		['step 1 with a garbage state vector', new Uint8Array([0, 0, 3, 0xff, 0xff, 0xff])],
		['update longer than the frame', new Uint8Array([0, 2, 0x90, 0x4e, 1, 2, 3])],
		['awareness without payload', new Uint8Array([1])],
		['awareness with garbage', Uint8Array.of(1, 20, ...randomBytes(2, 20))],
		['update made of random bytes', Uint8Array.of(0, 2, 200, 1, ...randomBytes(3, 200))]
	];

	it.each(frames)('%s', async (_name, frame) => {
		const peer = connectProvider(server, room, token);
		await waitSynced(peer);
		const bad = rawClient(server, `/collab/${room}`, browserHeaders(server, token));
		await bad.opened;
		bad.ws.send(frame);
		const { code } = await bad.closed;
		expect(code).toBe(CLOSE_POLICY);
		// The other client in the room keeps working, and the room's document is intact.
		const marker = `ok-${Math.random().toString(36).slice(2, 8)}`;
		peer.doc.getText('t').insert(0, marker);
		await waitFor(() => liveText(server, room).includes(marker), 3000, 'peer still served');
		expect(liveText(server, room)).toBe(textOf(peer));
		peer.destroy();
	});

	it('closes with 1009 a frame over the size limit (2 MB), without disturbing the room', async () => {
		const peer = connectProvider(server, room, token);
		await waitSynced(peer);
		const big = rawClient(server, `/collab/${room}`, browserHeaders(server, token));
		await big.opened;
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'x'.repeat(2 * 1024 * 1024 + 10));
		big.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		expect((await big.closed).code).toBe(CLOSE_TOO_LARGE);
		peer.doc.getText('t').insert(0, 'after-oversize ');
		await waitFor(() => liveText(server, room).includes('after-oversize'), 3000, 'peer still served');
		expect(liveText(server, room)).not.toContain('xxxx');
		peer.destroy();
	});

	it('closes with 1008 a connection sending faster than its rate limit', async () => {
		const flood = rawClient(server, `/collab/${room}`, browserHeaders(server, token));
		await flood.opened;
		for (let i = 0; i < 200; i++) flood.ws.send(new Uint8Array([3])); // query awareness
		expect((await flood.closed).code).toBe(CLOSE_POLICY);
		const calm = rawClient(server, `/collab/${room}`, browserHeaders(server, token));
		await calm.opened;
		await rawBarrier(calm);
		calm.ws.close();
	});

	it('closes with 1013 connections beyond the per-room maximum', async () => {
		const full = 'section/full';
		const clients = Array.from({ length: 6 }, () => rawClient(server, `/collab/${full}`, browserHeaders(server, token)));
		await Promise.all(clients.map((c) => c.opened));
		await Promise.all(clients.map((c) => rawBarrier(c)));
		const extra = rawClient(server, `/collab/${full}`, browserHeaders(server, token));
		expect((await extra.closed).code).toBe(CLOSE_ROOM_FULL);
		for (const c of clients) c.ws.close();
		await waitFor(() => server.collab.stats().connections === 0 || clients.every((c) => c.ws.readyState === c.ws.CLOSED));
	});

	it('drops a connection that stops answering pings', async () => {
		const tmp = tempDir();
		const ctx2 = await testContext(join(tmp.dir, 'ping.db'));
		const { token: t2 } = await signedInUser(ctx2);
		const s2 = await startServer(ctx2, { authorize: async () => 'write', pingIntervalMs: 30 });
		// A dead peer: its socket stays open but no pong ever comes back.
		const mute = rawClient(s2, '/collab/section/ping', browserHeaders(s2, t2), { autoPong: false });
		await mute.opened;
		const alive = connectProvider(s2, 'section/ping', t2);
		await waitSynced(alive);
		await waitFor(() => s2.collab.stats().connections === 1, 3000, 'dead connection dropped');
		expect(alive.wsconnected).toBe(true);
		destroyAll(alive);
		mute.ws.terminate();
		await s2.close();
		await ctx2.close();
		tmp.cleanup();
	});
});
