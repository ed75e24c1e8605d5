import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../../../src/lib/server/db/index';

const dir = mkdtempSync(join(tmpdir(), 'cotrait-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
	return new Promise((res) => {
		const child = spawn(process.execPath, [resolve('scripts/backup.mjs'), ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('exit', (code) => res({ code, out, err }));
	});
}

describe('npm run backup', () => {
	it('copies the database consistently while it is being written, and the uploaded files', async () => {
		const dbPath = join(dir, 'live.db');
		const live = openDatabase(dbPath);
		await migrate(live.db);
		const files = join(dir, 'files', 'uploads');
		mkdirSync(files, { recursive: true });
		writeFileSync(join(files, 'abc'), '%PDF-1.4 pièce');
		// A writer keeps inserting during the backup.
		let writing = true;
		let written = 0;
		const writer = (async () => {
			while (writing) {
				await live.db
					.insertInto('outbox')
					.values({ to_address: 'a@b.fr', subject: `n${written}`, body: 'x'.repeat(2000), created_at: Date.now(), sent_at: null })
					.execute();
				written++;
				await new Promise((r) => setTimeout(r, 1));
			}
		})();
		// The backup starts once rows are being written (a barrier, not a fixed sleep).
		while (written < 5) await new Promise((r) => setTimeout(r, 1));
		const target = join(dir, 'backups', 'copy.db');
		const r = await run([target], { DATABASE_PATH: dbPath, DATA_DIR: join(dir, 'files') });
		writing = false;
		await writer;
		await live.close();
		expect(r.code, r.err).toBe(0);
		expect(r.out).toContain('integrity ok');
		const copy = new Database(target, { readonly: true });
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
		const n = (copy.prepare('select count(*) n from outbox').get() as { n: number }).n;
		copy.close();
		expect(n).toBeGreaterThan(0);
		expect(n).toBeLessThanOrEqual(written);
		expect(readFileSync(join(`${target}.files`, 'uploads', 'abc'), 'utf8')).toBe('%PDF-1.4 pièce');
	});

	it('refuses to overwrite an existing file and explains its usage', async () => {
		const existing = join(dir, 'exists.db');
		writeFileSync(existing, 'x');
		const r = await run([existing], { DATABASE_PATH: join(dir, 'live.db') });
		expect(r.code).not.toBe(0);
		expect(r.err).toContain('already exists');
		const usage = await run([], {});
		expect(usage.code).toBe(2);
		expect(usage.err).toContain('usage');
		expect(existsSync(existing)).toBe(true);
	});
});
