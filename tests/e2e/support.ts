/** Shared helpers for the end-to-end tests (real server, real Chromium, real SQLite file). */
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { makeSiret } from '../support/siret';

export const PASSWORD = 'une phrase de passe solide';

let n = 0;
/** A unique e-mail address per call and per run. */
export function uniqueEmail(prefix: string): string {
	n++;
	return `${prefix}-${Date.now().toString(36)}-${n}@e2e.test`;
}

/** Reads the database the server under test writes (read-only). */
export function withDb<T>(fn: (db: Database.Database) => T): T {
	const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true, fileMustExist: true });
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

/** The newest e-mail sent to `to`, from the outbox. */
export function lastMail(to: string): { subject: string; body: string } {
	const row = withDb((db) => db.prepare('select subject, body from outbox where to_address = ? order by id desc limit 1').get(to)) as
		{ subject: string; body: string } | undefined;
	if (!row) throw new Error(`no e-mail to ${to}`);
	return row;
}

/** The first link in an e-mail body, as a path on the server under test. */
export function linkIn(body: string): string {
	const m = /https?:\/\/[^\s]+/.exec(body);
	if (!m) throw new Error('no link in e-mail');
	const url = new URL(m[0]);
	return url.pathname + url.search;
}

export async function signUp(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
	await page.goto('/inscription');
	await page.getByLabel('Nom').fill(name);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page).toHaveURL(/\/organisation$/);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/connexion/);
}

export async function signOut(page: Page): Promise<void> {
	// On a phone the menu holds it; on a wide screen the account menu under the person's name.
	const toggle = page.getByRole('button', { name: 'Menu' });
	if (await toggle.isVisible()) await toggle.click();
	const account = page.locator('.account-toggle');
	if (await account.isVisible()) await account.click();
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/connexion/);
}

/** A valid SIRET (Luhn) derived from a number. */
export function siret(seed: number): string {
	return makeSiret(seed, 200000000);
}

export async function createOrganisation(page: Page, name: string, rate = '11'): Promise<void> {
	await page.goto('/organisation');
	await page.getByLabel("Nom de l'organisation").fill(name);
	await page.getByLabel('SIRET').fill(siret(Date.now() + n++));
	await page.getByLabel('Taux de contribution coopérative (%)').fill(rate);
	await page.getByRole('button', { name: "Créer l'organisation" }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Page routes of the signed-in area, from the route tree, with sample values for parameters. */
export function appRoutes(sample: Record<string, string> = {}): string[] {
	const root = join(process.cwd(), 'src', 'routes', '(app)');
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (name === '+page.svelte' || name === '+page.server.ts') {
				const rel = relative(root, dir)
					.split(sep)
					.filter((s) => !/^\(.*\)$/.test(s));
				const path = '/' + rel.map((s) => s.replace(/^\[(\w+)\]$/, (_, k: string) => sample[k] ?? 'inconnu')).join('/');
				if (!out.includes(path)) out.push(path);
			}
		}
	};
	walk(root);
	return out.sort();
}

/** Desktop and phone screenshots of the page (the whole page, or only the viewport when it is huge). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
	for (const [label, width] of [
		['desktop', 1280],
		['phone', 390]
	] as const) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
		await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: options.fullPage ?? true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}
