import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrate, openDatabase } from '../../../src/lib/server/db/index';
import { migrations } from '../../../src/lib/server/db/migrations/index';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
	it('create the schema on an empty file and are idempotent on restart', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cotrait-mig-'));
		dirs.push(dir);
		const file = join(dir, 'fresh.db');

		const first = openDatabase(file);
		const applied = await migrate(first.db);
		expect(applied).toEqual(Object.keys(migrations).sort());
		const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(first.db);
		const names = tables.rows.map((r) => r.name);
		for (const t of ['users', 'sessions', 'organisations', 'memberships', 'outbox', 'activity']) expect(names).toContain(t);
		expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		await first.close();

		// A restart on the same file applies nothing and keeps the data.
		const second = openDatabase(file);
		expect(await migrate(second.db)).toEqual([]);
		const check = second.sqlite.pragma('integrity_check', { simple: true });
		expect(check).toBe('ok');
		await second.close();
	});

	it('migration names are date-prefixed and sorted', () => {
		const names = Object.keys(migrations);
		for (const n of names) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+$/);
		expect([...names].sort()).toEqual(names);
	});
});
