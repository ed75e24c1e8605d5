/**
 * The load generator of bench:collab, run in several child processes so that it is not the
 * bottleneck (2 000 editors are more than one Node process can drive at 1 update/s and still
 * measure latency honestly). Each generator owns whole rooms — every client of a room lives in
 * the same process, so a stamp (performance.now() at the sender) and its reception are read on
 * the same clock.
 *
 * Driver side: `startGenerators()` spawns the benchmark's own bundle with `--generate`, hands each
 * its share of the rooms over IPC, waits until every client is synced, then `go()` starts the
 * typing in all of them at once and resolves with their merged figures; `check()` compares the
 * replicas of each room and returns the text of each room (for the stored check); `close()` ends
 * them. Generator side: `runGenerator()` does the typing and answers those messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import { headerSocket, sleep } from './lib';

export interface LoadOptions {
	rooms: number;
	clients: number;
	rate: number;
	durationS: number;
}

/** What a generator is asked to drive. */
interface Assignment {
	port: number;
	/** Room indices this generator owns. */
	rooms: number[];
	clients: number;
	rate: number;
	/** Session cookie of each client, by room index then client. */
	tokens: string[][];
}

/** What the typing window gave, all generators merged. */
export interface LoadFigures {
	latencies: Float64Array;
	delivered: number;
	expected: number;
	sent: number;
	/** Worst event-loop delay p99 of the generators (ms): latency they add on top of the server's. */
	clientLagP99: number;
}

type ToGenerator = { type: 'assign'; assignment: Assignment } | { type: 'go'; durationS: number } | { type: 'check' };
type FromGenerator =
	| { type: 'synced'; ms: number }
	| { type: 'done'; latencies: Float64Array; delivered: number; expected: number; sent: number; lagP99: number }
	| { type: 'checked'; diverged: number; texts: Record<number, string> };

export const roomName = (r: number) => `section/bench-${r}`;

// ------------------------------------------------------------------ driver side

export interface Generators {
	/** Types for `durationS` in every generator at once; resolves once each has drained. */
	go(durationS: number): Promise<LoadFigures>;
	/** Diverged rooms and the text of each room (from its first replica). */
	check(): Promise<{ diverged: number; texts: Map<number, string> }>;
	close(): void;
}

function nextMessage<T extends FromGenerator['type']>(child: ChildProcess, type: T): Promise<Extract<FromGenerator, { type: T }>> {
	return new Promise((resolve, reject) => {
		const onMessage = (m: FromGenerator) => {
			if (m.type !== type) return;
			child.off('message', onMessage);
			child.off('exit', onExit);
			resolve(m as Extract<FromGenerator, { type: T }>);
		};
		const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) before '${type}'`));
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

/** Spawns `count` generators (the bundle `script` started with --generate) sharing the rooms. */
export async function startGenerators(
	script: string,
	count: number,
	port: number,
	tokens: string[],
	opts: LoadOptions,
	label: string
): Promise<Generators> {
	const children: ChildProcess[] = [];
	const started = performance.now();
	for (let g = 0; g < count; g++) {
		const rooms: number[] = [];
		for (let r = g; r < opts.rooms; r += count) rooms.push(r);
		const roomTokens = rooms.map((r) => Array.from({ length: opts.clients }, (_, c) => tokens[(r * opts.clients + c) % tokens.length]!));
		// Each room's tokens are given by position in `rooms`; the generator maps them back.
		const child = spawn(process.execPath, [fileURLToPath(script), '--generate'], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			serialization: 'advanced'
		});
		const message: ToGenerator = {
			type: 'assign',
			assignment: { port, rooms, clients: opts.clients, rate: opts.rate, tokens: roomTokens }
		};
		child.send(message);
		children.push(child);
	}
	await Promise.all(children.map((c) => nextMessage(c, 'synced')));
	process.stdout.write(
		`${label}: ${opts.rooms * opts.clients} clients in ${count} generator processes synced in ${Math.round(performance.now() - started)} ms\n`
	);
	return {
		async go(durationS) {
			const done = children.map((c) => nextMessage(c, 'done'));
			for (const c of children) c.send({ type: 'go', durationS } satisfies ToGenerator);
			const parts = await Promise.all(done);
			const total = parts.reduce((n, p) => n + p.latencies.length, 0);
			const latencies = new Float64Array(total);
			let at = 0;
			for (const p of parts) {
				latencies.set(p.latencies, at);
				at += p.latencies.length;
			}
			return {
				latencies,
				delivered: parts.reduce((n, p) => n + p.delivered, 0),
				expected: parts.reduce((n, p) => n + p.expected, 0),
				sent: parts.reduce((n, p) => n + p.sent, 0),
				clientLagP99: Math.max(...parts.map((p) => p.lagP99))
			};
		},
		async check() {
			const checked = children.map((c) => nextMessage(c, 'checked'));
			for (const c of children) c.send({ type: 'check' } satisfies ToGenerator);
			const parts = await Promise.all(checked);
			const texts = new Map<number, string>();
			for (const p of parts) for (const [r, t] of Object.entries(p.texts)) texts.set(Number(r), t);
			return { diverged: parts.reduce((n, p) => n + p.diverged, 0), texts };
		},
		close() {
			for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
		}
	};
}

// ------------------------------------------------------------------ generator side

/** Runs as a generator child: connects its clients, types on 'go', answers 'check'. */
export async function runGenerator(): Promise<void> {
	process.setMaxListeners(0); // every provider registers a process 'exit' listener
	const send = (m: FromGenerator) => process.send!(m);
	const assignment = await new Promise<Assignment>((resolve) =>
		process.once('message', (m: ToGenerator) => m.type === 'assign' && resolve(m.assignment))
	);
	const { port, clients, rate } = assignment;
	const origin = `http://localhost:${port}`;
	const rows: WebsocketProvider[][] = [];
	let latencies: number[] = [];
	let delivered = 0;
	let counting = false;
	assignment.rooms.forEach((r, index) => {
		const row: WebsocketProvider[] = [];
		for (let c = 0; c < clients; c++) {
			const doc = new Y.Doc();
			const headers = { origin, cookie: `${SESSION_COOKIE}=${assignment.tokens[index]![c]}` };
			const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, roomName(r), doc, {
				WebSocketPolyfill: headerSocket(headers),
				disableBc: true
			});
			doc.getMap<number>('stamps').observe((event) => {
				if (event.transaction.local || !counting) return;
				const now = performance.now();
				for (const key of event.keysChanged) {
					const at = doc.getMap<number>('stamps').get(key);
					if (typeof at === 'number') {
						latencies.push(now - at);
						delivered++;
					}
				}
			});
			row.push(provider);
		}
		rows.push(row);
	});
	const all = rows.flat();
	const t0 = performance.now();
	while (!all.every((p) => p.synced)) {
		if (performance.now() - t0 > 120_000) throw new Error('clients did not sync within 120 s');
		await sleep(20);
	}
	send({ type: 'synced', ms: performance.now() - t0 });

	process.on('message', async (m: ToGenerator) => {
		if (m.type === 'go') {
			latencies = [];
			delivered = 0;
			counting = true;
			let sent = 0;
			const lag = monitorEventLoopDelay({ resolution: 10 });
			lag.enable();
			const period = 1000 / rate;
			const timers: ReturnType<typeof setInterval>[] = [];
			const starts: ReturnType<typeof setTimeout>[] = [];
			all.forEach((provider, i) => {
				let seq = 0;
				const tick = () => {
					const doc = provider.doc;
					const text = doc.getText('t');
					doc.transact(() => {
						text.insert(Math.floor(Math.random() * (text.length + 1)), 'x');
						doc.getMap<number>('stamps').set(`${i}:${seq++}`, performance.now());
					});
					sent++;
				};
				starts.push(setTimeout(() => timers.push(setInterval(tick, period)), Math.random() * period));
			});
			await sleep(m.durationS * 1000);
			starts.forEach(clearTimeout);
			timers.forEach(clearInterval);
			lag.disable();
			const expected = sent * (clients - 1);
			const drainStart = performance.now();
			while (delivered < expected && performance.now() - drainStart < 10_000) await sleep(20);
			send({ type: 'done', latencies: Float64Array.from(latencies), delivered, expected, sent, lagP99: lag.percentile(99) / 1e6 });
		} else if (m.type === 'check') {
			let diverged = 0;
			const texts: Record<number, string> = {};
			rows.forEach((row, index) => {
				const first = row[0]!.doc;
				const ref = first.getText('t').toString();
				const sv = Buffer.from(Y.encodeStateVector(first));
				if (row.some((p) => p.doc.getText('t').toString() !== ref || !Buffer.from(Y.encodeStateVector(p.doc)).equals(sv))) diverged++;
				texts[assignment.rooms[index]!] = ref;
			});
			send({ type: 'checked', diverged, texts });
		}
	});
	process.on('SIGTERM', () => {
		for (const p of all) p.destroy();
		process.exit(0);
	});
	process.on('disconnect', () => process.exit(0));
}
