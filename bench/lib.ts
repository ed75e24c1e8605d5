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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { createUpgradeListener } from '../server/upgrade';
import { startCollabCluster, type WorkerOptions } from '../server/collab/cluster';
import { startCollab, type CollabOptions } from '../server/collab/start';
import { runCollabWorker } from '../server/collab/worker';
import { createSession } from '../src/lib/server/auth/session';
import { loadConfig } from '../src/lib/server/config';
import { createContext, type AppContext } from '../src/lib/server/context';
import { newId } from '../src/lib/server/ids';
import { addLot, createTender } from '../src/lib/server/tenders/tenders.service';
import { createBid } from '../src/lib/server/bids/create-bid';

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
	for (const id of await insertUsers(ctx, count, 'user')) tokens.push((await createSession(ctx.db, id)).token);
	return tokens;
}

/** Inserts `count` users (no organisation, no session); returns their ids. */
async function insertUsers(ctx: AppContext, count: number, label: string): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const id = newId();
		await ctx.db
			.insertInto('users')
			.values({
				id,
				email: `${id}@bench.test`,
				name: `Bench ${label} ${i}`,
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
		ids.push(id);
	}
	return ids;
}

/** How our server decides room access in a run: as in production, or every user allowed to write. */
export type Policy = 'production' | 'stubbed';

export interface BenchGroups {
	/** Per bid: the room of each of its sections (`section/<id>`), in outline order. */
	sections: string[][];
	/** Per bid: the session tokens of its members (the coordinator first). */
	tokens: string[][];
}

/**
 * `bids` real bids, each answered by `members` people of two organisations (alternating): the
 * first creates the call for tenders, its lot and the bid through the services
 * (tenders.service, bids/create-bid), the others join it as members (inserted as the
 * demo seed does: the invitation flow would only add e-mails). Every person has a real session.
 * With `samePeople`, the same people form every group. The room policy of the production server
 * (resolveRoomAccess) lets each member write every section of their bid, and nobody else.
 */
export async function benchGroups(
	ctx: AppContext,
	bids: number,
	members: number,
	options: { samePeople?: boolean } = {}
): Promise<BenchGroups> {
	const now = Date.now();
	const orgs = [newId(), newId()];
	for (const [i, id] of orgs.entries()) {
		await ctx.db
			.insertInto('organisations')
			.values({
				id,
				name: `CAE Bench ${i + 1}`,
				kind: 'cae',
				siret: `bench-${id}`,
				contribution_rate_bp: 1000,
				region: '',
				created_at: now
			})
			.execute();
	}
	const out: BenchGroups = { sections: [], tokens: [] };
	let people: { id: string; organisationId: string }[] = [];
	for (let b = 0; b < bids; b++) {
		const reuse = options.samePeople && b > 0;
		if (!reuse) people = [];
		for (let m = 0; m < (reuse ? 0 : members); m++) {
			const [id] = await insertUsers(ctx, 1, `${b}.${m}`);
			const organisationId = orgs[m % 2]!;
			await ctx.db
				.insertInto('memberships')
				.values({
					id: newId(),
					organisation_id: organisationId,
					user_id: id!,
					role: 'entrepreneur',
					contribution_rate_bp: null,
					created_at: now
				})
				.execute();
			people.push({ id: id!, organisationId });
		}
		const actor = { id: people[0]!.id, organisationId: people[0]!.organisationId, orgRole: 'entrepreneur' as const };
		const tenderId = await createTender(ctx, actor, {
			buyer: `Commune n° ${b + 1}`,
			reference: `BENCH-${b + 1}`,
			title: `Marché de benchmark ${b + 1}`,
			procedure: 'mapa',
			platformUrl: '',
			estimateCents: 4_000_000,
			questionsDeadline: null,
			dlro: now + 30 * 86_400_000
		});
		const lotId = await addLot(ctx, actor, tenderId, {
			number: 1,
			title: 'Lot unique',
			estimateCents: null,
			priceForm: 'forfait',
			pageLimit: null,
			criteria: [{ label: 'Valeur technique', weightPct: 100 }]
		});
		const bidId = await createBid(ctx, actor, tenderId, [lotId]);
		if (people.length > 1) {
			await ctx.db
				.insertInto('bid_members')
				.values(
					people.slice(1).map((p, i) => ({
						bid_id: bidId,
						user_id: p.id,
						organisation_id: p.organisationId,
						role: 'member' as const,
						joined_at: now + i
					}))
				)
				.execute();
		}
		const sections = await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bidId).orderBy('position').execute();
		out.sections.push(sections.map((s) => `section/${s.id}`));
		const tokens: string[] = [];
		if (reuse) tokens.push(...out.tokens[0]!);
		else for (const p of people) tokens.push((await createSession(ctx.db, p.id)).token);
		out.tokens.push(tokens);
	}
	return out;
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

/**
 * Our server on the bench database (sessions, Origin check and persistence on). Policy
 * `production`: startCollab's default room policy (resolveRoomAccess: members of the section's
 * bid) and storage quota, as build/server.js runs it; `stubbed`: every signed-in user may write
 * every room (rooms need not be sections of real bids).
 */
/** Our collab options without their functions (those stay in the HTTP process of a sharded server). */
function workerOptions(options: CollabOptions): WorkerOptions {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { authorize, storageQuota, ...rest } = options;
	return rest;
}

async function serveOurs(dbPath: string, port: number, options: CollabOptions, policy: Policy): Promise<void> {
	const ctx = await openContext(dbPath);
	const workers = Number(process.env.COLLAB_WORKERS ?? 1);
	const stubbed: CollabOptions['authorize'] = async () => 'write';
	// COLLAB_WORKERS > 1: rooms sharded over worker processes, each this same bundle run with --collab-worker.
	const collab =
		workers > 1
			? startCollabCluster(ctx, {
					workers,
					script: process.argv[1]!,
					args: ['--collab-worker'],
					options: workerOptions(options),
					authorize: policy === 'production' ? undefined : stubbed
				})
			: startCollab(ctx, policy === 'production' ? options : { authorize: stubbed, ...options });
	if ('ready' in collab) await collab.ready;
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
	setPersistence(p: {
		provider: null;
		bindState(name: string, doc: Y.Doc): void;
		writeState(name: string, doc: Y.Doc): Promise<void>;
	}): void;
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
	if (process.argv.includes('--collab-worker')) {
		await runCollabWorker();
		return true;
	}
	const role = argString('serve');
	if (!role) return false;
	const port = arg('port', 0);
	if (role === 'ours') await serveOurs(argString('db')!, port, options, argString('policy') === 'production' ? 'production' : 'stubbed');
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
export function spawnServer(
	script: string,
	kind: Kind,
	options: {
		db: string;
		port?: number;
		initialState?: string;
		exposeGc?: boolean;
		/** Our server's room policy (default: stubbed). */
		policy?: Policy;
		/** The stock server's own LevelDB persistence (y-leveldb) in this folder; default: in memory, as shipped. */
		stockPersistence?: string;
		/** Our server's collaboration worker processes (COLLAB_WORKERS); default 1. */
		workers?: number;
	}
): Promise<Child> {
	const profile = argString('profile');
	const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
	if (options.exposeGc) nodeArgs.push('--expose-gc');
	const args = ['--serve', kind, '--db', options.db, '--port', String(options.port ?? 0)];
	if (options.initialState) args.push('--initial-state', options.initialState);
	if (options.policy) args.push('--policy', options.policy);
	const env = { ...process.env };
	env.COLLAB_WORKERS = String(options.workers ?? 1);
	// The stock server reads YPERSISTENCE at import: set, it stores every update in LevelDB there.
	if (options.stockPersistence) env.YPERSISTENCE = options.stockPersistence;
	else delete env.YPERSISTENCE;
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

// ------------------------------------------------------------------ server process tree (/proc)

/** `pid` and every process below it (a server's workers), read from /proc. */
export function processTree(pid: number): number[] {
	const out = [pid];
	for (let i = 0; i < out.length; i++) {
		let tasks: string[];
		try {
			tasks = readdirSync(`/proc/${out[i]}/task`);
		} catch {
			continue; // the process ended meanwhile
		}
		for (const tid of tasks) {
			try {
				for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(/\s+/)) if (child) out.push(Number(child));
			} catch {
				// the task ended meanwhile
			}
		}
	}
	return out;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU time (user + system, ms) spent so far by `pid` and its descendants, from /proc/<pid>/stat:
 * the server's own time, which the load generator's processes do not distort.
 */
export function treeCpuMs(pid: number): number {
	const { user, system } = treeCpuSplitMs(pid);
	return user + system;
}

/** User and system CPU time (ms) of `pid` and its descendants (see treeCpuMs). */
export function treeCpuSplitMs(pid: number): { user: number; system: number } {
	let user = 0;
	let system = 0;
	for (const p of processTree(pid)) {
		try {
			// Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
			const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			user += Number(fields[11]);
			system += Number(fields[12]);
		} catch {
			// the process ended meanwhile
		}
	}
	return { user: (user * 1000) / CLOCK_TICKS, system: (system * 1000) / CLOCK_TICKS };
}

/** Resident memory (MB) of `pid` and its descendants. */
export function treeRssMb(pid: number): number {
	let mb = 0;
	for (const p of processTree(pid)) mb += rssMb(p) || 0;
	return mb;
}
