/**
 * Load benchmark of the collaboration server: `npm run bench:collab` (= node bench/run.mjs
 * collab, which bundles this file with esbuild and runs it).
 *
 * Starts, one after the other and each in its own process on its own port:
 *   - the project's server (server/collab/start.ts) with authentication (real users, real
 *     sessions in a temporary SQLite file, Origin + cookie checked) and persistence on, but the
 *     room policy STUBBED (every signed-in user writes every room; the rooms are not sections of
 *     real bids): the output and the JSON say `policy: 'stubbed'`;
 *   - the stock reference server `@y/websocket-server@0.1.1` (in-memory), when it can be
 *     imported; it is not a dependency of the project, so without it the run says so and skips it.
 * Against each: ROOMS rooms × CLIENTS stock y-websocket providers, each making UPDATES_PER_S
 * edits per second for DURATION_S seconds. Every edit is stamped (Y.Map key → send time), so
 * receivers measure propagation delay. Prints per server p50/p95/p99 latency, delivered/expected,
 * diverged rooms, server RSS, then one JSON line:
 *   { bench, configuration, sessions, policy: 'stubbed', ours: {…}, peer: {…}, ratio } (ratio: p99 ours ÷ peer's)
 *
 * Options: --rooms N --clients N --rate N --duration S  (defaults 100, 5, 5, 20);
 * --profile DIR writes a CPU profile of each server process (node --cpu-prof) into DIR.
 * Internal: `--serve ours|stock --db PATH` runs one server and prints "PORT <n>".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { loadRoomDoc } from '../src/lib/server/collab/persistence';
import { SESSION_COOKIE } from '../src/lib/server/auth/session';
import {
	arg,
	benchUsers,
	headerSocket,
	openContext,
	quantile,
	rssMb,
	serveFromArgs,
	sleep,
	spawnServer,
	STOCK_MODULE,
	stopServer,
	type Child
} from './lib';

// ------------------------------------------------------------------ driver

interface LoadResult {
	p50: number;
	p95: number;
	p99: number;
	delivered: number;
	expected: number;
	/** Updates made per second, all clients together (below target when the machine is saturated). */
	sentPerS: number;
	diverged: number;
	rssPeakMb: number;
	rssEndMb: number;
	/** Event-loop delay of the client process (p99, ms): latency it adds on top of the server's. */
	clientLagP99: number;
	/** Rooms whose stored state differs from the replicas (project server only). */
	storedMismatch: number | null;
}

async function runLoad(
	label: string,
	child: Child,
	tokens: string[],
	opts: { rooms: number; clients: number; rate: number; durationS: number },
	dbPath: string | null
): Promise<LoadResult> {
	const port = child.port!;
	const origin = `http://localhost:${port}`;
	const latencies: number[] = [];
	let delivered = 0;
	let sent = 0;
	const providers: WebsocketProvider[][] = [];
	const roomName = (r: number) => `section/bench-${r}`;

	for (let r = 0; r < opts.rooms; r++) {
		const row: WebsocketProvider[] = [];
		for (let c = 0; c < opts.clients; c++) {
			const doc = new Y.Doc();
			const headers = { origin, cookie: `${SESSION_COOKIE}=${tokens[(r * opts.clients + c) % tokens.length]}` };
			const provider = new WebsocketProvider(`ws://localhost:${port}/collab`, roomName(r), doc, {
				WebSocketPolyfill: headerSocket(headers),
				disableBc: true
			});
			doc.getMap<number>('stamps').observe((event) => {
				if (event.transaction.local) return;
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
		providers.push(row);
	}
	const all = providers.flat();
	const connectStart = performance.now();
	while (!all.every((p) => p.synced)) {
		if (performance.now() - connectStart > 60_000) throw new Error(`${label}: clients did not sync within 60 s`);
		await sleep(20);
	}
	process.stdout.write(`${label}: ${all.length} clients synced in ${Math.round(performance.now() - connectStart)} ms\n`);

	const lag = monitorEventLoopDelay({ resolution: 10 });
	lag.enable();
	let rssPeak = 0;
	const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(child.process.pid!) || 0)), 500);
	const period = 1000 / opts.rate;
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
	await sleep(opts.durationS * 1000);
	starts.forEach(clearTimeout);
	timers.forEach(clearInterval);
	lag.disable();
	const expected = sent * (opts.clients - 1);
	const drainStart = performance.now();
	while (delivered < expected && performance.now() - drainStart < 10_000) await sleep(50);
	clearInterval(rssTimer);
	const rssEnd = rssMb(child.process.pid!);

	let diverged = 0;
	for (const row of providers) {
		const first = row[0]!.doc;
		const ref = first.getText('t').toString();
		const sv = Buffer.from(Y.encodeStateVector(first));
		if (row.some((p) => p.doc.getText('t').toString() !== ref || !Buffer.from(Y.encodeStateVector(p.doc)).equals(sv))) diverged++;
	}
	for (const p of all) p.destroy();

	// Graceful stop (the project's server writes and compacts everything on SIGTERM).
	await stopServer(child);

	let storedMismatch: number | null = null;
	if (dbPath) {
		const ctx = await openContext(dbPath);
		storedMismatch = 0;
		for (let r = 0; r < opts.rooms; r++) {
			const stored = await loadRoomDoc(ctx.db, roomName(r));
			if (stored?.getText('t').toString() !== providers[r]![0]!.doc.getText('t').toString()) storedMismatch++;
		}
		await ctx.close();
	}

	const sorted = Float64Array.from(latencies).sort();
	return {
		p50: quantile(sorted, 0.5),
		p95: quantile(sorted, 0.95),
		p99: quantile(sorted, 0.99),
		delivered,
		expected,
		sentPerS: sent / opts.durationS,
		clientLagP99: lag.percentile(99) / 1e6,
		diverged,
		rssPeakMb: rssPeak,
		rssEndMb: rssEnd,
		storedMismatch
	};
}

function report(label: string, r: LoadResult): void {
	const f = (n: number) => n.toFixed(1);
	process.stdout.write(
		`${label}: latency p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, p99 ${f(r.p99)} ms; ` +
			`delivered ${r.delivered}/${r.expected}; sent ${Math.round(r.sentPerS)} updates/s; diverged rooms ${r.diverged}; ` +
			`server RSS peak ${r.rssPeakMb} MB (end ${r.rssEndMb} MB); client event-loop lag p99 ${f(r.clientLagP99)} ms` +
			(r.storedMismatch === null ? '' : `; stored ≠ replicas: ${r.storedMismatch} rooms`) +
			'\n'
	);
}

async function drive(): Promise<void> {
	process.setMaxListeners(0); // every provider registers a process 'exit' listener
	const opts = { rooms: arg('rooms', 100), clients: arg('clients', 5), rate: arg('rate', 5), durationS: arg('duration', 20) };
	process.stdout.write(
		`bench:collab — ${opts.rooms} rooms × ${opts.clients} clients × ${opts.rate} updates/s for ${opts.durationS} s ` +
			`(target ${opts.rooms * opts.clients * opts.rate} updates/s); ours with sessions, room policy STUBBED (everyone writes)\n`
	);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-bench-'));
	const dbPath = join(dir, 'bench.db');
	try {
		const ctx = await openContext(dbPath);
		const tokens = await benchUsers(ctx, opts.rooms * opts.clients);
		await ctx.close();

		const ours = await runLoad('cotrait', await spawnServer(import.meta.url, 'ours', { db: dbPath }), tokens, opts, dbPath);
		report('cotrait', ours);

		let stock: LoadResult | null = null;
		const stockChild = await spawnServer(import.meta.url, 'stock', { db: dbPath });
		if (stockChild.skipped) {
			process.stdout.write(
				`stock @y/websocket-server@0.1.1: SKIPPED — cannot import ${STOCK_MODULE} (${stockChild.skipped}). ` +
					'It is not a project dependency; install it next to the project to compare.\n'
			);
		} else {
			stock = await runLoad('stock', stockChild, tokens, opts, null);
			report('stock', stock);
		}

		const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 10) / 10);
		const side = (r: LoadResult) => ({
			p50: round(r.p50),
			p95: round(r.p95),
			p99: round(r.p99),
			delivered: r.delivered,
			expected: r.expected,
			lost: r.expected - r.delivered,
			sentPerS: Math.round(r.sentPerS),
			diverged: r.diverged,
			rssPeakMb: r.rssPeakMb,
			clientLagP99: round(r.clientLagP99)
		});
		process.stdout.write(
			JSON.stringify({
				bench: 'collab',
				configuration: `${opts.rooms} rooms × ${opts.clients} clients × ${opts.rate} updates/s for ${opts.durationS} s; propagation latency (ms) between stock y-websocket clients`,
				sessions: true,
				policy: 'stubbed',
				ours: {
					name: 'cotrait collab server (startCollab, SQLite, room policy stubbed)',
					...side(ours),
					storedMismatch: ours.storedMismatch
				},
				peer: stock
					? { name: '@y/websocket-server@0.1.1 in memory (no session, no policy, no storage)', ...side(stock) }
					: { name: '@y/websocket-server@0.1.1', p99: null, error: stockChild.skipped },
				ratio: stock ? round(ours.p99 / stock.p99) : null
			}) + '\n'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (!(await serveFromArgs())) {
	await drive();
	process.exit(0); // the providers' awareness timers would keep the process alive
}
