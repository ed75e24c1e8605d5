/**
 * The built production server for benchmarks: start build/server.js on a database (optionally
 * under the V8 profiler), refuse a build older than the source's migrations, HTTP requests
 * timed from send to the last byte, and signing in as a demo person (their session cookie).
 */
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { DEMO_PASSWORD } from '../src/lib/server/demo/seed';
import { migrations } from '../src/lib/server/db/migrations/index';

export const SERVER_ENTRY = resolve('build/server.js');

/** Exits with a clear message when build/ is missing or older than the source's migrations. */
export function assertFreshBuild(bench: string): void {
	if (!existsSync(SERVER_ENTRY)) {
		process.stderr.write(`${bench} measures the built server: run \`npm run build\` first (build/server.js is missing).\n`);
		process.exit(2);
	}
	const built = readFileSync(SERVER_ENTRY, 'utf8');
	const missing = Object.keys(migrations).filter((name) => !built.includes(name));
	if (missing.length > 0) {
		process.stderr.write(`${bench}: build/ is older than the source (no migration ${missing.join(', ')}): run \`npm run build\` first.\n`);
		process.exit(2);
	}
}

export interface RunningServer {
	child: ChildProcess;
	url: string;
	exited: Promise<unknown>;
	/** What the server wrote to stderr so far (shown when a benchmark fails). */
	stderr(): string;
}

/** Starts build/server.js (as tests/support/server.ts does), optionally under the V8 profiler. */
export async function startBuiltServer(env: Record<string, string>, profileDir?: string): Promise<RunningServer> {
	const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
	const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
		env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (err += d));
	const exited = new Promise((r) => child.on('exit', r));
	const port = await new Promise<number>((res, rej) => {
		const timer = setTimeout(() => rej(new Error(`server did not start: ${err}`)), 20_000);
		child.stdout!.on('data', () => {
			const m = /http:\/\/localhost:(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				res(Number(m[1]));
			}
		});
		void exited.then(() => rej(new Error(`server exited early: ${err}`)));
	});
	return { child, url: `http://127.0.0.1:${port}`, exited, stderr: () => err };
}

/** Stops a server with SIGTERM (it writes and compacts every open room) and waits for its exit. */
export async function stopBuiltServer(server: RunningServer): Promise<void> {
	server.child.kill('SIGTERM');
	await server.exited;
}

export interface Response {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	bytes: number;
	ms: number;
}

/** One keep-alive connection by default: requests are measured one at a time. */
const defaultAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function request(
	base: string,
	path: string,
	options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {}
): Promise<Response> {
	const url = new URL(path, base);
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const req = http.request(
			url,
			{ method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? defaultAgent },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const body = Buffer.concat(chunks);
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: body.toString('utf8'),
						bytes: body.byteLength,
						ms: performance.now() - start
					});
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

/** Signs in over HTTP with the demo password; returns the `name=value` of the session cookie. */
export async function signIn(server: RunningServer, email: string): Promise<string> {
	const res = await request(server.url, '/connexion', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString()
	});
	const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('cotrait_session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: HTTP ${res.status} ${res.body.slice(0, 200)}`);
	return cookie.split(';')[0]!;
}

/** Destroys the default agent's sockets (at the end of a benchmark). */
export function closeConnections(): void {
	defaultAgent.destroy();
}
