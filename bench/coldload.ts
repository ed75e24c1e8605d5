/**
 * Cold-load benchmark: `npm run bench:coldload` (= node bench/run.mjs coldload, which bundles
 * this file with esbuild and runs it).
 *
 * A section whose history is UPDATES (default 50 000) small Yjs updates (typing at a cursor
 * that jumps now and then, some deletions) in the update log. Measured from a stock y-websocket
 * client in this process (the browser's place) against the server in its own process (as in
 * production): the time from connect to synced when the room is not in memory —
 *   - once with the whole log to read (before compaction);
 *   - after compaction (snapshot only), RUNS times, each on another room holding the same
 *     snapshot, so every load is cold for the room while the server process is warm (as a
 *     server that has been up for a while); first, median and p95 are reported.
 * Ours in the production configuration: startCollab with its default room policy
 * (resolveRoomAccess) and storage quota; the rooms are sections of real bids created through the
 * services, the client a member of those bids with a real session (Origin + cookie checked).
 * Peer, in the same run: the stock `@y/websocket-server@0.1.1`, in its own process, handed the
 * same compacted state from memory on each document it opens (no SQLite, no session, no policy).
 * Prints one JSON line: { bench, configuration, sessions, policy, ours: {…}, peer: {…}, ratio }
 * (ratio: our median ÷ the peer's median, cold load after compaction).
 *
 * Options: --updates N, --runs N (default 15).
 * Internal: `--serve ours|stock …` runs one server (see bench/lib.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { appendUpdates, compactRoom, roomStorageSize } from '../src/lib/server/collab/persistence';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import {
	arg,
	benchGroups,
	copySnapshot,
	headerSocket,
	openContext,
	quantile,
	serveFromArgs,
	spawnServer,
	STOCK_MODULE,
	stopServer,
	typingHistory
} from './lib';

/** Times connect → synced of a stock y-websocket provider on `room`; checks the loaded text. */
async function timeSync(port: number, room: string, headers: Record<string, string>, expected: string): Promise<number> {
	const doc = new Y.Doc();
	const start = performance.now();
	const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, room, doc, {
		WebSocketPolyfill: headerSocket(headers),
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	const ms = performance.now() - start;
	if (doc.getText('t').toString() !== expected) throw new Error('the loaded text differs from the history');
	provider.destroy();
	doc.destroy();
	return ms;
}

interface Summary {
	first: number;
	median: number;
	p95: number;
}

function summary(xs: number[]): Summary {
	const rest = xs.slice(1).sort((a, b) => a - b);
	return { first: xs[0]!, median: quantile(rest, 0.5), p95: quantile(rest, 0.95) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
	const count = arg('updates', 50_000);
	const runs = arg('runs', 15);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-coldload-'));
	try {
		const dbPath = join(dir, 'coldload.db');
		const ctx = await openContext(dbPath);
		// Real bids of one person with a real session: their sections are the rooms.
		let groups = await benchGroups(ctx, 1, 1);
		const perBid = groups.sections[0]!.length;
		groups = await benchGroups(ctx, Math.ceil((runs + 1) / perBid), 1, { samePeople: true });
		const rooms = groups.sections.flat();
		const LOG_ROOM = rooms[0]!;
		const coldRoom = (i: number) => rooms[i + 1]!;
		const token = groups.tokens[0]![0]!;

		let t = performance.now();
		const { updates, text } = typingHistory(count);
		process.stdout.write(
			`bench:coldload — ${updates.length} updates, final text ${text.length} characters (generated in ${Math.round(performance.now() - t)} ms)\n`
		);
		t = performance.now();
		for (let i = 0; i < updates.length; i += 5000) await appendUpdates(ctx.db, LOG_ROOM, updates.slice(i, i + 5000));
		process.stdout.write(`written to the log in ${Math.round(performance.now() - t)} ms\n`);

		// Rooms are left in the server's memory for the whole run (no unload, no compaction there).
		const ours = await spawnServer(import.meta.url, 'ours', { db: dbPath, policy: 'production' });
		const headers = { origin: `http://localhost:${ours.port}`, cookie: `${SESSION_COOKIE}=${token}` };
		const before = await roomStorageSize(ctx.db, LOG_ROOM);
		const coldBefore = await timeSync(ours.port!, LOG_ROOM, headers, text);
		process.stdout.write(
			`before compaction: ${before.logLength} log rows, ${before.logBytes + before.snapshotBytes} bytes; connect → synced ${coldBefore.toFixed(0)} ms\n`
		);

		t = performance.now();
		await compactRoom(ctx.db, LOG_ROOM);
		const compactMs = performance.now() - t;
		const after = await roomStorageSize(ctx.db, LOG_ROOM);
		process.stdout.write(
			`compaction: ${compactMs.toFixed(0)} ms; after: ${after.logLength} log rows, ${after.snapshotBytes + after.logBytes} bytes\n`
		);

		// RUNS rooms holding that same snapshot, each opened once: every load is a cold one.
		const snapshot = await copySnapshot(
			ctx,
			LOG_ROOM,
			Array.from({ length: runs }, (_, i) => coldRoom(i))
		);
		const snapshotFile = join(dir, 'snapshot.bin');
		writeFileSync(snapshotFile, snapshot);
		const stock = await spawnServer(import.meta.url, 'stock', { db: dbPath, initialState: snapshotFile });

		// Alternating, so both servers see the same machine.
		const oursMs: number[] = [];
		const stockMs: number[] = [];
		for (let i = 0; i < runs; i++) {
			oursMs.push(await timeSync(ours.port!, coldRoom(i), headers, text));
			if (stock.port !== null) stockMs.push(await timeSync(stock.port, coldRoom(i), {}, text));
		}
		await stopServer(ours);
		await stopServer(stock);
		await ctx.close();

		const o = summary(oursMs);
		const st = stockMs.length ? summary(stockMs) : null;
		const line = (name: string, x: Summary) =>
			`${name.padEnd(44)} first ${x.first.toFixed(1).padStart(6)} ms   median ${x.median.toFixed(1).padStart(6)} ms   p95 ${x.p95.toFixed(1).padStart(6)} ms\n`;
		process.stdout.write(`cold load after compaction, ${runs} rooms each (median and p95 without the first):\n`);
		process.stdout.write(line('cotrait (SQLite, session, production policy)', o));
		if (st) process.stdout.write(line('stock @y/websocket-server (state in memory)', st));
		else process.stdout.write(`stock @y/websocket-server@0.1.1: SKIPPED — cannot import ${STOCK_MODULE} (${stock.skipped})\n`);

		process.stdout.write(
			JSON.stringify({
				bench: 'coldload',
				configuration:
					`a section of ${updates.length} typing updates; connect → synced of a stock y-websocket client, cold room, warm process; ` +
					`after compaction ${runs} rooms each (median, p95 without the first)`,
				sessions: true,
				policy: 'production',
				ours: {
					name: 'cotrait collab server (startCollab, production room policy, SQLite)',
					coldBeforeMs: Math.round(coldBefore),
					compactMs: Math.round(compactMs),
					coldAfterMs: round1(o.median),
					coldAfterP95Ms: round1(o.p95),
					coldAfterFirstMs: round1(o.first),
					bytesBefore: before.logBytes + before.snapshotBytes,
					bytesAfter: after.logBytes + after.snapshotBytes
				},
				peer: st
					? {
							name: '@y/websocket-server@0.1.1, same snapshot from memory (no SQLite, no session, no policy)',
							coldAfterMs: round1(st.median),
							coldAfterP95Ms: round1(st.p95),
							coldAfterFirstMs: round1(st.first)
						}
					: { name: '@y/websocket-server@0.1.1', coldAfterMs: null, error: stock.skipped },
				ratio: st ? round1(o.median / st.median) : null
			}) + '\n'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

// Our server keeps every room in memory and compacts nothing while the driver measures.
if (!(await serveFromArgs({ compactEvery: Number.POSITIVE_INFINITY, unloadDelayMs: 3_600_000 }))) {
	await main();
	process.exit(0); // the providers' timers would keep the process alive
}
