/**
 * Memory benchmark: `npm run bench:memory` (= node bench/run.mjs memory).
 *
 * ROOMS sections (default 200), each stored as the snapshot of a typing history of UPDATES
 * updates (default 8 000: about two pages of text). Against each server, in its own process
 * started with --expose-gc: the memory after a full GC with no room open; then with every room
 * open and one idle, synced client in each; then after every client left and the rooms had time
 * to leave memory. Reported: memory per open idle room (JS heap + external buffers, and RSS),
 * and how much came back after the unload. Peer, in the same run: the stock
 * `@y/websocket-server@0.1.1` handed the same snapshot from memory (it unloads a document when
 * its last client leaves once a persistence is set). Ours runs with sessions but the room policy
 * STUBBED (every signed-in user writes every room; the rooms are not sections of real bids).
 * Prints one JSON line: { bench, configuration, sessions, policy: 'stubbed', ours: {…}, peer: {…},
 * ratio } (ratio: heap+external per open room, ours ÷ peer's).
 *
 * Options: --rooms N, --updates N.
 * Internal: `--serve ours|stock …` runs one server (see bench/lib.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { compactRoom, appendUpdates } from '../src/lib/server/collab/persistence';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import {
	arg,
	benchUsers,
	copySnapshot,
	headerSocket,
	openContext,
	serveFromArgs,
	serverMemory,
	sleep,
	spawnServer,
	STOCK_MODULE,
	stopServer,
	typingHistory,
	type Child,
	type ServerMemory
} from './lib';

/** Our server unloads an idle room after this (production: 30 s). */
const UNLOAD_DELAY_MS = 1000;
const roomName = (i: number) => `section/memory-${i}`;

interface MemoryResult {
	base: ServerMemory;
	open: ServerMemory;
	after: ServerMemory;
}

const used = (m: ServerMemory) => m.heapUsed + m.external;

/** Opens every room with one idle client, measures, closes them, waits for the unload, measures. */
async function measure(child: Child, rooms: number, headers: Record<string, string>, expected: string): Promise<MemoryResult> {
	const base = await serverMemory(child);
	const providers: WebsocketProvider[] = [];
	for (let i = 0; i < rooms; i++) {
		const provider = new WebsocketProvider(`ws://localhost:${child.port}/collab`, roomName(i), new Y.Doc(), {
			WebSocketPolyfill: headerSocket(headers),
			disableBc: true
		});
		await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		if (provider.doc.getText('t').toString() !== expected) throw new Error(`room ${i} did not load the stored text`);
		providers.push(provider);
	}
	await sleep(UNLOAD_DELAY_MS); // idle: the last writes and awareness settle
	const open = await serverMemory(child);
	if (open.rooms !== rooms) throw new Error(`${open.rooms} rooms open, expected ${rooms}`);
	for (const p of providers) p.destroy();
	let after = await serverMemory(child);
	const until = performance.now() + UNLOAD_DELAY_MS + 15_000;
	while (after.rooms > 0 && performance.now() < until) {
		await sleep(250);
		after = await serverMemory(child);
	}
	return { base, open, after };
}

function report(label: string, rooms: number, r: MemoryResult): { perRoomKb: number; perRoomRssKb: number; returnedPct: number } {
	const perRoomKb = (used(r.open) - used(r.base)) / rooms / 1024;
	const perRoomRssKb = (r.open.rss - r.base.rss) / rooms / 1024;
	const returnedPct = (100 * (used(r.open) - used(r.after))) / (used(r.open) - used(r.base));
	const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
	process.stdout.write(
		`${label}: heap+external ${mb(used(r.base))} MB → ${mb(used(r.open))} MB with ${rooms} rooms open → ${mb(used(r.after))} MB after they left (${r.after.rooms} still open); ` +
			`RSS ${mb(r.base.rss)} → ${mb(r.open.rss)} → ${mb(r.after.rss)} MB\n` +
			`  per open idle room: ${perRoomKb.toFixed(0)} kB (RSS ${perRoomRssKb.toFixed(0)} kB); returned after unload: ${returnedPct.toFixed(0)} %${r.open.gc ? '' : ' (no --expose-gc: figures include garbage)'}\n`
	);
	return { perRoomKb, perRoomRssKb, returnedPct };
}

async function main(): Promise<void> {
	process.setMaxListeners(0); // every provider registers a process 'exit' listener
	const rooms = arg('rooms', 200);
	const count = arg('updates', 8000);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-memory-'));
	try {
		const dbPath = join(dir, 'memory.db');
		const ctx = await openContext(dbPath);
		const [token] = await benchUsers(ctx, 1);
		const { updates, text } = typingHistory(count);
		await appendUpdates(ctx.db, roomName(0), updates);
		await compactRoom(ctx.db, roomName(0));
		const snapshot = await copySnapshot(
			ctx,
			roomName(0),
			Array.from({ length: rooms - 1 }, (_, i) => roomName(i + 1))
		);
		await ctx.close();
		process.stdout.write(
			`bench:memory — ${rooms} rooms, each a ${text.length}-character text from ${count} updates (snapshot ${(snapshot.length / 1024).toFixed(0)} kB), one idle client per room; ours with sessions, room policy STUBBED\n`
		);

		const ours = await spawnServer(import.meta.url, 'ours', { db: dbPath, exposeGc: true });
		const o = report(
			'cotrait',
			rooms,
			await measure(ours, rooms, { origin: `http://localhost:${ours.port}`, cookie: `${SESSION_COOKIE}=${token}` }, text)
		);
		await stopServer(ours);

		const snapshotFile = join(dir, 'snapshot.bin');
		writeFileSync(snapshotFile, snapshot);
		const stock = await spawnServer(import.meta.url, 'stock', { db: dbPath, initialState: snapshotFile, exposeGc: true });
		let st: ReturnType<typeof report> | null = null;
		if (stock.port === null)
			process.stdout.write(`stock @y/websocket-server@0.1.1: SKIPPED — cannot import ${STOCK_MODULE} (${stock.skipped})\n`);
		else st = report('stock @y/websocket-server@0.1.1', rooms, await measure(stock, rooms, {}, text));
		await stopServer(stock);

		const r0 = (x: number) => Math.round(x);
		process.stdout.write(
			JSON.stringify({
				bench: 'memory',
				configuration: `${rooms} rooms of a ${text.length}-character text (${count} updates, compacted), one idle client each; memory after a full GC`,
				sessions: true,
				policy: 'stubbed',
				ours: {
					name: 'cotrait collab server (startCollab, SQLite, room policy stubbed)',
					perRoomKb: r0(o.perRoomKb),
					perRoomRssKb: r0(o.perRoomRssKb),
					returnedPct: r0(o.returnedPct)
				},
				peer: st
					? {
							name: '@y/websocket-server@0.1.1, same snapshot from memory',
							perRoomKb: r0(st.perRoomKb),
							perRoomRssKb: r0(st.perRoomRssKb),
							returnedPct: r0(st.returnedPct)
						}
					: { name: '@y/websocket-server@0.1.1', perRoomKb: null, error: stock.skipped },
				ratio: st ? Math.round((o.perRoomKb / st.perRoomKb) * 100) / 100 : null
			}) + '\n'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (!(await serveFromArgs({ unloadDelayMs: UNLOAD_DELAY_MS }))) {
	await main();
	process.exit(0); // the providers' timers would keep the process alive
}
