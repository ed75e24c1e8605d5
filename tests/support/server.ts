/** Starts the BUILT production entry (build/server.js) as a child process for tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { staleBuildReason } from '../../scripts/build-freshness.mjs';

export const SERVER_ENTRY = resolve('build/server.js');

export interface RunningServer {
	child: ChildProcess;
	url: string;
	port: number;
	stdout: () => string;
	stderr: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Refuses to test a missing or stale build: the tests would pass or fail for old code. */
export function assertBuilt(): void {
	if (!existsSync(SERVER_ENTRY))
		throw new Error('build/server.js is missing: run `npm run build` first (npm test and npm run test:unit do).');
	const stale = staleBuildReason();
	if (stale) throw new Error(`build/server.js is stale: ${stale}. Run \`npm run build\` first (npm test and npm run test:unit do).`);
}

/** Runs the server with the given env and resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
	assertBuilt();
	const child = spawn(process.execPath, [SERVER_ENTRY], {
		env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (err += d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
		child.on('exit', (code, signal) => r({ code, signal, at: Date.now() }))
	);
	const port = await new Promise<number>((res, rej) => {
		const timer = setTimeout(() => rej(new Error(`server did not start: ${err}`)), 20000);
		const onData = () => {
			const m = /http:\/\/localhost:(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				res(Number(m[1]));
			}
		};
		child.stdout!.on('data', onData);
		void exited.then(() => {
			clearTimeout(timer);
			rej(new Error(`server exited early: ${err}`));
		});
	});
	return { child, url: `http://127.0.0.1:${port}`, port, stdout: () => out, stderr: () => err, exited };
}

/** Runs the entry to completion (for start-up failures). */
export async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
	assertBuilt();
	const child = spawn(process.execPath, [SERVER_ENTRY], {
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let err = '';
	child.stderr!.on('data', (d) => (err += d));
	const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
	const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
	clearTimeout(timer);
	return { code, stderr: err };
}
