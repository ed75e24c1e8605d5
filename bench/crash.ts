/**
 * Crash-safety benchmark: `npm run bench:crash` (= node bench/run.mjs crash, which bundles this
 * file with esbuild and runs it).
 *
 * ROOMS rooms × CLIENTS stock y-websocket providers (100 by default, the app's backoff settings)
 * type stamped edits at RATE edits/s each against a collaboration server running in a child
 * process. In the middle of the load the server is killed with SIGKILL; the clients keep typing
 * while it is down; it is restarted on the same port and the same storage; the providers
 * reconnect by themselves and re-sync (sync step 2 carries whatever the server lacks). After a
 * while the typing stops, the server is given time to store, it is killed with SIGKILL again and
 * its storage read back by this process: every edit typed — every edit the client side has
 * acknowledged to its user, whether the server had relayed it, had persisted it or was down —
 * should be in the stored state. Figures: edits typed, relayed before the kill, persisted at the
 * kill (the rest came back from the clients), typed while down, time to recover (restart →
 * every client back and every earlier edit in every replica), time until stored, lost.
 *
 * Ours, in the production configuration: startCollab with its default room policy and storage
 * quota, production settings; each room is the first section of a real bid created through the
 * services, its CLIENTS writers that bid's members (two organisations) with real sessions
 * (Origin + cookie checked); storage is the SQLite file, read back with loadRoomDoc.
 *
 * Peer, same run, same scenario, same kills: the stock `@y/websocket-server@0.1.1` with its own
 * persistence on (YPERSISTENCE: y-leveldb, LevelDB in a temporary folder), restarted on that same
 * folder and read back with y-leveldb's getYDoc. LevelDB holds a lock while its server runs, so
 * its storage cannot be polled: it is killed STOCK_SETTLE_MS after the last edit. Should LevelDB
 * not load, the run prints the exact error and the JSON gives `peer.lost: null` with it.
 *
 * Prints one JSON line at the end: { bench, configuration, sessions, policy, ours: {…},
 * peer: { name, …, lost }, ratio } (ratio: lost edits, ours ÷ peer's; null when the peer lost none).
 *
 * Options: --rooms N --clients N --rate N (edits/s per client) --before S (typing before the
 * kill) --down MS (server down) --after S (typing after the restart); defaults 20, 5, 5, 5, 1000, 3.
 * Internal: `--serve ours|stock --db PATH --port N` runs one server and prints "PORT <n>".
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { loadRoomDoc } from '../src/lib/server/collab/persistence';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import { openDatabase } from '../src/lib/server/db/index';
import {
	arg,
	benchGroups,
	headerSocket,
	openContext,
	serveFromArgs,
	sleep,
	spawnServer,
	STOCK_MODULE,
	stopServer,
	type Child,
	type Kind
} from './lib';

/** As in src/lib/collab/provider.ts. */
const MAX_BACKOFF_MS = 5000;
/** The stock server's LevelDB cannot be read while it runs: it is killed this long after the last edit. */
const STOCK_SETTLE_MS = 2000;

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
	/** Of the edits relayed before the kill, those in storage right after it. */
	persistedAtKill: number;
	typedWhileDown: number;
	/** Restart → every client connected and synced, every edit typed until then in every replica of its room. */
	recoverMs: number;
	/** Last edit → every edit in storage (null: storage not pollable while its server runs, or never complete). */
	storedMs: number | null;
	/** Edits typed but missing from storage after the final kill. */
	lost: number;
	/** Edits present in the replicas after recovery (what the clients gave back to the server). */
	recovered: number;
	diverged: number;
}

/** A server's storage as this process reads it back: the stored text of each room. */
interface Storage {
	read(rooms: string[]): Promise<string[]>;
	/** Whether it can be read while its server runs. */
	pollable: boolean;
}

/** Our SQLite file, read through a connection of our own (WAL: readers never block the server). */
function sqliteStorage(dbPath: string): Storage {
	return {
		pollable: true,
		async read(rooms) {
			const database = openDatabase(dbPath);
			try {
				const texts: string[] = [];
				for (const room of rooms) {
					const doc = await loadRoomDoc(database.db, room);
					texts.push(doc?.getText('t').toString() ?? '');
					doc?.destroy();
				}
				return texts;
			} finally {
				await database.close();
			}
		}
	};
}

interface LeveldbPersistence {
	getYDoc(name: string): Promise<Y.Doc>;
	destroy(): Promise<void>;
}

/** The stock server's LevelDB folder, read with y-leveldb as the stock server reads it (only while it is down: LevelDB locks). */
async function leveldbStorage(dir: string): Promise<Storage> {
	const specifier = 'y-leveldb';
	const { LeveldbPersistence } = (await import(/* @vite-ignore */ specifier)) as {
		LeveldbPersistence: new (dir: string) => LeveldbPersistence;
	};
	return {
		pollable: false,
		async read(rooms) {
			const ldb = new LeveldbPersistence(dir);
			try {
				const texts: string[] = [];
				for (const room of rooms) {
					const doc = await ldb.getYDoc(room);
					texts.push(doc.getText('t').toString());
					doc.destroy();
				}
				return texts;
			} finally {
				await ldb.destroy();
			}
		}
	};
}

async function runScenario(
	kind: Kind,
	label: string,
	first: Child,
	spawnAgain: (port: number) => Promise<Child>,
	storage: Storage,
	roomNames: string[],
	tokens: string[][],
	s: Scenario
): Promise<CrashResult> {
	let child = first;
	const port = first.port!;
	const origin = `http://localhost:${port}`;
	const clients: Client[] = [];
	for (let r = 0; r < s.rooms; r++) {
		for (let c = 0; c < s.clients; c++) {
			const headers = { origin, cookie: `${SESSION_COOKIE}=${tokens[r]![c % tokens[r]!.length]}` };
			const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, roomNames[r]!, new Y.Doc(), {
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
	const atKill = await storage.read(roomNames);
	const persistedAtKill = relayed.reduce((n, list, i) => n + list.filter((stamp) => atKill[clients[i]!.room]!.includes(stamp)).length, 0);
	await sleep(Math.max(0, s.downMs - (performance.now() - killedAt)));

	// Restart on the same port and storage; the providers find it by themselves (with their
	// exponential backoff, up to 5 s as in the app).
	child = await spawnAgain(port);
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

	// Storage: wait until the server wrote everything (or, when its storage cannot be read while
	// it runs, a fixed delay), then kill it again (no graceful flush).
	let storedMs: number | null = null;
	if (storage.pollable) {
		const expected = (texts: string[]) => clients.every((c, i) => all[i]!.every((stamp) => texts[c.room]!.includes(stamp)));
		for (;;) {
			if (expected(await storage.read(roomNames))) {
				storedMs = performance.now() - lastEdit;
				break;
			}
			if (performance.now() - lastEdit > 15_000) break;
			await sleep(25);
		}
	} else {
		await sleep(Math.max(0, STOCK_SETTLE_MS - (performance.now() - lastEdit)));
	}
	await stopServer(child, 'SIGKILL');
	for (const c of clients) c.provider.destroy();

	// The same count on both sides: the acknowledged edits missing from what storage gives back.
	const stored = await storage.read(roomNames);
	const lost = clients.reduce((n, c, i) => n + all[i]!.filter((stamp) => !stored[c.room]!.includes(stamp)).length, 0);
	void kind;
	return { edits, relayedAtKill, editsAtKill, persistedAtKill, typedWhileDown, recoverMs, storedMs, lost, recovered, diverged };
}

function report(label: string, r: CrashResult): void {
	const stored = `${r.persistedAtKill} of them already stored at the kill, ${r.relayedAtKill - r.persistedAtKill} re-sent by the clients`;
	process.stdout.write(
		`${label}: ${r.edits} edits typed; at the kill ${r.editsAtKill} typed, ${r.relayedAtKill} relayed to a peer (${stored}); ` +
			`${r.typedWhileDown} typed while down; recovered ${Math.round(r.recoverMs)} ms after the restart; ` +
			`${r.recovered}/${r.edits} edits in the replicas, diverged rooms ${r.diverged}; ` +
			(r.storedMs === null
				? `killed ${STOCK_SETTLE_MS} ms after the last edit (storage not readable while running); `
				: `everything stored ${Math.round(r.storedMs)} ms after the last edit; `) +
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
	const stockDir = join(dir, 'stock-leveldb');
	mkdirSync(stockDir);
	try {
		const ctx = await openContext(dbPath);
		let t = performance.now();
		const groups = await benchGroups(ctx, s.rooms, s.clients);
		await ctx.close();
		const roomNames = groups.sections.map((rooms) => rooms[0]!);
		process.stdout.write(
			`seeded ${s.rooms} bids through the services, ${s.clients} members each (two organisations), in ${Math.round(performance.now() - t)} ms\n`
		);

		const spawnOurs = (port?: number) => spawnServer(import.meta.url, 'ours', { db: dbPath, port, policy: 'production' });
		const ours = await runScenario('ours', 'cotrait', await spawnOurs(), spawnOurs, sqliteStorage(dbPath), roomNames, groups.tokens, s);
		report('cotrait (production policy, SQLite)', ours);

		let stock: CrashResult | null = null;
		let stockError: string | null = null;
		const spawnStock = (port?: number) => spawnServer(import.meta.url, 'stock', { db: dbPath, port, stockPersistence: stockDir });
		t = performance.now();
		try {
			const storage = await leveldbStorage(stockDir);
			await storage.read([roomNames[0]!]); // LevelDB opens (its native binding loads) or throws here
			const stockChild = await spawnStock();
			if (stockChild.skipped) stockError = `cannot import ${STOCK_MODULE}: ${stockChild.skipped}`;
			else stock = await runScenario('stock', 'stock', stockChild, spawnStock, storage, roomNames, groups.tokens, s);
		} catch (e) {
			stockError = e instanceof Error ? e.message.split('\n')[0]! : String(e);
		}
		if (stock) report('stock @y/websocket-server@0.1.1 (YPERSISTENCE: y-leveldb)', stock);
		else process.stdout.write(`stock @y/websocket-server@0.1.1 with y-leveldb: NOT MEASURED — ${stockError}\n`);

		const side = (r: CrashResult) => ({
			edits: r.edits,
			relayedAtKill: r.relayedAtKill,
			persistedAtKill: r.persistedAtKill,
			typedWhileDown: r.typedWhileDown,
			recoverMs: Math.round(r.recoverMs),
			storedMs: r.storedMs === null ? null : Math.round(r.storedMs),
			recovered: r.recovered,
			diverged: r.diverged,
			lost: r.lost
		});
		process.stdout.write(
			JSON.stringify({
				bench: 'crash',
				configuration:
					`${s.rooms} rooms × ${s.clients} clients × ${s.rate} edits/s; SIGKILL after ${s.beforeS} s, down ${s.downMs} ms, ${s.afterS} s more, SIGKILL again; ` +
					'lost = acknowledged edits missing from the storage read back after the final SIGKILL, counted alike on both sides',
				sessions: true,
				policy: 'production',
				ours: { name: 'cotrait collab server (startCollab, production settings, SQLite)', ...side(ours) },
				peer: stock
					? { name: '@y/websocket-server@0.1.1 with YPERSISTENCE (y-leveldb)', settleMs: STOCK_SETTLE_MS, ...side(stock) }
					: { name: '@y/websocket-server@0.1.1 with YPERSISTENCE (y-leveldb)', lost: null, error: stockError },
				ratio: stock && stock.lost > 0 ? Math.round((ours.lost / stock.lost) * 100) / 100 : null
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
