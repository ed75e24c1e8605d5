/**
 * Crash-safety benchmark: `npm run bench:crash` (= node bench/run.mjs crash, which bundles this
 * file with esbuild and runs it).
 *
 * ROOMS rooms × CLIENTS stock y-websocket providers (100 by default, the app's backoff settings)
 * type stamped edits at RATE edits/s each against the project's collaboration server running in
 * a child process (real sessions in a temporary SQLite file, Origin + cookie checked, persistence
 * on, default flush delay). In the middle of the load the server is killed with SIGKILL; the
 * clients keep typing while it is down; it is restarted on the same port and database; the
 * providers reconnect by themselves and re-sync (sync step 2 carries whatever the server lacks).
 * After a while the typing stops, the stored state is awaited, the server is killed with
 * SIGKILL again and the database read back: every edit typed — every edit the client side has
 * acknowledged to its user, whether the server had relayed it, had persisted it or was down —
 * must be in the stored state. Figures: edits typed, relayed before the kill, persisted at the
 * kill (the rest came back from the clients), typed while down, time to recover (restart →
 * every client back and every earlier edit in every replica), time until stored, lost.
 *
 * Peer, same run and same scenario: the stock reference server `@y/websocket-server@0.1.1` in
 * its own process (in memory: it has no persistence unless configured with LevelDB). Its
 * replicas recover only because the clients still hold the document; its storage after the kill
 * holds nothing, so every edit is lost to it the moment no client with a copy reconnects.
 *
 * Prints one JSON line at the end:
 *   {"clients":…, "edits":…, "relayedAtKill":…, "persistedAtKill":…, "typedWhileDown":…,
 *    "recoverMs":…, "storedMs":…, "lost":…, "stockLost":…, "stockRecovered":…}
 *
 * Options: --rooms N --clients N --rate N (edits/s per client) --before S (typing before the
 * kill) --down MS (server down) --after S (typing after the restart); defaults 20, 5, 5, 5, 1000, 3.
 * Internal: `--serve ours|stock --db PATH --port N` runs one server and prints "PORT <n>".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { loadRoomDoc } from '../src/lib/server/collab/persistence';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import { openDatabase } from '../src/lib/server/db/index';
import { arg, benchUsers, headerSocket, openContext, serveFromArgs, sleep, spawnServer, STOCK_MODULE, stopServer, type Child, type Kind } from './lib';

/** As in src/lib/collab/provider.ts. */
const MAX_BACKOFF_MS = 5000;

// ------------------------------------------------------------------ driver

interface Client {
	provider: WebsocketProvider;
	room: number;
	/** Stamps this client typed, in order. */
	typed: string[];
}

interface Scenario {
	rooms: number;
	clients: number;
	rate: number;
	beforeS: number;
	downMs: number;
	afterS: number;
}

interface CrashResult {
	edits: number;
	/** Edits typed before the kill that a peer had received (the server had applied and relayed them). */
	relayedAtKill: number;
	editsAtKill: number;
	/** Of the edits relayed before the kill, those in storage right after it (null: no storage). */
	persistedAtKill: number | null;
	typedWhileDown: number;
	/** Restart → every client connected and synced, every edit typed until then in every replica of its room. */
	recoverMs: number;
	/** Last edit → every edit in storage (null: no storage). */
	storedMs: number | null;
	/** Edits typed but missing from storage after the final kill. */
	lost: number;
	/** Edits present in the replicas after recovery (what the clients gave back to the server). */
	recovered: number;
	diverged: number;
}

const roomName = (r: number) => `section/crash-${r}`;

/** Texts of the stored rooms, read through a connection of our own (WAL: readers never block the server). */
async function storedTexts(dbPath: string, rooms: number): Promise<string[]> {
	const database = openDatabase(dbPath);
	try {
		const texts: string[] = [];
		for (let r = 0; r < rooms; r++) {
			const doc = await loadRoomDoc(database.db, roomName(r));
			texts.push(doc?.getText('t').toString() ?? '');
			doc?.destroy();
		}
		return texts;
	} finally {
		await database.close();
	}
}

async function runScenario(kind: Kind, label: string, first: Child, dbPath: string, tokens: string[], s: Scenario): Promise<CrashResult> {
	let child = first;
	const port = first.port!;
	const origin = `http://localhost:${port}`;
	const clients: Client[] = [];
	for (let r = 0; r < s.rooms; r++) {
		for (let c = 0; c < s.clients; c++) {
			const headers = { origin, cookie: `${SESSION_COOKIE}=${tokens[clients.length % tokens.length]}` };
			const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, roomName(r), new Y.Doc(), {
				WebSocketPolyfill: headerSocket(headers),
				disableBc: true,
				maxBackoffTime: MAX_BACKOFF_MS
			});
			clients.push({ provider, room: r, typed: [] });
		}
	}
	const t0 = performance.now();
	while (!clients.every((c) => c.provider.synced)) {
		if (performance.now() - t0 > 60_000) throw new Error(`${label}: clients did not sync within 60 s`);
		await sleep(20);
	}
	process.stdout.write(`${label}: ${clients.length} clients synced in ${Math.round(performance.now() - t0)} ms\n`);

	// Steady typing: each client inserts a unique stamp at the end of the room's text.
	const period = 1000 / s.rate;
	const timers: ReturnType<typeof setInterval>[] = [];
	const starts: ReturnType<typeof setTimeout>[] = [];
	clients.forEach((client, i) => {
		let seq = 0;
		const tick = () => {
			const text = client.provider.doc.getText('t');
			const stamp = `[${i}.${seq++}]`;
			text.insert(text.length, stamp);
			client.typed.push(stamp);
		};
		starts.push(setTimeout(() => timers.push(setInterval(tick, period)), Math.random() * period));
	});
	const stopTyping = () => {
		starts.forEach(clearTimeout);
		timers.forEach(clearInterval);
	};
	const typedCount = () => clients.reduce((n, c) => n + c.typed.length, 0);

	await sleep(s.beforeS * 1000);
	// SIGKILL in the middle of the load.
	await stopServer(child, 'SIGKILL');
	const killedAt = performance.now();
	const editsAtKill = typedCount();
	const killTexts = clients.map((c) => c.provider.doc.getText('t').toString());
	const relayed: string[][] = clients.map((c, i) =>
		c.typed.filter((stamp) => clients.some((peer, j) => j !== i && peer.room === c.room && killTexts[j]!.includes(stamp)))
	);
	const relayedAtKill = relayed.reduce((n, list) => n + list.length, 0);
	let persistedAtKill: number | null = null;
	if (kind === 'ours') {
		const stored = await storedTexts(dbPath, s.rooms);
		persistedAtKill = relayed.reduce((n, list, i) => n + list.filter((stamp) => stored[clients[i]!.room]!.includes(stamp)).length, 0);
	}
	await sleep(Math.max(0, s.downMs - (performance.now() - killedAt)));

	// Restart on the same port and database; the providers find it by themselves (with their
	// exponential backoff, up to 5 s as in the app).
	child = await spawnServer(import.meta.url, kind, { db: dbPath, port });
	const restartedAt = performance.now();
	const typedWhileDown = typedCount() - editsAtKill;
	const beforeRestart = clients.map((c) => c.typed.slice());
	const byRoom = (r: number) => clients.filter((c) => c.room === r);
	for (;;) {
		const back = clients.every((c) => c.provider.wsconnected && c.provider.synced);
		const complete =
			back &&
			clients.every((c) => {
				const text = c.provider.doc.getText('t').toString();
				return byRoom(c.room).every((author) => beforeRestart[clients.indexOf(author)]!.every((stamp) => text.includes(stamp)));
			});
		if (complete) break;
		if (performance.now() - restartedAt > 60_000) throw new Error(`${label}: clients did not recover within 60 s`);
		await sleep(20);
	}
	const recoverMs = performance.now() - restartedAt;
	process.stdout.write(
		`${label}: killed after ${s.beforeS} s, listening again ${Math.round(restartedAt - killedAt)} ms later; ` +
			`every client back and every earlier edit in every replica ${Math.round(recoverMs)} ms after the restart\n`
	);

	await sleep(s.afterS * 1000);
	stopTyping();
	const lastEdit = performance.now();
	const all = clients.map((c) => c.typed);
	const edits = typedCount();
	// Replicas converge (the last edits are relayed).
	const converged = () =>
		Array.from({ length: s.rooms }, (_, r) => byRoom(r)).every((row) => {
			const ref = row[0]!.provider.doc.getText('t').toString();
			return row.every((c) => c.provider.doc.getText('t').toString() === ref);
		});
	while (!converged() && performance.now() - lastEdit < 15_000) await sleep(20);
	let diverged = 0;
	for (let r = 0; r < s.rooms; r++) {
		const row = byRoom(r);
		const ref = row[0]!.provider.doc.getText('t').toString();
		if (row.some((c) => c.provider.doc.getText('t').toString() !== ref)) diverged++;
	}
	const recovered = clients.reduce((n, c) => {
		const text = byRoom(c.room)[0]!.provider.doc.getText('t').toString();
		return n + c.typed.filter((stamp) => text.includes(stamp)).length;
	}, 0);

	// Storage: wait until the server wrote everything, then kill it again (no graceful flush).
	let storedMs: number | null = null;
	if (kind === 'ours') {
		const expected = (texts: string[]) => clients.every((c, i) => all[i]!.every((stamp) => texts[c.room]!.includes(stamp)));
		for (;;) {
			if (expected(await storedTexts(dbPath, s.rooms))) {
				storedMs = performance.now() - lastEdit;
				break;
			}
			if (performance.now() - lastEdit > 15_000) break;
			await sleep(25);
		}
	}
	await stopServer(child, 'SIGKILL');
	for (const c of clients) c.provider.destroy();

	let lost: number;
	if (kind === 'ours') {
		const stored = await storedTexts(dbPath, s.rooms);
		lost = clients.reduce((n, c, i) => n + all[i]!.filter((stamp) => !stored[c.room]!.includes(stamp)).length, 0);
	} else {
		lost = edits; // in memory only: nothing survives the process
	}
	return { edits, relayedAtKill, editsAtKill, persistedAtKill, typedWhileDown, recoverMs, storedMs, lost, recovered, diverged };
}

function report(label: string, r: CrashResult): void {
	const stored =
		r.persistedAtKill === null
			? 'no storage'
			: `${r.persistedAtKill} of them already stored at the kill, ${r.relayedAtKill - r.persistedAtKill} re-sent by the clients`;
	process.stdout.write(
		`${label}: ${r.edits} edits typed; at the kill ${r.editsAtKill} typed, ${r.relayedAtKill} relayed to a peer (${stored}); ` +
			`${r.typedWhileDown} typed while down; recovered ${Math.round(r.recoverMs)} ms after the restart; ` +
			`${r.recovered}/${r.edits} edits in the replicas, diverged rooms ${r.diverged}; ` +
			(r.storedMs === null ? '' : `everything stored ${Math.round(r.storedMs)} ms after the last edit; `) +
			`LOST from storage after the final SIGKILL: ${r.lost}\n`
	);
}

async function drive(): Promise<void> {
	process.setMaxListeners(0); // every provider registers a process 'exit' listener
	const s: Scenario = {
		rooms: arg('rooms', 20),
		clients: arg('clients', 5),
		rate: arg('rate', 5),
		beforeS: arg('before', 5),
		downMs: arg('down', 1000),
		afterS: arg('after', 3)
	};
	process.stdout.write(
		`bench:crash — ${s.rooms} rooms × ${s.clients} clients × ${s.rate} edits/s; SIGKILL after ${s.beforeS} s, ` +
			`down ${s.downMs} ms, ${s.afterS} s more after the restart, then SIGKILL again and read the database\n`
	);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-crash-'));
	const dbPath = join(dir, 'crash.db');
	try {
		const ctx = await openContext(dbPath);
		const tokens = await benchUsers(ctx, s.rooms * s.clients);
		await ctx.close();

		const ours = await runScenario('ours', 'cotrait', await spawnServer(import.meta.url, 'ours', { db: dbPath }), dbPath, tokens, s);
		report('cotrait', ours);

		let stock: CrashResult | null = null;
		const stockChild = await spawnServer(import.meta.url, 'stock', { db: dbPath });
		if (stockChild.skipped) {
			process.stdout.write(`stock @y/websocket-server@0.1.1: SKIPPED — cannot import ${STOCK_MODULE} (${stockChild.skipped})\n`);
		} else {
			stock = await runScenario('stock', 'stock', stockChild, dbPath, tokens, s);
			report('stock @y/websocket-server@0.1.1 (in memory)', stock);
		}

		process.stdout.write(
			JSON.stringify({
				clients: s.rooms * s.clients,
				edits: ours.edits,
				relayedAtKill: ours.relayedAtKill,
				persistedAtKill: ours.persistedAtKill,
				typedWhileDown: ours.typedWhileDown,
				recoverMs: Math.round(ours.recoverMs),
				storedMs: ours.storedMs === null ? null : Math.round(ours.storedMs),
				lost: ours.lost,
				diverged: ours.diverged,
				stockEdits: stock?.edits ?? null,
				stockLost: stock?.lost ?? null,
				stockRecovered: stock?.recovered ?? null,
				stockRecoverMs: stock ? Math.round(stock.recoverMs) : null
			}) + '\n'
		);
		if (ours.lost > 0) process.exitCode = 1;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (!(await serveFromArgs())) {
	await drive();
	process.exit(process.exitCode ?? 0); // the providers' timers would keep the process alive
}
