import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * E2E tests run against the BUILT production entry (build/server.js), so /collab exists,
 * on a fresh SQLite file. Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own browser (on a developer's laptop after `npx playwright install`).
 */
// Several suites may run at once on one machine (developers, CI): each run gets its own port,
// database and output folder, fixed in the main process and inherited by the workers.
process.env.E2E_PORT ??= String(4100 + (process.pid % 800));
const port = Number(process.env.E2E_PORT);
const tmp = resolve('tests/.tmp');
const databasePath = resolve(tmp, `e2e-${port}.db`);
// Workers re-load this file with the main process's env: clean only once, in the main process.
if (!process.env.E2E_REUSE && !process.env.E2E_CLEANED) {
	process.env.E2E_CLEANED = '1';
	mkdirSync(tmp, { recursive: true });
	for (const f of ['', '-wal', '-shm']) rmSync(databasePath + f, { force: true });
	rmSync(resolve(tmp, `e2e-${port}-files`), { recursive: true, force: true });
}
process.env.E2E_DATABASE_PATH = databasePath;
process.env.E2E_BASE_URL = `http://localhost:${port}`;

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	outputDir: `test-results/run-${port}`,
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath,
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--disable-quic',
						'--no-first-run'
					]
				}
			}
		}
	],
	webServer: {
		command: 'node build/server.js',
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 5000 },
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_PATH: databasePath,
			DATA_DIR: resolve(tmp, `e2e-${port}-files`),
			LOG_LEVEL: 'warn',
			// Every test signs up and asks for resets from 127.0.0.1: the per-IP limits are raised
			// (the per-address limits, which tests check, keep their production values).
			SIGNUP_LIMIT_PER_IP: '10000',
			RESET_LIMIT_PER_IP: '10000'
		}
	}
});
