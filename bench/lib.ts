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

// ------------------------------------------------------------------ server roles (child process)

function listen(server: http.Server, port: number): void {
	server.listen(port, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

/** Our server on the bench database, every user allowed to write (auth and persistence on). */
async function serveOurs(dbPath: string, port: number, options: CollabOptions): Promise<void> {
	const ctx = await openContext(dbPath);
	const collab = startCollab(ctx, { authorize: async () => 'write', ...options });
	const server = http.createServer((_req, res) => res.writeHead(404).end());
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
	const server = http.createServer((_req, res) => res.writeHead(404).end());
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
export function spawnServer(script: string, kind: Kind, options: { db: string; port?: number; initialState?: string }): Promise<Child> {
	const profile = argString('profile');
	const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
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

/** Stops a server child: SIGTERM (a clean shutdown) or SIGKILL (a crash). */
export async function stopServer(child: Child, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
	if (child.process.exitCode !== null || child.process.signalCode !== null) return;
	const exited = new Promise((r) => child.process.once('exit', r));
	child.process.kill(signal);
	await exited;
}
