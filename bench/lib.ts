/**
 * What the collaboration benchmarks share: command-line options, the bench database and its
 * signed-in users, the two servers under test run as child processes (ours, and the stock
 * `@y/websocket-server@0.1.1` reference), and stock y-websocket clients that send a session
 * cookie as a browser would.
 *
 * A benchmark file is both the driver and, started again with `--serve ours|stock`, a server:
 * `serveFromArgs()` handles that role; the driver calls `spawnServer(import.meta.url, …)`.
 */
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { createUpgradeListener } from '../server/upgrade';
import { startCollab, type CollabOptions } from '../server/collab/start';
import { createSession } from '../src/lib/server/auth/session';
import { loadConfig } from '../src/lib/server/config';
import { createContext, type AppContext } from '../src/lib/server/context';
import { newId } from '../src/lib/server/ids';

export const STOCK_MODULE = '@y/websocket-server/utils';

export function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export function argString(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The value at quantile `q` (0…1) of ascending `sorted`; NaN when empty. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function openContext(dbPath: string): Promise<AppContext> {
	return createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: join(dbPath, '..', 'files'), LOG_LEVEL: 'error' }));
}

/** Inserts `count` users with one session each; returns their cookie tokens. */
export async function benchUsers(ctx: AppContext, count: number): Promise<string[]> {
	const tokens: string[] = [];
	for (let i = 0; i < count; i++) {
		const id = newId();
		await ctx.db
			.insertInto('users')
			.values({
				id,
				email: `${id}@bench.test`,
				name: `Bench ${i}`,
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
		tokens.push((await createSession(ctx.db, id)).token);
	}
	return tokens;
}

/** A WebSocket class sending these headers (the Origin and cookie a browser sends by itself). */
export function headerSocket(headers: Record<string, string>): typeof globalThis.WebSocket {
	class HeaderWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

export function rssMb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Math.round(Number(m[1]) / 1024) : NaN;
	} catch {
		return NaN;
	}
}

// ------------------------------------------------------------------ documents

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

/**
 * `count` Yjs updates as an editor produces them on text `t`: bursts of typing at a cursor that
 * jumps now and then, some deletions. Seeded, with a fixed client id: the same bytes every run.
 */
export function typingHistory(count: number): { updates: Uint8Array[]; text: string } {
	const rand = prng(42);
	const doc = new Y.Doc();
	doc.clientID = 424242; // fixed, so the bytes stored are the same from run to run
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

/**
 * Gives each of `rooms` the stored snapshot of `source` (a compacted room: its whole state),
 * so that each is loaded cold on its own; returns the snapshot's bytes.
 */
export async function copySnapshot(ctx: AppContext, source: string, rooms: string[]): Promise<Uint8Array> {
	const { state } = await ctx.db.selectFrom('collab_snapshots').select('state').where('room', '=', source).executeTakeFirstOrThrow();
	for (const room of rooms) await ctx.db.insertInto('collab_snapshots').values({ room, state, updated_at: Date.now() }).execute();
	return new Uint8Array(state);
}

// ------------------------------------------------------------------ server roles (child process)

/**
 * The servers' only HTTP route: `GET /__bench/memory` answers the process's memory after a full
 * garbage collection (when started with --expose-gc), for bench:memory. Everything else is 404.
 */
function benchRoutes(stats: () => Record<string, number>): http.RequestListener {
	return (req, res) => {
		if (req.url !== '/__bench/memory') {
			res.writeHead(404).end();
			return;
		}
		const gc = (globalThis as { gc?: () => void }).gc;
		gc?.();
		gc?.();
		const m = process.memoryUsage();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ gc: !!gc, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, ...stats() }));
	};
}

function listen(server: http.Server, port: number): void {
	server.listen(port, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

/** Our server on the bench database, every user allowed to write (auth and persistence on). */
async function serveOurs(dbPath: string, port: number, options: CollabOptions): Promise<void> {
	const ctx = await openContext(dbPath);
	const collab = startCollab(ctx, { authorize: async () => 'write', ...options });
	const server = http.createServer(benchRoutes(() => collab.stats()));
	server.on('upgrade', createUpgradeListener(collab.handleUpgrade, 'refuse'));
	listen(server, port);
	process.on('SIGTERM', async () => {
		await collab.shutdown();
		server.closeAllConnections();
		server.close();
		await ctx.close();
		process.exit(0);
	});
}

interface StockUtils {
	docs: Map<string, unknown>;
	setupWSConnection(conn: WebSocket, req: http.IncomingMessage, opts: { docName: string }): void;
	setPersistence(p: { provider: null; bindState(name: string, doc: Y.Doc): void; writeState(name: string, doc: Y.Doc): Promise<void> }): void;
}

/**
 * The stock server, in memory as shipped. With `initialState` (a file holding a Yjs update), it
 * gets a persistence that applies that state to every document it opens; with a persistence set,
 * it also unloads a document when its last client leaves.
 */
async function serveStock(port: number, initialState: string | undefined): Promise<void> {
	let utils: StockUtils;
	try {
		const specifier = STOCK_MODULE;
		utils = (await import(/* @vite-ignore */ specifier)) as StockUtils;
	} catch (e) {
		process.stdout.write(`SKIP ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
		process.exit(0);
	}
	if (initialState) {
		const state = new Uint8Array(readFileSync(initialState));
		utils.setPersistence({ provider: null, bindState: (_name, doc) => Y.applyUpdate(doc, state), writeState: async () => {} });
	}
	const wss = new WebSocketServer({ noServer: true });
	const server = http.createServer(benchRoutes(() => ({ rooms: utils.docs.size })));
	server.on('upgrade', (req, socket, head) => {
		const docName = (req.url ?? '/').replace(/^\/collab\//, '').split('?')[0] ?? '';
		wss.handleUpgrade(req, socket, head, (ws) => utils.setupWSConnection(ws, req, { docName }));
	});
	listen(server, port);
	process.on('SIGTERM', () => {
		server.closeAllConnections();
		server.close();
		process.exit(0);
	});
}

/**
 * When this process was started as a server (`--serve ours|stock`), runs that server and returns
 * true; the caller then does nothing else. `options` are our server's collab options.
 */
export async function serveFromArgs(options: CollabOptions = {}): Promise<boolean> {
	const role = argString('serve');
	if (!role) return false;
	const port = arg('port', 0);
	if (role === 'ours') await serveOurs(argString('db')!, port, options);
	else if (role === 'stock') await serveStock(port, argString('initial-state'));
	else throw new Error(`unknown role ${role}`);
	return true;
}

// ------------------------------------------------------------------ driver side

export type Kind = 'ours' | 'stock';

export interface Child {
	process: ChildProcess;
	port: number | null;
	/** Why the stock server could not start (its package cannot be imported). */
	skipped?: string;
}

/**
 * Starts `script` (the benchmark's own bundled file: `import.meta.url`) as a `kind` server;
 * resolves once it listens. `--profile DIR` on the driver adds `node --cpu-prof` to the servers.
 */
export function spawnServer(script: string, kind: Kind, options: { db: string; port?: number; initialState?: string; exposeGc?: boolean }): Promise<Child> {
	const profile = argString('profile');
	const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
	if (options.exposeGc) nodeArgs.push('--expose-gc');
	const args = ['--serve', kind, '--db', options.db, '--port', String(options.port ?? 0)];
	if (options.initialState) args.push('--initial-state', options.initialState);
	const env = { ...process.env };
	delete env.YPERSISTENCE; // the stock server stays in memory, as shipped
	const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const port = /PORT (\d+)/.exec(out);
			if (port) resolve({ process: child, port: Number(port[1]) });
			const skip = /SKIP (.*)\n/.exec(out);
			if (skip) resolve({ process: child, port: null, skipped: skip[1] });
		});
		child.once('exit', (code, signal) => reject(new Error(`${kind} server exited (${code ?? signal}) before listening`)));
	});
}

export interface ServerMemory {
	/** Whether a full GC ran before the figures (the child has --expose-gc). */
	gc: boolean;
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
	rooms: number;
}

/** A server child's memory after a full GC (see benchRoutes). */
export async function serverMemory(child: Child): Promise<ServerMemory> {
	const res = await fetch(`http://127.0.0.1:${child.port}/__bench/memory`);
	return (await res.json()) as ServerMemory;
}

/** Stops a server child: SIGTERM (a clean shutdown) or SIGKILL (a crash). */
export async function stopServer(child: Child, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
	if (child.process.exitCode !== null || child.process.signalCode !== null) return;
	const exited = new Promise((r) => child.process.once('exit', r));
	child.process.kill(signal);
	await exited;
}
