import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runServerToExit, startServer } from '../../support/server';

const dir = mkdtempSync(join(tmpdir(), 'cotrait-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('production entry', () => {
	it('serves /healthz and exits 0 within 5 s of SIGTERM, finishing in-flight writes', async () => {
		const dbPath = join(dir, 'sigterm.db');
		const server = await startServer({ DATABASE_PATH: dbPath });
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok' });

		// Several sign-ups in flight (argon2 makes each take a while), then SIGTERM.
		const signUps = Array.from({ length: 4 }, (_, i) =>
			fetch(`${server.url}/inscription`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
				body: new URLSearchParams({ name: `Personne ${i}`, email: `p${i}@sigterm.test`, password: 'une phrase de passe' })
			}).then((r) => r.status)
		);
		// Lets the requests reach the server; no negative check follows: a signal sent too early
		// only makes `acknowledged > 0` fail, it cannot make the test pass for nothing.
		await new Promise((r) => setTimeout(r, 30));
		const sentAt = Date.now();
		server.child.kill('SIGTERM');
		const statuses = await Promise.all(signUps.map((p) => p.catch(() => 0)));
		const exit = await server.exited;
		expect(exit.code).toBe(0);
		expect(exit.at - sentAt).toBeLessThan(5000);

		// Every acknowledged sign-up is in the database, which is intact.
		const db = new Database(dbPath);
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		const saved = (db.prepare("select count(*) n from users where email like '%@sigterm.test'").get() as { n: number }).n;
		db.close();
		const acknowledged = statuses.filter((s) => s === 303).length;
		expect(acknowledged).toBeGreaterThan(0);
		expect(saved).toBe(acknowledged);
	});

	it('refuses a bad PORT with a one-line message and a non-zero exit', async () => {
		const r = await runServerToExit({ PORT: 'quatre-vingts', DATABASE_PATH: join(dir, 'p.db') });
		expect(r.code).not.toBe(0);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain('PORT');
	});

	it('refuses an unwritable DATABASE_PATH with a one-line message and a non-zero exit', async () => {
		const file = join(dir, 'a-file');
		writeFileSync(file, 'not a folder');
		const r = await runServerToExit({ DATABASE_PATH: join(file, 'cotrait.db') });
		expect(r.code).not.toBe(0);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain('DATABASE_PATH');
	});
});
