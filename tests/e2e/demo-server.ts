/**
 * A second server for a spec file, on a temporary database seeded with the demo
 * (COTRAIT_DEMO=1): the people, the worked-example bid of DOMAIN.md and a submitted bid.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../support/server';

export const DEMO_PASSWORD = 'cotrait-demo-2026';

/** The tender references of the two demo bids: the worked example (draft) and the submitted one. */
export const DRAFT_DEMO = '2026-CCCSO-014';
export const SUBMITTED_DEMO = '2026-OTMV-007';

/** The demo bid answering the tender of `reference`. */
export function demoBid(db: Database.Database, reference: string = DRAFT_DEMO): { id: string; tender_id: string } {
	return db
		.prepare('select bids.id, bids.tender_id from bids join tenders on tenders.id = bids.tender_id where tenders.reference = ?')
		.get(reference) as { id: string; tender_id: string };
}

export interface DemoServer {
	url(path: string): string;
	db<T>(fn: (db: Database.Database) => T): T;
	signIn(browser: Browser, email: string): Promise<Page>;
}

/** Registers beforeAll/afterAll hooks in the calling spec and returns accessors. */
export function useDemoServer(): DemoServer {
	let server: RunningServer;
	let dir: string;
	test.beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'cotrait-e2e-demo-'));
		server = await startServer({ COTRAIT_DEMO: '1', DATABASE_PATH: join(dir, 'demo.db'), DATA_DIR: join(dir, 'files') });
	});
	test.afterAll(async () => {
		if (server) {
			server.child.kill('SIGTERM');
			await server.exited;
		}
		rmSync(dir, { recursive: true, force: true });
	});
	const api: DemoServer = {
		url: (path) => `${server.url}${path}`,
		db(fn) {
			const db = new Database(join(dir, 'demo.db'), { fileMustExist: true });
			db.pragma('busy_timeout = 5000');
			try {
				return fn(db);
			} finally {
				db.close();
			}
		},
		async signIn(browser, email) {
			const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
			const page = await context.newPage();
			await page.goto(api.url('/connexion'));
			await page.getByLabel('Adresse e-mail').fill(email);
			await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			await expect(page).not.toHaveURL(/\/connexion/);
			return page;
		}
	};
	return api;
}
