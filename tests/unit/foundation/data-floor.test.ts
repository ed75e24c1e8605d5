/**
 * Holds the data floor (docs/ARCHITECTURE.md, « Floors »; issue 13) on the real sources:
 * - no Kysely query outside the repositories: under src/lib/server and src/routes, only
 *   `*.repository.ts`, the migrations and collab/persistence.ts (the Yjs update log, written in
 *   its own batched transactions) call `.selectFrom(`, `.insertInto(`, `.updateTable(`,
 *   `.deleteFrom(` or write raw `sql`;
 * - no file there over 300 lines, so a use case, a page or a repository stays readable whole.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve('.');
const MAX_LINES = 300;

function files(dir: string, pattern: RegExp, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) files(path, pattern, out);
		else if (pattern.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path).split('\\').join('/'));
	}
	return out;
}

const scanned = (pattern: RegExp) => [...files(join(root, 'src/lib/server'), pattern), ...files(join(root, 'src/routes'), pattern)];
const isMigration = (f: string) => f.startsWith('src/lib/server/db/migrations/');

/** The code of a file without its comments (a comment may name a query). */
function code(file: string): string {
	return readFileSync(join(root, file), 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/^\s*\/\/.*$/gm, '');
}

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^`;]*>)?`|\bsql\.(raw|ref|lit|id|table|join|val)\(/;

describe('data floor', () => {
	it('finds the sources it checks', () => {
		const ts = scanned(/\.ts$/);
		expect(ts).toContain('src/lib/server/bids/bids.repository.ts');
		expect(ts.some((f) => f.startsWith('src/routes/'))).toBe(true);
	});

	it('runs Kysely queries only in repositories, migrations and the collab update log', () => {
		const allowed = (f: string) => f.endsWith('.repository.ts') || isMigration(f) || f === 'src/lib/server/collab/persistence.ts';
		const offenders = scanned(/\.ts$/).filter((f) => !allowed(f) && QUERY.test(code(f)));
		expect(offenders).toEqual([]);
	});

	it('has no file over 300 lines', () => {
		// db/schema.ts is the typed picture of every table (one interface per table, read as a
		// whole when writing a migration); it is the one file left longer on purpose.
		const exempt = (f: string) => isMigration(f) || f === 'src/lib/server/db/schema.ts';
		const long = scanned(/\.(ts|svelte)$/)
			.filter((f) => !exempt(f))
			.map((f) => ({ file: f, lines: readFileSync(join(root, f), 'utf8').split('\n').length - 1 }))
			.filter((f) => f.lines > MAX_LINES);
		expect(long).toEqual([]);
	});

	it('catches a query written outside a repository', () => {
		expect(QUERY.test("await trx.selectFrom('bids').select('id')")).toBe(true);
		expect(QUERY.test('await sql`select 1`.execute(db)')).toBe(true);
		expect(QUERY.test('sql<number>`count(*)`')).toBe(true);
		expect(QUERY.test('const selectFromList = 1;')).toBe(false);
	});
});
