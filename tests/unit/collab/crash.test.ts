import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRoomDoc } from '../../../src/lib/server/collab/persistence';
import type { AppContext } from '../../../src/lib/server/context';
import {
	bundleForChild,
	connectProvider,
	destroyAll,
	signedInUser,
	tempDir,
	testContext,
	textOf,
	waitFor,
	waitSynced,
	type TestServer
} from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'tests/.tmp/collab-child-server.mjs');

interface Child {
	process: ChildProcess;
	/** Enough of a TestServer for connectProvider. */
	server: TestServer;
}

async function startChild(dbPath: string, flushMs: number, listenPort = 0): Promise<Child> {
	const child = spawn(process.execPath, [bundle], {
		env: { ...process.env, COLLAB_DB: dbPath, COLLAB_FLUSH_MS: String(flushMs), COLLAB_PORT: String(listenPort) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<number>((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /PORT (\d+)/.exec(out);
			if (match) resolve(Number(match[1]));
		});
		child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
	});
	const server = { port, origin: `http://localhost:${port}` } as TestServer;
	return { process: child, server };
}

async function storedText(ctx: AppContext, room: string): Promise<string> {
	return (await loadRoomDoc(ctx.db, room))?.getText('t').toString() ?? '';
}

describe('a server killed with SIGKILL', () => {
	let ctx: AppContext;
	let dbPath: string;
	let cleanup: () => void;
	const children: ChildProcess[] = [];

	beforeAll(async () => {
		await bundleForChild('tests/unit/collab/child-server.ts', bundle);
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		dbPath = join(tmp.dir, 'crash.db');
		ctx = await testContext(dbPath);
	});
	afterAll(async () => {
		for (const c of children) c.kill('SIGKILL');
		await ctx.close();
		cleanup();
	});

	it('loses no persisted update, and reconnecting clients re-sync what it had not written', async () => {
		const { token } = await signedInUser(ctx);
		const room = 'section/crash';
		// A long flush delay leaves a window in which applied updates exist only in memory.
		const first = await startChild(dbPath, 800);
		children.push(first.process);
		const a = connectProvider(first.server, room, token);
		const b = connectProvider(first.server, room, token);
		await Promise.all([waitSynced(a), waitSynced(b)]);

		a.doc.getText('t').insert(0, '[A1]');
		b.doc.getText('t').insert(0, '[B1]');
		await waitFor(
			async () => /\[A1\]/.test(await storedText(ctx, room)) && /\[B1\]/.test(await storedText(ctx, room)),
			5000,
			'first edits stored'
		);

		a.doc.getText('t').insert(0, '[A2]');
		b.doc.getText('t').insert(0, '[B2]');
		// Both edits went through the server (each client got the other's)…
		await waitFor(() => textOf(a).includes('[B2]') && textOf(b).includes('[A2]'), 3000, 'second edits relayed');
		// …then the process dies before writing them.
		first.process.kill('SIGKILL');
		await new Promise((r) => first.process.once('exit', r));
		const afterCrash = await storedText(ctx, room);
		expect(afterCrash).toContain('[A1]');
		expect(afterCrash).toContain('[B1]');
		expect(afterCrash).not.toContain('[A2]'); // the scenario: these were not written yet
		// Edits made while the server is down.
		a.doc.getText('t').insert(0, '[A3]');

		// The server comes back at the same address; the providers' automatic reconnection finds it.
		const second = await startChild(dbPath, 20, first.server.port);
		children.push(second.process);
		// A fresh client sees everything that had been written.
		const c = connectProvider(second.server, room, token);
		await waitSynced(c);
		expect(textOf(c)).toContain('[A1]');
		expect(textOf(c)).toContain('[B1]');

		// The clients that were connected reconnect and re-sync the rest.
		await waitFor(() => ['[A1]', '[B1]', '[A2]', '[B2]', '[A3]'].every((m) => textOf(c).includes(m)), 5000, 'every edit back');
		await waitFor(() => textOf(a) === textOf(c) && textOf(b) === textOf(c), 3000, 'replicas equal');
		await waitFor(async () => (await storedText(ctx, room)) === textOf(c), 3000, 'everything stored');
		destroyAll(a, b, c);
		second.process.kill('SIGTERM');
	});
});
