/**
 * The répartition page on the demo data (DOMAIN.md worked example). The server under test of
 * playwright.config.ts starts without the demo seed, so this file starts its own server with
 * COTRAIT_DEMO=1 on a temporary database.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatEuros } from '../../src/lib/domain/money';
import { startServer, type RunningServer } from '../support/server';
import { PASSWORD, screenshot, uniqueEmail } from './support';
import { demoBid } from './demo-server';

const DEMO_PASSWORD = 'cotrait-demo-2026';
let server: RunningServer;
let dir: string;
let dbPath: string;
let bidId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cotrait-e2e-split-'));
	dbPath = join(dir, 'demo.db');
	server = await startServer({ COTRAIT_DEMO: '1', DATABASE_PATH: dbPath, DATA_DIR: join(dir, 'files') });
	bidId = sqlite((db) => demoBid(db).id);
});

test.afterAll(async () => {
	if (server) {
		server.child.kill('SIGTERM');
		await server.exited;
	}
	rmSync(dir, { recursive: true, force: true });
});

function sqlite<T>(fn: (db: Database.Database) => T): T {
	const db = new Database(dbPath, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

const url = (path: string) => `${server.url}${path}`;
const repartition = () => url(`/reponses/${bidId}/repartition`);

async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto(url('/connexion'));
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/connexion/);
}

async function asUser(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await signInAs(page, email);
	return page;
}

function personRow(page: Page, name: string) {
	return page.getByRole('table', { name: 'Répartition par personne' }).getByRole('row', { name: new RegExp(name) });
}

test('the répartition page shows the DOMAIN.md figures of the demo bid', async ({ browser }) => {
	const page = await asUser(browser, 'anne@demo.test');
	await page.goto(repartition());
	await expect(page.getByRole('heading', { level: 2, name: 'Répartition' })).toBeVisible();

	await expect(personRow(page, 'Anne Martin')).toContainText(formatEuros(964_241));
	await expect(personRow(page, 'Anne Martin')).toContainText(formatEuros(90_263));
	await expect(personRow(page, 'Bruno Petit')).toContainText(formatEuros(593_116));
	await expect(personRow(page, 'Bruno Petit')).toContainText(formatEuros(27_768));
	await expect(personRow(page, 'Chloé Bernard')).toContainText(formatEuros(1_364_901));
	await expect(personRow(page, 'Chloé Bernard')).toContainText(formatEuros(134_990));

	const lots = page.getByRole('table', { name: 'Montant par lot et membre du groupement' });
	await expect(lots.getByRole('rowheader')).toHaveCount(4);
	const expected = [
		['Lot 1', 'CAE GAMMA', 1_214_013],
		['Lot 1', 'CAE DELTA', 52_487],
		['Lot 2', 'CAE GAMMA', 473_332],
		['Lot 2', 'CAE DELTA', 1_509_899]
	] as const;
	for (const [lot, org, cents] of expected) {
		const row = lots
			.getByRole('row')
			.filter({ hasText: lot })
			.filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${org}`) }) });
		await expect(row.getByRole('cell').last()).toHaveText(formatEuros(cents));
	}

	// Fee invoice between the CAEs: 624,95 € HT, 124,99 € VAT, 749,94 € TTC.
	const invoices = page.getByRole('table', { name: 'Factures de frais de coordination' });
	await expect(invoices.getByRole('row', { name: /CAE GAMMA facture 624,95\s€ HT à CAE DELTA/ })).toContainText(formatEuros(74_994));

	const acceptances = page.getByRole('region', { name: /Acceptations/ });
	await expect(acceptances.getByRole('listitem').filter({ hasText: 'Bruno Petit' })).toContainText('a accepté le');
	await expect(acceptances.getByRole('listitem').filter({ hasText: 'Chloé Bernard' })).toContainText('pas encore accepté');
	await screenshot(page, 'repartition');
	await page.context().close();
});

test('bad input on the fee form gives French errors and saves nothing', async ({ browser }) => {
	const page = await asUser(browser, 'anne@demo.test');
	await page.goto(repartition());
	const fee = page.getByLabel('Frais de coordination (%)');
	await expect(fee).toHaveValue('4');

	await fee.fill('150');
	await page.getByRole('button', { name: 'Enregistrer le taux' }).click();
	await expect(page.getByText('Frais de coordination : le taux doit être compris entre 0 et 100 %.')).toBeVisible();
	await expect(fee).toHaveAttribute('aria-invalid', 'true');
	await expect(fee).toHaveValue('150');

	await fee.fill('abc');
	await page.getByRole('button', { name: 'Enregistrer le taux' }).click();
	await expect(page.getByText('Frais de coordination : indiquez un pourcentage, par exemple 4 ou 4,5.')).toBeVisible();
	await screenshot(page, 'repartition-fee-error');

	const stored = sqlite((db) => db.prepare('select fee_rate_bp as bp from bids where id = ?').get(bidId) as { bp: number });
	expect(stored.bp).toBe(400);
	// Bruno's acceptance is untouched.
	expect(sqlite((db) => db.prepare('select count(*) as n from split_acceptances where bid_id = ?').get(bidId) as { n: number }).n).toBe(1);

	// Members other than the coordinator see the rate, not the form.
	const bruno = await asUser(browser, 'bruno@demo.test');
	await bruno.goto(repartition());
	await expect(bruno.getByText('Frais de coordination', { exact: true })).toBeVisible();
	await expect(bruno.getByLabel('Frais de coordination (%)')).toHaveCount(0);
	await bruno.context().close();
	await page.context().close();
});

test('Chloé accepts; Anne changes a unit price; Chloé’s acceptance is withdrawn and she sees why', async ({ browser }) => {
	const chloe = await asUser(browser, 'chloe@demo.test');
	await chloe.goto(repartition());
	const mine = chloe.getByRole('region', { name: 'Votre part' });
	await expect(mine.getByRole('listitem').filter({ hasText: 'Site web accessible' })).toContainText(formatEuros(1_249_900));
	await expect(mine.locator('.net dd')).toHaveText(formatEuros(1_364_901));
	await chloe.getByRole('button', { name: "J'accepte cette répartition" }).click();
	await expect(mine.getByText(/Vous avez accepté cette répartition le/)).toBeVisible();
	await expect(
		chloe
			.getByRole('region', { name: /Acceptations/ })
			.getByRole('listitem')
			.filter({ hasText: 'Chloé Bernard' })
	).toContainText('a accepté le');

	const anne = await asUser(browser, 'anne@demo.test');
	await anne.goto(repartition());
	await expect(anne.getByRole('heading', { name: /Acceptations/ })).toContainText('(2 / 3)');
	await anne.goto(url(`/reponses/${bidId}/prestations`));
	await anne.getByRole('link', { name: 'Modifier « Site web accessible »' }).click();
	const edit = anne.locator('#modifier');
	await edit.getByLabel(/Prix unitaire/).fill('12 600,00');
	await edit.getByRole('button', { name: 'Enregistrer la prestation' }).click();
	await expect(anne.locator('#modifier')).toHaveCount(0);

	await chloe.reload();
	const alert = chloe.getByRole('region', { name: 'Votre part' }).getByRole('status');
	await expect(alert).toContainText('Votre acceptation a été retirée');
	await expect(alert).toContainText('prestation « Site web accessible » modifiée (par Anne Martin)');
	await expect(chloe.getByRole('button', { name: "J'accepte cette répartition" })).toBeVisible();
	await expect(personRow(chloe, 'Chloé Bernard')).toContainText(formatEuros(1_260_000 + 52_487 + 166_667 + 93_332));
	await expect(chloe.getByRole('region', { name: /Acceptations/ }).getByRole('heading')).toContainText('(0 / 3)');
	await screenshot(chloe, 'repartition-withdrawn');

	// She is told in the app too.
	await chloe.goto(url('/tableau-de-bord'));
	await expect(chloe.getByText(/La répartition a changé \(prestation « Site web accessible » modifiée\)/)).toBeVisible();
	await chloe.context().close();
	await anne.context().close();
});

test('exports: CSV for French Excel and JSON for members, 404 for anyone else', async ({ browser }) => {
	const dora = await asUser(browser, 'dora@demo.test');
	const csv = await dora.request.get(repartition() + '/export.csv');
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(csv.headers()['content-disposition']).toContain('repartition-2026-CCCSO-014.csv');
	const body = await csv.body();
	expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = body.toString('utf8');
	expect(text).toContain('\r\nBruno Petit;CAE GAMMA;non;6941,91;277,68;0,00;6664,23;11,00;733,07;5931,16\r\n');
	const json = await dora.request.get(repartition() + '/export.json');
	expect(((await json.json()) as { totals: { grossCents: number } }).totals.grossCents).toBe(3_249_731 + 10_100);
	await dora.context().close();

	const context = await browser.newContext();
	const stranger = await context.newPage();
	await stranger.goto(url('/inscription'));
	await stranger.getByLabel('Nom').fill('Personne Extérieure');
	await stranger.getByLabel('Adresse e-mail').fill(uniqueEmail('exterieure'));
	await stranger.getByLabel('Mot de passe').fill(PASSWORD);
	await stranger.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(stranger).toHaveURL(/\/organisation$/);
	for (const path of ['/export.csv', '/export.json', '/paiements.csv', '/paiements.json', '']) {
		expect((await stranger.request.get(repartition() + path, { maxRedirects: 0 })).status(), path).toBe(404);
	}
	await context.close();
});

test('after the award: tracking, payments refused with the figure, payment shared', async ({ browser }) => {
	// Submission belongs to another feature: move the demo bid to « déposée » directly (frozen,
	// and its deposit on the buyer's platform recorded).
	sqlite((db) => {
		db.prepare("update bids set status = 'submitted', submitted_at = ? where id = ?").run(Date.now(), bidId);
		const anneId = (db.prepare("select id from users where email = 'anne@demo.test'").get() as { id: string }).id;
		db.prepare(
			"insert into submissions (id, bid_id, submitted_by, submitted_at, paris_time, snapshot, deposited_at, deposit_recorded_by) values (?, ?, ?, ?, '', '{}', ?, ?)"
		).run(`sub-${bidId}`, bidId, anneId, Date.now(), Date.now(), anneId);
	});
	const anne = await asUser(browser, 'anne@demo.test');
	anne.on('dialog', (d) => void d.accept());
	// The buyer's decision is recorded from the bid's overview.
	await anne.goto(url(`/reponses/${bidId}`));
	await anne.getByRole('button', { name: 'Marquer attribuée' }).click();
	await expect(anne.getByText('Attribuée', { exact: true })).toBeVisible();
	await anne.goto(repartition());
	await expect(anne.getByText(/^Réponse attribuée/)).toBeVisible();

	const tracking = anne.getByRole('table', { name: 'Suivi des prestations' });
	await tracking.getByRole('combobox', { name: 'Statut de « Ateliers collectifs »' }).selectOption('delivered');
	await tracking.getByRole('button', { name: 'Enregistrer le suivi de « Ateliers collectifs »' }).click();
	await expect(anne.getByRole('table', { name: 'Livré par membre du groupement' }).getByRole('row', { name: /CAE GAMMA/ })).toContainText(
		formatEuros(774_000)
	);

	await anne.getByLabel('Lot et membre qui l’a reçu').selectOption({ label: `Lot 1 — CAE GAMMA (reste ${formatEuros(1_214_013)})` });
	await anne.getByLabel('Montant reçu HT (€)').fill('12 140,14');
	await anne.getByRole('button', { name: 'Enregistrer le paiement' }).click();
	await expect(anne.getByText(`Montant : il reste ${formatEuros(1_214_013)} à recevoir pour CAE GAMMA sur le lot 1.`)).toBeVisible();
	await anne.getByLabel('Montant reçu HT (€)').fill('-5');
	await anne.getByRole('button', { name: 'Enregistrer le paiement' }).click();
	await expect(anne.getByText('Montant : un paiement ne peut pas être négatif.')).toBeVisible();
	expect(sqlite((db) => db.prepare('select count(*) as n from payments').get() as { n: number }).n).toBe(0);

	await anne.getByLabel('Montant reçu HT (€)').fill('5 000');
	await anne.getByRole('button', { name: 'Enregistrer le paiement' }).click();
	const ledger = anne.getByRole('table', { name: 'Journal des paiements' });
	await expect(ledger.getByRole('row')).toHaveCount(2);
	await expect(anne.getByLabel('Montant reçu HT (€)')).toHaveValue('');
	await expect(anne.getByLabel('Reçu le')).not.toHaveValue('');
	await expect(ledger).toContainText(`Anne Martin : ${formatEuros(340_395)}`.replace(/\s+/g, ' '));
	await expect(ledger).toContainText(`Bruno Petit : ${formatEuros(159_605)}`.replace(/\s+/g, ' '));
	const people = anne.getByRole('table', { name: 'Reçu par personne' });
	await expect(people.getByRole('row', { name: /Bruno Petit/ })).toContainText(formatEuros(694_191 - 159_605));
	await screenshot(anne, 'repartition-won');

	const csv = await anne.request.get(repartition() + '/paiements.csv');
	expect((await csv.body()).toString('utf8')).toContain(';1;CAE GAMMA;5000,00;Anne Martin\r\n');
	await anne.context().close();
});
