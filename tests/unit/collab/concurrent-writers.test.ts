/**
 * Several processes writing co-written rooms into the same SQLite file at once, as the
 * collaboration workers will (docs/CAPACITY.md, step 3): each its own connection (WAL,
 * busy_timeout), its own rooms, flushing every few milliseconds and compacting every 40 updates,
 * while this process reads. Every update of every room is stored, nothing is written twice, and no
 * writer had to report a failed write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRoomDoc, roomStorageSize } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import { bundleForChild, tempDir, testContext } from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'tests/.tmp/collab-writer-child.mjs');

function runWriter(dbPath: string, rooms: string[], updates: number): Promise<{ texts: Record<string, string>; stderr: string }> {
	const child = spawn(process.execPath, [bundle], {
		env: { ...process.env, WRITER_DB: dbPath, WRITER_ROOMS: rooms.join(','), WRITER_UPDATES: String(updates) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let stderr = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
	return new Promise((resolve, reject) =>
		child.once('exit', (code) =>
			code === 0
				? resolve({ texts: JSON.parse(out) as Record<string, string>, stderr })
				: reject(new Error(`writer exited ${code}: ${stderr}`))
		)
	);
}

describe('co-written rooms written by several processes at once', () => {
	let ctx: AppContext;
	let dbPath: string;
	let cleanup: () => void;

	beforeAll(async () => {
		await bundleForChild('tests/unit/collab/writer-child.ts', bundle);
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		dbPath = join(tmp.dir, 'writers.db');
		ctx = await testContext(dbPath);
	});
	afterAll(async () => {
		await ctx.close();
		cleanup();
	});

	it('stores every update of every room, each once, without a failed write', async () => {
		const groups = [0, 1, 2].map((w) => Array.from({ length: 4 }, (_, r) => `section/w${w}-r${r}`));
		// Reads from this process meanwhile, as the HTTP process reads stored sections.
		let reading = true;
		const reader = (async () => {
			while (reading) {
				for (const room of groups.flat()) (await loadRoomDoc(ctx.db, room))?.destroy();
				await new Promise((r) => setTimeout(r, 5));
			}
		})();
		const results = await Promise.all(groups.map((rooms) => runWriter(dbPath, rooms, 300)));
		reading = false;
		await reader;

		for (const { texts, stderr } of results) {
			expect(stderr).not.toMatch(/cannot (write|compact)/);
			for (const [room, text] of Object.entries(texts)) {
				const stored = await loadRoomDoc(ctx.db, room);
				const storedText = stored?.getText('t').toString();
				stored?.destroy();
				expect(storedText).toBe(text);
				// Each edit once: 300 distinct stamps, none repeated.
				expect(text.trim().split(' ')).toHaveLength(300);
				// Closed cleanly: the log was folded into the snapshot.
				expect((await roomStorageSize(ctx.db, room)).logLength).toBe(0);
			}
		}
	});
});
