/**
 * Cold-load benchmark: `npm run bench:coldload` (= node bench/run.mjs coldload, which bundles
 * this file with esbuild and runs it).
 *
 * A section whose history is UPDATES (default 50 000) small Yjs updates (typing, some deletions)
 * in the update log. Measures, with the project's collab server and a stock y-websocket provider,
 * the time from connect to synced when the room must be loaded from that long log, then after
 * compaction (snapshot only), and the bytes stored before and after. Prints one JSON line:
 *   {"updates":…, "coldBeforeMs":…, "compactMs":…, "coldAfterMs":…, "bytesBefore":…, "bytesAfter":…}
 *
 * Options: --updates N.  With --merge, also times one flat Y.mergeUpdates over the whole log
 * (the super-linear path the server avoids; slow on purpose).
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createUpgradeListener } from '../server/upgrade';
import { startCollab } from '../server/collab/start';
import { appendUpdates, compactRoom, roomStorageSize } from '../src/lib/server/collab/persistence';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/session';
import { loadConfig } from '../src/lib/server/config';
import { createContext, type AppContext } from '../src/lib/server/context';
import { newId } from '../src/lib/server/ids';

const ROOM = 'section/coldload';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A seeded generator so runs are comparable. */
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

/** `count` updates as an editor produces them: bursts of typing at a cursor, some deletions. */
function history(count: number): { updates: Uint8Array[]; text: string } {
	const rand = prng(42);
	const doc = new Y.Doc();
	const text = doc.getText('t');
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	let cursor = 0;
	while (updates.length < count) {
		if (rand() < 0.05) cursor = Math.floor(rand() * (text.length + 1));
		if (rand() < 0.12 && cursor > 0) {
			text.delete(cursor - 1, 1);
			cursor--;
		} else {
			text.insert(cursor, String.fromCharCode(97 + Math.floor(rand() * 26)));
			cursor++;
		}
	}
	return { updates, text: text.toString() };
}

/** Starts a fresh server (the room is not in memory), times connect → synced; `stop` shuts it down. */
async function coldConnect(ctx: AppContext, token: string, expected: string): Promise<{ ms: number; stop(): Promise<void> }> {
	const collab = startCollab(ctx, { authorize: async () => 'write', compactEvery: Number.POSITIVE_INFINITY });
	const server = http.createServer();
	server.on('upgrade', createUpgradeListener(collab.handleUpgrade, 'refuse'));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as { port: number }).port;
	const headers = { origin: `http://localhost:${port}`, cookie: `${SESSION_COOKIE}=${token}` };
	class HeaderWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	const doc = new Y.Doc();
	const start = performance.now();
	const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, ROOM, doc, {
		WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	const ms = performance.now() - start;
	if (doc.getText('t').toString() !== expected) throw new Error('the loaded text differs from the history');
	provider.destroy();
	doc.destroy();
	return {
		ms,
		async stop() {
			await collab.shutdown();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	};
}

async function main(): Promise<void> {
	const count = arg('updates', 50_000);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-coldload-'));
	try {
		const dbPath = join(dir, 'coldload.db');
		const ctx = await createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: join(dir, 'files'), LOG_LEVEL: 'error' }));
		const userId = newId();
		await ctx.db
			.insertInto('users')
			.values({
				id: userId,
				email: `${userId}@bench.test`,
				name: 'Bench',
				password_hash: 'not-used',
				trade: '',
				skills: '[]',
				department: '',
				region: '',
				bio: '',
				public_fields: '[]',
				created_at: Date.now()
			})
			.execute();
		const { token } = await createSession(ctx.db, userId);

		let t = performance.now();
		const { updates, text } = history(count);
		process.stdout.write(`bench:coldload — ${updates.length} updates, final text ${text.length} characters (generated in ${Math.round(performance.now() - t)} ms)\n`);
		t = performance.now();
		for (let i = 0; i < updates.length; i += 5000) await appendUpdates(ctx.db, ROOM, updates.slice(i, i + 5000));
		process.stdout.write(`written to the log in ${Math.round(performance.now() - t)} ms\n`);

		const before = await roomStorageSize(ctx.db, ROOM);
		const first = await coldConnect(ctx, token, text);
		const coldBefore = first.ms;
		process.stdout.write(
			`before compaction: ${before.logLength} log rows, ${before.logBytes + before.snapshotBytes} bytes; connect → synced ${coldBefore.toFixed(0)} ms\n`
		);

		t = performance.now();
		await compactRoom(ctx.db, ROOM);
		const compactMs = performance.now() - t;
		await first.stop();
		const after = await roomStorageSize(ctx.db, ROOM);
		const second = await coldConnect(ctx, token, text);
		await second.stop();
		const coldAfter = second.ms;
		process.stdout.write(
			`compaction: ${compactMs.toFixed(0)} ms; after: ${after.logLength} log rows, ${after.snapshotBytes + after.logBytes} bytes; connect → synced ${coldAfter.toFixed(0)} ms\n`
		);

		if (process.argv.includes('--merge')) {
			t = performance.now();
			Y.mergeUpdates(updates);
			process.stdout.write(`one flat Y.mergeUpdates over ${updates.length} updates: ${(performance.now() - t).toFixed(0)} ms\n`);
		}
		await ctx.close();
		process.stdout.write(
			JSON.stringify({
				updates: updates.length,
				coldBeforeMs: Math.round(coldBefore),
				compactMs: Math.round(compactMs),
				coldAfterMs: Math.round(coldAfter),
				bytesBefore: before.logBytes + before.snapshotBytes,
				bytesAfter: after.logBytes + after.snapshotBytes
			}) + '\n'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

await main();
process.exit(0);
