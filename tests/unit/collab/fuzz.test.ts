/**
 * WebSocket fuzz run of the collaboration server (issue 8, « Hostile input »).
 *
 * Against the real server (port 0, real temporary SQLite file, real session cookie, production
 * upgrade routing), FUZZERS raw `ws` clients have at least FRAMES random and mutated frames
 * handled: valid y-websocket messages (sync step 1/2, updates from their own Y.Doc, awareness,
 * query awareness) damaged inside their payload or their envelope (bytes flipped, truncated,
 * varints extended past 53 bits, wrong message and sync types, huge declared lengths, slices
 * spliced or duplicated, garbage appended, two messages in one frame), state vectors and
 * awareness states that decode but lie, pure random bytes, and a few frames over the size limit.
 * Meanwhile stock y-websocket providers — the well-behaved clients — type stamped edits in the
 * same rooms. A malformed frame closes its connection (1008; 1009 when oversize); its fuzzer
 * reconnects, to a room it picks, and goes on. The fuzzers run in a worker thread
 * (fuzz-client.ts, bundled with esbuild), so the server keeps this thread to itself.
 *
 * Every frame is followed by a WebSocket ping: the server handles frames and pings in order and
 * stops answering pings once it has closed, so the pongs prove which frames were handled with
 * the connection kept and which one closed it; frames sent after it are sent again on the next
 * connection. Any other close (another code, a valid frame refused, a socket dropped) fails.
 *
 * Afterwards: the server is up (a fresh client per room syncs, edits, and the others get the
 * edit), the well-behaved clients of each room converge with the server's document, none of
 * their stamped edits is missing, and each room's stored state (reloaded from SQLite into a new
 * Y.Doc) equals their content.
 *
 * Forged Yjs updates (well encoded, lying about clients, clocks, lengths, parents, origins) are
 * off by default: Yjs trusts its peers, and a writer sending such updates can leave a room's
 * document in a state its own encoding no longer reproduces (replicas diverge, later valid
 * updates fail to apply). Turn them on with FUZZ_FORGED_UPDATES=1 to look at that limit.
 *
 * Seeded (mulberry32): each fuzzer's frame sequence depends only on the seed and its index.
 * Replay with FUZZ_SEED=<seed> (printed at the start and in every failure message); FUZZ_FRAMES,
 * FUZZ_CLIENTS and FUZZ_DEBUG=1 (progress, per-mutation outcomes, CPU) help when digging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance as nodePerformance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import * as Y from 'yjs';
import { loadRoomDoc } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import { WORKER_ROLE, type FuzzConfig, type Tally } from './fuzz-client';
import {
	browserHeaders,
	connectProvider,
	destroyAll,
	signedInUser,
	startServer,
	tempDir,
	testContext,
	textOf,
	waitFor,
	waitSynced,
	type TestServer
} from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workerBundle = join(root, 'tests/.tmp/collab-fuzz-client.mjs');

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261127;
/** Frames handled by the server in total (the issue asks for ≥ 10 000). */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 10_000);
const FUZZERS = Number(process.env.FUZZ_CLIENTS ?? 8);
const ROOMS = ['section/fuzz-a', 'section/fuzz-b', 'section/fuzz-c'];
const WRITERS_PER_ROOM = 2;
/** Kept small so that oversize frames are cheap to send (production: 2 MB, same code path). */
const MAX_PAYLOAD = 64 * 1024;
/** Also send forged (well-encoded, lying) Yjs updates: off by default, see the note above. */
const FORGED_UPDATES = process.env.FUZZ_FORGED_UPDATES === '1';

/** Runs the fuzzing clients (fuzz-client.ts, bundled) in a worker thread. */
function fuzzInWorker(config: FuzzConfig, onProgress?: (tally: Tally) => void): Promise<Tally> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(workerBundle, { workerData: { role: WORKER_ROLE, config } });
		worker.on('message', (m: { progress?: Tally; done?: Tally; error?: string }) => {
			if (m.progress) onProgress?.(m.progress);
			else if (m.done) resolve(m.done);
			else if (m.error) reject(new Error(`fuzzing clients failed: ${m.error}`));
			if (!m.progress) void worker.terminate();
		});
		worker.on('error', reject);
		worker.on('exit', (code) => reject(new Error(`fuzzing worker exited with ${code}`)));
	});
}

function contentOf(doc: Y.Doc): string {
	const map = doc.getMap('m').toJSON();
	return JSON.stringify({
		t: doc.getText('t').toString(),
		m: Object.keys(map)
			.sort()
			.map((k) => [k, map[k]])
	});
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
	return contentOf(a) === contentOf(b) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

describe('WebSocket fuzz run', () => {
	let ctx: AppContext;
	let server: TestServer;
	let token: string;
	let cleanup: () => void;

	beforeAll(async () => {
		mkdirSync(join(root, 'tests/.tmp'), { recursive: true });
		await build({
			entryPoints: [join(root, 'tests/unit/collab/fuzz-client.ts')],
			outfile: workerBundle,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			packages: 'external',
			logLevel: 'error'
		});
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'fuzz.db'));
		({ token } = await signedInUser(ctx));
		server = await startServer(ctx, {
			authorize: async () => 'write',
			maxPayload: MAX_PAYLOAD,
			// The fuzzers send far faster than a person types; the rate limit is tested elsewhere
			// (malformed.test.ts) and would otherwise hide which frame closed a connection.
			rateLimit: { burst: 1_000_000, perSecond: 1_000_000 },
			// Same for the per-person limits (limits.test.ts): every client here is one person.
			maxConnectionsPerUser: 1000,
			writeBudget: { connection: { burst: 1e12, perSecond: 1e12 }, user: { burst: 1e12, perSecond: 1e12 } },
			flushDelayMs: 50,
			compactEvery: 200
		});
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	it(
		`survives ${FRAMES} random and mutated frames from ${FUZZERS} clients; rooms stay intact (seed ${SEED})`,
		{ timeout: 120_000 },
		async () => {
			process.stdout.write(`collab fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
			const why = (what: string) => `${what} (FUZZ_SEED=${SEED})`;
			const started = performance.now();
			const cpu0 = process.cpuUsage();
			const elu0 = nodePerformance.eventLoopUtilization();

			// The well-behaved clients: stock providers typing stamped edits during the whole run.
			const writers = ROOMS.map((room) => Array.from({ length: WRITERS_PER_ROOM }, () => connectProvider(server, room, token)));
			await Promise.all(writers.flat().map((p) => waitSynced(p)));
			const stamps = new Map<string, string[]>(ROOMS.map((r) => [r, []]));
			let stampSeq = 0;
			const typing = setInterval(() => {
				writers.forEach((row, r) =>
					row.forEach((p, w) => {
						const stamp = `[${r}.${w}.${stampSeq}]`;
						const text = p.doc.getText('t');
						text.insert(text.length, stamp);
						stamps.get(ROOMS[r]!)!.push(stamp);
					})
				);
				stampSeq++;
			}, 100);

			const origin = `http://127.0.0.1:${server.port}`;
			const config: FuzzConfig = {
				url: `ws://127.0.0.1:${server.port}`,
				headers: browserHeaders(server, token, origin),
				seed: SEED,
				frames: FRAMES,
				fuzzers: FUZZERS,
				rooms: ROOMS,
				maxPayload: MAX_PAYLOAD,
				forgedUpdates: FORGED_UPDATES
			};
			const fuzzed = (t: Tally) => t.handled.mutated + t.handled.random + t.handled.oversize;
			let tally: Tally;
			try {
				tally = await fuzzInWorker(config, (t) => {
					if (process.env.FUZZ_DEBUG)
						process.stdout.write(
							`  … ${fuzzed(t)} fuzzed frames, ${t.connections} connections, ${Math.round(performance.now() - started)} ms\n`
						);
				});
			} finally {
				clearInterval(typing);
			}
			const fuzzMs = performance.now() - started;
			if (process.env.FUZZ_DEBUG) {
				for (const [op, [kept, closed]] of Object.entries(tally.ops).sort())
					process.stdout.write(`  ${op}: ${kept} kept, ${closed} closed\n`);
				const cpu = process.cpuUsage(cpu0);
				const elu = nodePerformance.eventLoopUtilization(elu0);
				process.stdout.write(
					`  process CPU (server, writers and fuzzing worker): user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms; server thread busy ${Math.round(elu.active)} ms (${Math.round(elu.utilization * 100)} %)\n`
				);
			}
			process.stdout.write(
				`collab fuzz: ${fuzzed(tally)} random and mutated frames (+ ${tally.handled.valid} valid) handled in ${Math.round(fuzzMs)} ms ` +
					`over ${tally.connections} connections ${JSON.stringify(tally.handled)}; ${tally.survived} kept their connection; ` +
					`closes ${JSON.stringify(tally.closes)}; ${stampSeq * ROOMS.length * WRITERS_PER_ROOM} stamped edits by the well-behaved clients\n`
			);
			expect(fuzzed(tally), why('random and mutated frames handled')).toBeGreaterThanOrEqual(FRAMES);
			expect(tally.unexpected, why('unexpected closes')).toEqual([]);
			expect(Object.keys(tally.closes).length, why('some frames closed their connection')).toBeGreaterThan(0);

			// The server is up: a fresh client per room syncs, edits, and the others get the edit.
			const fresh = ROOMS.map((room) => connectProvider(server, room, token));
			await Promise.all(fresh.map((p) => waitSynced(p)));
			fresh.forEach((p, r) => p.doc.getText('t').insert(0, `<fresh ${r}>`));

			for (const [r, room] of ROOMS.entries()) {
				const replicas = [...writers[r]!, fresh[r]!];
				const live = new Y.Doc();
				await waitFor(
					() => {
						const state = server.collab.liveState(room);
						if (!state) return false;
						Y.applyUpdate(live, state);
						return replicas.every((p) => p.synced && sameState(p.doc, live));
					},
					10_000,
					why(`convergence of ${room}`)
				);
				const text = textOf(writers[r]![0]!);
				expect(text, why(`fresh edit in ${room}`)).toContain(`<fresh ${r}>`);
				const missing = stamps.get(room)!.filter((s) => !text.includes(s));
				expect(missing, why(`stamped edits missing from ${room}`)).toEqual([]);
				live.destroy();
			}

			// Every room's stored state equals the clients' content once written.
			for (const [r, room] of ROOMS.entries()) {
				const reference = writers[r]![0]!.doc;
				await waitFor(
					async () => {
						const stored = await loadRoomDoc(ctx.db, room);
						const same = stored !== null && sameState(stored, reference);
						stored?.destroy();
						return same;
					},
					5000,
					why(`stored state of ${room}`)
				);
			}
			destroyAll(...writers.flat(), ...fresh);
			process.stdout.write(`collab fuzz: done in ${Math.round(performance.now() - started)} ms\n`);
		}
	);
});
