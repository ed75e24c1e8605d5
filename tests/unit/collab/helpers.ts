/**
 * Test support for the collaboration server: a real context on a temporary SQLite file with the
 * real migrations, a real user with a real session, the server on an http.Server bound to port
 * 0 through the production upgrade routing, and clients (stock y-websocket providers or raw ws).
 */
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import { encodeSyncStep1 } from '../../../server/collab/protocol';
import { createUpgradeListener } from '../../../server/upgrade';
import { startCollab, type CollabOptions, type CollabServer } from '../../../server/collab/start';
import { createSession, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { loadConfig } from '../../../src/lib/server/config';
import { createContext, type AppContext } from '../../../src/lib/server/context';
import { newId } from '../../../src/lib/server/ids';

/** Polls `predicate` until it holds; fails with `message` after `timeout` ms. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeout = 5000, message = 'condition'): Promise<void> {
	const deadline = Date.now() + timeout;
	for (;;) {
		if (await predicate()) return;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-collab-'));
	return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real application context on the SQLite file `dbPath` (created and migrated). */
export async function testContext(dbPath: string): Promise<AppContext> {
	const config = loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: join(dbPath, '..', 'files'), LOG_LEVEL: 'error' });
	return createContext(config);
}

/** Inserts a user and opens a session for them; returns the cookie token. */
export async function signedInUser(ctx: AppContext, name = 'Camille'): Promise<{ userId: string; token: string }> {
	const userId = newId();
	await ctx.db
		.insertInto('users')
		.values({
			id: userId,
			email: `${userId}@example.test`,
			name,
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
	return { userId, token };
}

export interface TestServer {
	collab: CollabServer;
	http: http.Server;
	port: number;
	/** http://localhost:<port> */
	origin: string;
	close(): Promise<void>;
}

/** Starts the collab server behind the production upgrade routing on an http.Server, port 0. */
export async function startServer(ctx: AppContext, options: CollabOptions): Promise<TestServer> {
	const collab = startCollab(ctx, options);
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', createUpgradeListener(collab.handleUpgrade, 'refuse'));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	let closed = false;
	return {
		collab,
		http: server,
		port,
		origin: `http://localhost:${port}`,
		async close() {
			if (closed) return;
			closed = true;
			await collab.shutdown();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/** A ws WebSocket class that sends these headers (what a browser sends by itself). */
export function webSocketWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
	class HeaderWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

export function browserHeaders(server: TestServer, token: string | null, origin = server.origin): Record<string, string> {
	const headers: Record<string, string> = { origin };
	if (token) headers.cookie = `theme=dark; ${SESSION_COOKIE}=${token}`;
	return headers;
}

/** A stock y-websocket provider as the browser uses it (`origin + '/collab'`, room name). */
export function connectProvider(
	server: TestServer,
	room: string,
	token: string | null,
	doc = new Y.Doc(),
	origin = server.origin
): WebsocketProvider {
	return new WebsocketProvider(`ws://localhost:${server.port}/collab`, room, doc, {
		WebSocketPolyfill: webSocketWithHeaders(browserHeaders(server, token, origin)),
		disableBc: true,
		maxBackoffTime: 100
	});
}

/** Resolves with the first close code the provider's connection reports. */
export function nextCloseCode(provider: WebsocketProvider): Promise<number> {
	return new Promise((resolve) => {
		const onClose = (event: CloseEvent | null) => {
			if (!event) return;
			provider.off('connection-close', onClose);
			resolve(event.code);
		};
		provider.on('connection-close', onClose);
	});
}

export async function waitSynced(provider: WebsocketProvider, timeout = 5000): Promise<void> {
	await waitFor(() => provider.synced, timeout, `provider ${provider.roomname} synced`);
}

/** A raw ws client; records the frames it gets and its close code. */
export interface RawClient {
	ws: WebSocket;
	frames: Uint8Array[];
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
}

export function rawClient(
	server: TestServer,
	path: string,
	headers: Record<string, string>,
	options: { autoPong?: boolean } = {}
): RawClient {
	const ws = new WebSocket(`ws://localhost:${server.port}${path}`, { headers, autoPong: options.autoPong ?? true });
	const frames: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
	ws.on('error', () => {});
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return { ws, frames, opened, closed };
}

export function textOf(provider: WebsocketProvider, name = 't'): string {
	return provider.doc.getText(name).toString();
}

/** Destroys providers (without letting them reconnect) and their documents. */
export function destroyAll(...providers: WebsocketProvider[]): void {
	for (const p of providers) {
		p.destroy();
		p.doc.destroy();
	}
}

/** Text `name` of an open room's in-memory document ('' when the room is not open). */
export function liveText(server: TestServer, room: string, name = 't'): string {
	const state = server.collab.liveState(room);
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, state);
	return doc.getText(name).toString();
}

/** Resolves once everything sent before on `ws` has been handled by the server. */
export async function barrier(send: (frame: Uint8Array) => void, frames: () => Uint8Array[]): Promise<void> {
	const before = frames().length;
	send(encodeSyncStep1(new Y.Doc()));
	await waitFor(
		() =>
			frames()
				.slice(before)
				.some((f) => f[0] === 0 && f[1] === syncProtocol.messageYjsSyncStep2),
		3000,
		'barrier'
	);
}

export function providerBarrier(provider: WebsocketProvider): Promise<void> {
	const received: Uint8Array[] = [];
	const ws = provider.ws as unknown as WebSocket;
	const listener = (data: ArrayBuffer | Buffer) => received.push(new Uint8Array(data));
	ws.on('message', listener);
	return barrier(
		(f) => ws.send(f),
		() => received
	).finally(() => ws.off('message', listener));
}

export function rawBarrier(client: RawClient): Promise<void> {
	return barrier(
		(f) => client.ws.send(f),
		() => client.frames
	);
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Bundles a script a test runs in another process (`entry`, relative to the repository) into
 * `outfile`: our sources bundled, `$lib` resolved, packages left to node_modules.
 */
export async function bundleForChild(entry: string, outfile: string): Promise<void> {
	mkdirSync(join(outfile, '..'), { recursive: true });
	await build({
		entryPoints: [join(repoRoot, entry)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		alias: { $lib: join(repoRoot, 'src/lib') },
		logLevel: 'error'
	});
}
