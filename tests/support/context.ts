/**
 * Test context on a real SQLite file (under the OS temp dir) with the real migrations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';

export interface TestContext extends AppContext {
	dir: string;
	/** Moves the clock used by the services (ms). */
	advance(ms: number): void;
	cleanup(): Promise<void>;
}

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-test-'));
	const config = loadConfig({ DATABASE_PATH: join(dir, 'test.db'), LOG_LEVEL: 'error', ...env });
	const ctx = await createContext(config);
	let offset = 0;
	const t = ctx as TestContext;
	t.dir = dir;
	t.now = () => Date.now() + offset;
	t.advance = (ms) => {
		offset += ms;
	};
	t.cleanup = async () => {
		await ctx.close();
		rmSync(dir, { recursive: true, force: true });
	};
	return t;
}
