import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { appendUpdates, compactRoom, loadRoomDoc } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { encodeUpdate, MESSAGE_QUERY_AWARENESS } from '../../../server/collab/protocol';
import { MESSAGE_ROOM_NOTICE } from '../../../src/lib/collab/notices';
import type { RoomAccess } from '../../../server/collab/settings';
import {
	browserHeaders,
	connectProvider,
	destroyAll,
	liveText,
	providerBarrier,
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

/** Delays every query result (a slow disk, or a database over the network). */
class SlowQueries implements KyselyPlugin {
	constructor(private readonly ms: number) {}
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return args.node;
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		await new Promise((r) => setTimeout(r, this.ms));
		return args.result;
	}
}

describe('sync and awareness', () => {
	let ctx: AppContext;
	let server: TestServer;
	let writer: string;
	let reader: string;
	let cleanup: () => void;
	const access = new Map<string, RoomAccess>();

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'sync.db'));
		const w = await signedInUser(ctx, 'Writer');
		const r = await signedInUser(ctx, 'Reader');
		writer = w.token;
		reader = r.token;
		access.set(w.userId, 'write');
		access.set(r.userId, 'read');
		server = await startServer(ctx, { authorize: async ({ userId }) => access.get(userId) ?? 'none' });
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	it('two providers converge through the server', async () => {
		const a = connectProvider(server, 'section/converge', writer);
		const b = connectProvider(server, 'section/converge', writer);
		await Promise.all([waitSynced(a), waitSynced(b)]);
		a.doc.getText('t').insert(0, 'Bonjour');
		b.doc.getText('t').insert(0, 'Salut ');
		await waitFor(() => textOf(a) === textOf(b) && textOf(a).length === 13, 3000, 'convergence');
		expect(textOf(a)).toContain('Bonjour');
		expect(liveText(server, 'section/converge')).toBe(textOf(a));
		destroyAll(a, b);
	});

	it('answers the first sync with the stored state, loaded before anything else', async () => {
		const stored = new Y.Doc();
		const updates: Uint8Array[] = [];
		stored.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 200; i++) stored.getText('t').insert(i, String(i % 10));
		await appendUpdates(ctx.db, 'section/stored', updates);
		// Every query of this server takes 40 ms more, so the client's sync step 1 arrives while
		// the room is still loading (with better-sqlite3 alone the load ends within microtasks).
		const slowCtx: AppContext = { ...ctx, db: ctx.db.withPlugin(new SlowQueries(40)) };
		const slow = await startServer(slowCtx, { authorize: async () => 'read' });
		try {
			const p = connectProvider(slow, 'section/stored', reader);
			// At the moment the provider reports synced, it holds the whole stored text.
			const textAtSync = new Promise<string>((resolve) => p.once('sync', () => resolve(textOf(p))));
			expect(await textAtSync).toBe(stored.getText('t').toString());
			p.destroy();
		} finally {
			await slow.close();
		}
	});

	it('answers a first visit to a room stored as one snapshot with the stored bytes, then loads it: edits typed at once are kept', async () => {
		const room = 'section/snapshot-only';
		const author = new Y.Doc();
		const updates: Uint8Array[] = [];
		author.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 300; i++) author.getText('t').insert(i, String.fromCharCode(97 + (i % 26)));
		author.getText('t').delete(10, 50);
		await appendUpdates(ctx.db, room, updates);
		await compactRoom(ctx.db, room); // how a room that left memory cleanly is stored
		const snapshot = (await ctx.db.selectFrom('collab_snapshots').select('state').where('room', '=', room).executeTakeFirstOrThrow()).state;

		// A client with nothing (first visit): its sync step 1 is answered with the stored bytes,
		// before the room sends anything else — then, once loaded, the server's own step 1.
		const first = rawClient(server, `/collab/${room}`, browserHeaders(server, writer));
		await first.opened;
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, 0);
		syncProtocol.writeSyncStep1(step1, new Y.Doc());
		first.ws.send(encoding.toUint8Array(step1));
		await waitFor(() => first.frames.some((f) => f[0] === 0 && f[1] === 0), 3000, "the server's step 1");
		const [answer] = first.frames;
		expect([answer![0], answer![1]]).toEqual([0, syncProtocol.messageYjsSyncStep2]);
		const decoder = decoding.createDecoder(answer!);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		expect(Buffer.from(decoding.readVarUint8Array(decoder)).equals(Buffer.from(snapshot))).toBe(true);

		// A provider arriving while the room loads types at once; the room holds both the stored
		// text and the edit, and so does storage.
		const fresh = connectProvider(server, room, writer);
		await waitSynced(fresh);
		expect(textOf(fresh)).toBe(author.getText('t').toString());
		fresh.doc.getText('t').insert(0, 'Vite : ');
		await waitFor(() => liveText(server, room) === `Vite : ${author.getText('t').toString()}`, 3000, 'the edit in the room');
		await waitFor(
			async () => (await loadRoomDoc(ctx.db, room))?.getText('t').toString() === `Vite : ${author.getText('t').toString()}`,
			3000,
			'the edit stored'
		);
		first.ws.close();
		fresh.destroy();
	});

	it('sends room notices to the clients of that room only (« read-only » to read-only ones as they start), and the stock provider hands them to its handler', async () => {
		const notices: string[] = [];
		const inRoom = connectProvider(server, 'section/discussed', reader);
		inRoom.messageHandlers[MESSAGE_ROOM_NOTICE] = (_encoder, decoder) => notices.push(decoding.readVarString(decoder));
		const elsewhere = rawClient(server, '/collab/section/quiet', browserHeaders(server, writer));
		await Promise.all([waitSynced(inRoom), elsewhere.opened]);
		await waitFor(() => server.collab.stats().connections >= 2, 3000, 'both connected');
		// A read-only connection is told so as it starts (writers are not: see below).
		await waitFor(() => notices.length === 1, 3000, 'the read-only notice');
		expect(notices).toEqual(['read-only']);
		server.collab.notifyRoom('section/discussed', 'comments');
		await waitFor(() => notices.length === 2, 3000, 'the notice');
		expect(notices).toEqual(['read-only', 'comments']);
		await rawBarrier(elsewhere);
		expect(elsewhere.frames.some((f) => f[0] === MESSAGE_ROOM_NOTICE)).toBe(false);
		elsewhere.ws.close();
		inRoom.destroy();
	});

	it("drops a read-only client's updates, yet sends it everyone's and relays its awareness", async () => {
		const room = 'section/readonly';
		const w = connectProvider(server, room, writer);
		const r = connectProvider(server, room, reader);
		await Promise.all([waitSynced(w), waitSynced(r)]);
		w.doc.getText('t').insert(0, 'officiel');
		await waitFor(() => textOf(r) === 'officiel', 3000, 'reader receives');

		// The reader edits its own replica: the provider sends the update, the server drops it.
		r.doc.getText('t').insert(0, 'PIRATE ');
		// A raw read-only socket sends a hand-made update frame and a sync step 2.
		const raw = rawClient(server, `/collab/${room}`, browserHeaders(server, reader));
		await raw.opened;
		const forged = new Y.Doc();
		forged.getText('t').insert(0, 'FORGED ');
		raw.ws.send(encodeUpdate(Y.encodeStateAsUpdate(forged)));
		const step2 = encoding.createEncoder();
		encoding.writeVarUint(step2, 0);
		syncProtocol.writeSyncStep2(step2, forged);
		raw.ws.send(encoding.toUint8Array(step2));

		await providerBarrier(r);
		await rawBarrier(raw);
		await providerBarrier(w);
		expect(liveText(server, room)).toBe('officiel');
		expect(textOf(w)).toBe('officiel');
		expect(raw.ws.readyState).toBe(raw.ws.OPEN); // dropped, not refused

		// Awareness of a read-only client still reaches the others.
		r.awareness.setLocalStateField('user', { name: 'Reader' });
		await waitFor(() => w.awareness.getStates().get(r.doc.clientID)?.user?.name === 'Reader', 3000, 'awareness');
		// And the writer's next edits still reach the reader.
		w.doc.getText('t').insert(8, ' !');
		await waitFor(() => textOf(r).endsWith('officiel !'), 3000, 'later updates reach the reader');
		raw.ws.close();
		destroyAll(w, r);
	});

	it('removes the awareness state of a client that leaves, and answers queryAwareness', async () => {
		const room = 'section/presence';
		const a = connectProvider(server, room, writer);
		const b = connectProvider(server, room, writer);
		await Promise.all([waitSynced(a), waitSynced(b)]);
		b.awareness.setLocalStateField('user', { name: 'B' });
		await waitFor(() => a.awareness.getStates().has(b.doc.clientID), 3000, 'b visible');

		const raw = rawClient(server, `/collab/${room}`, browserHeaders(server, writer));
		await raw.opened;
		const before = raw.frames.length;
		raw.ws.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
		await waitFor(() => raw.frames.slice(before).some((f) => f[0] === 1), 3000, 'awareness answer');
		raw.ws.close();

		b.destroy();
		await waitFor(() => !a.awareness.getStates().has(b.doc.clientID), 3000, 'b gone');
		a.destroy();
	});
});
