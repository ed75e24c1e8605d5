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
 * edits per second for DURATION_S seconds, driven from GENERATORS child processes
 * (bench/collab-load.ts) so that the load generator is not the bottleneck. Every edit is stamped
 * (Y.Map key → send time), so receivers measure propagation delay. Prints per server
 * p50/p95/p99 latency, delivered/expected (lost), diverged rooms, the server's CPU time per
 * 1 000 delivered updates (user + system time of the server process and its children, read
 * from /proc over the typing window: the generators' load does not distort it), server RSS
 * (peak, all its processes), then one JSON line:
 *   { bench, configuration, sessions, policy: 'stubbed', ours: [{…} per worker count], peer: {…},
 *     ratio: { p99, cpuPer1000, rss } (ours with the first worker count ÷ the peer's) }
 * Each figure comes with the machine's load average: the cores are shared.
 *
 * Options: --rooms N --clients N --rate N --duration S --generators N (defaults 100, 5, 5, 20, 2);
 * --editors 2000: the 2 000-editor profile (400 rooms × 5 clients × 1 update/s);
 * --workers 1,2: run ours once per worker count (COLLAB_WORKERS: rooms sharded over that many
 * worker processes, server/collab/cluster.ts; default 1, in process); --no-stock;
 * --sweep: raise the load per worker count until p99 passes 100 ms (see sweep());
 * --profile DIR writes a CPU profile of each server process (node --cpu-prof) into DIR.
 * Internal: `--serve ours|stock --db PATH` runs one server and prints "PORT <n>";
 * `--generate` runs one load generator (bench/collab-load.ts).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRoomDoc } from '../src/lib/server/collab/persistence';
import { roomName, runGenerator, startGenerators, type LoadOptions } from './collab-load';
import {
	arg,
	argString,
	benchUsers,
	openContext,
	quantile,
	serveFromArgs,
	serverMemory,
	spawnServer,
	STOCK_MODULE,
	stopServer,
	treeCpuSplitMs,
	treeRssMb,
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
	/** Server CPU time (user + system, every process of the server) per 1 000 delivered updates. */
	cpuMsPer1000: number;
	/** Server CPU time over the load window, ms; of which user (JS, V8, libuv) time, the rest in the kernel. */
	cpuMs: number;
	cpuUserMs: number;
	rssPeakMb: number;
	rssEndMb: number;
	/** RSS once every client is connected and synced, before the typing. */
	rssStartMb: number;
	/** Event-loop delay of the generator processes (worst p99, ms): latency they add on top of the server's. */
	clientLagP99: number;
	/** Rooms whose stored state differs from the replicas (project server only). */
	storedMismatch: number | null;
}

async function runLoad(
	label: string,
	child: Child,
	tokens: string[],
	opts: LoadOptions & { generators: number },
	dbPath: string | null
): Promise<LoadResult> {
	const pid = child.process.pid!;
	const generators = await startGenerators(import.meta.url, opts.generators, child.port!, tokens, opts, label);
	const rssStart = treeRssMb(pid);
	let rssPeak = 0;
	const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssMb(pid))), 500);
	const cpuStart = treeCpuSplitMs(pid);
	const figures = await generators.go(opts.durationS);
	const cpuEnd = treeCpuSplitMs(pid);
	const cpuUserMs = cpuEnd.user - cpuStart.user;
	const cpuMs = cpuUserMs + cpuEnd.system - cpuStart.system;
	clearInterval(rssTimer);
	const rssEnd = treeRssMb(pid);
	if (process.argv.includes('--memory-detail')) {
		const m = await serverMemory(child).catch(() => null);
		if (m)
			process.stdout.write(
				`${label}: memory at the end: heap ${Math.round(m.heapUsed / 2 ** 20)} MB, external ${Math.round(m.external / 2 ** 20)} MB, array buffers ${Math.round(m.arrayBuffers / 2 ** 20)} MB, RSS ${Math.round(m.rss / 2 ** 20)} MB\n`
			);
	}
	rssPeak = Math.max(rssPeak, rssEnd);
	const { diverged, texts } = await generators.check();
	generators.close();

	// Graceful stop (the project's server writes and compacts everything on SIGTERM).
	await stopServer(child);

	let storedMismatch: number | null = null;
	if (dbPath) {
		const ctx = await openContext(dbPath);
		storedMismatch = 0;
		for (let r = 0; r < opts.rooms; r++) {
			const stored = await loadRoomDoc(ctx.db, roomName(r));
			if ((stored?.getText('t').toString() ?? '') !== texts.get(r)) storedMismatch++;
			stored?.destroy();
		}
		await ctx.close();
	}

	const sorted = figures.latencies.sort();
	return {
		p50: quantile(sorted, 0.5),
		p95: quantile(sorted, 0.95),
		p99: quantile(sorted, 0.99),
		delivered: figures.delivered,
		expected: figures.expected,
		sentPerS: figures.sent / opts.durationS,
		clientLagP99: figures.clientLagP99,
		diverged,
		cpuMs,
		cpuUserMs,
		cpuMsPer1000: figures.delivered > 0 ? (cpuMs * 1000) / figures.delivered : NaN,
		rssPeakMb: rssPeak,
		rssEndMb: rssEnd,
		rssStartMb: rssStart,
		storedMismatch
	};
}

function report(label: string, r: LoadResult): void {
	const f = (n: number) => n.toFixed(1);
	process.stdout.write(
		`${label}: latency p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, p99 ${f(r.p99)} ms; ` +
			`delivered ${r.delivered}/${r.expected} (lost ${r.expected - r.delivered}); sent ${Math.round(r.sentPerS)} updates/s; diverged rooms ${r.diverged}; ` +
			`server CPU ${Math.round(r.cpuMs)} ms (user ${Math.round(r.cpuUserMs)}) = ${f(r.cpuMsPer1000)} CPU-ms per 1 000 delivered; ` +
			`server RSS peak ${r.rssPeakMb} MB (synced ${r.rssStartMb} MB, end ${r.rssEndMb} MB); generator event-loop lag p99 ${f(r.clientLagP99)} ms` +
			(r.storedMismatch === null ? '' : `; stored ≠ replicas: ${r.storedMismatch} rooms`) +
			'\n'
	);
}

const round = (n: number | null) => (n === null || Number.isNaN(n) ? null : Math.round(n * 10) / 10);

function side(r: LoadResult) {
	return {
		p50: round(r.p50),
		p95: round(r.p95),
		p99: round(r.p99),
		delivered: r.delivered,
		expected: r.expected,
		lost: r.expected - r.delivered,
		sentPerS: Math.round(r.sentPerS),
		diverged: r.diverged,
		cpuMsPer1000: round(r.cpuMsPer1000),
		rssPeakMb: r.rssPeakMb,
		rssSyncedMb: r.rssStartMb,
		clientLagP99: round(r.clientLagP99)
	};
}

/** The machine's load average (1 min), printed next to the figures: the cores are shared. */
function load(): number {
	return Math.round(loadavg()[0]! * 100) / 100;
}

/** p99 the sweep holds to (ms): above it, the load is more than the server sustains. */
const SWEEP_P99_MS = 100;
/** Updates per second per client, step by step. */
const SWEEP_RATES = [2, 4, 6, 8, 10, 12, 16, 20, 25];

/**
 * `--sweep`: for each worker count, raises the load step by step (SWEEP_RATES updates/s per
 * client) until p99 passes SWEEP_P99_MS, an update is lost, or the generators cannot send 85 % of
 * the target any more (then the generator, not the server, is the limit, and the run says so).
 * The sustained throughput is the delivered rate of the last step that held.
 */
async function sweep(
	dir: string,
	dbPath: string,
	tokens: string[],
	opts: LoadOptions & { generators: number },
	workerCounts: number[]
): Promise<void> {
	const out: Array<{
		workers: number;
		sustained: number;
		limit: string;
		steps: Array<{ rate: number; sentPerS: number; deliveredPerS: number; p99: number | null; load: number }>;
	}> = [];
	for (const workers of workerCounts) {
		let sustained = 0;
		let limit = 'not reached';
		const steps = [];
		for (const rate of SWEEP_RATES) {
			const runDb = join(dir, `sweep-${workers}-${rate}.db`);
			copyFileSync(dbPath, runDb);
			const label = `cotrait (${workers} worker${workers > 1 ? 's' : ''}, ${rate} updates/s per client)`;
			const r = await runLoad(label, await spawnServer(import.meta.url, 'ours', { db: runDb, workers }), tokens, { ...opts, rate }, null);
			report(label, r);
			const deliveredPerS = r.delivered / (opts.clients - 1) / opts.durationS;
			steps.push({ rate, sentPerS: Math.round(r.sentPerS), deliveredPerS: Math.round(deliveredPerS), p99: round(r.p99), load: load() });
			if (r.sentPerS < 0.85 * opts.rooms * opts.clients * rate) {
				limit = `generators sent ${Math.round(r.sentPerS)} of ${opts.rooms * opts.clients * rate} updates/s`;
				break;
			}
			if (r.p99 >= SWEEP_P99_MS || r.expected > r.delivered) {
				limit = `p99 ${round(r.p99)} ms${r.expected > r.delivered ? `, ${r.expected - r.delivered} lost` : ''}`;
				break;
			}
			sustained = Math.round(deliveredPerS);
		}
		process.stdout.write(
			`cotrait (${workers} worker${workers > 1 ? 's' : ''}): sustained ${sustained} updates/s at p99 < ${SWEEP_P99_MS} ms; stopped by ${limit}\n`
		);
		out.push({ workers, sustained, limit, steps });
	}
	const first = out[0]!;
	process.stdout.write(
		JSON.stringify({
			bench: 'collab-sweep',
			configuration: `${opts.rooms} rooms × ${opts.clients} clients, load raised until p99 ≥ ${SWEEP_P99_MS} ms, ${opts.durationS} s per step, ${opts.generators} generator processes, ${cpus().length} cores`,
			runs: out,
			ratio: out.map((o) => ({
				workers: o.workers,
				vsFirst: first.sustained > 0 ? Math.round((o.sustained / first.sustained) * 100) / 100 : null
			}))
		}) + '\n'
	);
}

async function drive(): Promise<void> {
	const editors = arg('editors', 0);
	const profile2000 = editors === 2000;
	const opts = {
		rooms: arg('rooms', profile2000 ? 400 : 100),
		clients: arg('clients', 5),
		rate: arg('rate', profile2000 ? 1 : 5),
		durationS: arg('duration', 20),
		generators: arg('generators', 2)
	};
	const workerCounts = (argString('workers') ?? '1').split(',').map(Number);
	const withStock = !process.argv.includes('--no-stock');
	process.stdout.write(
		`bench:collab — ${opts.rooms} rooms × ${opts.clients} clients × ${opts.rate} updates/s for ${opts.durationS} s ` +
			`(${opts.rooms * opts.clients} editors, target ${opts.rooms * opts.clients * opts.rate} updates/s), ${opts.generators} generator processes; ` +
			`ours with sessions, room policy STUBBED (everyone writes); machine load ${load()} on ${cpus().length} cores\n`
	);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-bench-'));
	const dbPath = join(dir, 'bench.db');
	try {
		const ctx = await openContext(dbPath);
		const tokens = await benchUsers(ctx, opts.rooms * opts.clients);
		await ctx.close();

		if (process.argv.includes('--sweep')) {
			await sweep(dir, dbPath, tokens, opts, workerCounts);
			return;
		}

		const ours: Array<{ workers: number; result: LoadResult; load: number }> = [];
		for (const workers of workerCounts) {
			// Each run starts on an empty database: the previous run's rooms would be loaded, not created.
			const runDb = join(dir, `ours-${workers}.db`);
			copyFileSync(dbPath, runDb);
			const label = `cotrait (${workers} worker${workers > 1 ? 's' : ''})`;
			const result = await runLoad(label, await spawnServer(import.meta.url, 'ours', { db: runDb, workers }), tokens, opts, runDb);
			report(label, result);
			ours.push({ workers, result, load: load() });
		}

		let stock: LoadResult | null = null;
		let skipped: string | undefined;
		if (withStock) {
			const stockChild = await spawnServer(import.meta.url, 'stock', { db: dbPath });
			skipped = stockChild.skipped;
			if (skipped) {
				process.stdout.write(
					`stock @y/websocket-server@0.1.1: SKIPPED — cannot import ${STOCK_MODULE} (${skipped}). ` +
						'It is not a project dependency; install it next to the project to compare.\n'
				);
			} else {
				stock = await runLoad('stock', stockChild, tokens, opts, null);
				report('stock', stock);
			}
		}
		const first = ours[0]!.result;
		process.stdout.write(
			JSON.stringify({
				bench: 'collab',
				configuration: `${opts.rooms} rooms × ${opts.clients} clients × ${opts.rate} updates/s for ${opts.durationS} s; propagation latency (ms) between stock y-websocket clients; server CPU from /proc`,
				sessions: true,
				policy: 'stubbed',
				ours: ours.map((o) => ({
					name: `cotrait collab server (${o.workers} worker${o.workers > 1 ? 's' : ''}, SQLite, room policy stubbed)`,
					workers: o.workers,
					load: o.load,
					...side(o.result),
					storedMismatch: o.result.storedMismatch
				})),
				peer: stock
					? { name: '@y/websocket-server@0.1.1 in memory (no session, no policy, no storage)', load: load(), ...side(stock) }
					: { name: '@y/websocket-server@0.1.1', p99: null, error: skipped ?? 'not run' },
				ratio: stock
					? {
							p99: round(first.p99 / stock.p99),
							cpuPer1000: Math.round((first.cpuMsPer1000 / stock.cpuMsPer1000) * 100) / 100,
							rss: Math.round((first.rssPeakMb / stock.rssPeakMb) * 100) / 100
						}
					: null
			}) + '\n'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv.includes('--generate')) {
	await runGenerator();
} else if (!(await serveFromArgs())) {
	await drive();
	process.exit(0);
}
