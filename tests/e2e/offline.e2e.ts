/**
 * Offline-first (issue 17, items 1–4), in a real Chromium against the built server with the
 * service worker registered: visited pages open offline with the « Hors ligne — affiché tel qu’au »
 * banner; a visited section opens offline, takes typing, keeps it across a browser restart
 * (persistent profile) and merges on reconnect; offline comments are posted in order, once; signing
 * out leaves nothing of the account on the device, and the next person sees nothing of it; forms
 * are held offline with their sentence and keep what was typed; a new version is offered, never
 * forced; the app is installable (Chromium's own check).
 */
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { screenshot, signOut, signUp, uniqueEmail, withDb } from './support';
import { coordinatorWithBid, editorStatus, editorText, openSection, partnerJoins, storedText } from './editor-fixtures';

const OFFLINE_STATUS = 'Hors ligne — vos modifications sont enregistrées sur cet appareil';
/** « Hors ligne — affiché tel qu’au 1 décembre 2026 à 08:15 » */
const BANNER = /^Hors ligne — affiché tel qu’au \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2}$/u;

function banner(page: Page) {
	return page.getByRole('status').filter({ hasText: /^Hors ligne — affiché/ });
}

/** The « En attente d’envoi » badges the person sees on queued comments. */
function pendingBadges(page: Page) {
	return page.getByText('En attente d’envoi').filter({ visible: true });
}

function twoSections(bidId: string): Array<{ id: string; title: string }> {
	return withDb((db) => db.prepare('select id, title from sections where bid_id = ? order by position limit 2').all(bidId)) as Array<{
		id: string;
		title: string;
	}>;
}

/** Waits until the service worker controls the page (it claims pages as soon as it is active). */
async function controlled(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** How many updates y-indexeddb holds for the section on this device. */
function localUpdates(page: Page, sectionId: string): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open(name);
				open.onerror = () => resolve(-1);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('updates')) return resolve(0);
					const count = db.transaction('updates').objectStore('updates').count();
					count.onsuccess = () => resolve(count.result);
					db.close();
				};
			}),
		`cotrait-section-${sectionId}`
	);
}

/** Everything of Cotrait's on this device: cache names and their URLs, IndexedDB names, localStorage keys. */
function deviceData(page: Page) {
	return page.evaluate(async () => {
		const cached: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) cached.push(`${name} ${request.url}`);
		}
		const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
		const storage = Object.keys(localStorage);
		return { caches: await caches.keys(), cached, databases, storage };
	});
}

test('visited pages and sections open offline, edits survive a browser restart and merge; sign-out leaves nothing for the next person', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-offline-'));
	const { launchOptions, baseURL, viewport } = testInfo.project.use;
	const launch = (offline: boolean): Promise<BrowserContext> =>
		chromium.launchPersistentContext(dir, { ...launchOptions, baseURL, viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris', offline });
	let context = await launch(false);
	try {
		let page = context.pages()[0] ?? (await context.newPage());
		const title = 'Maison France services de Bellac';
		const { bidId } = await coordinatorWithBid(page, title);
		const chloe = await partnerJoins(browser, page, bidId);
		const [first, second] = twoSections(bidId);
		if (!first || !second) throw new Error('the bid has two sections');
		const secondUrl = `/reponses/${bidId}/sections/${second.id}`;

		// Online: the dashboard and two sections, once the service worker is in charge.
		await page.goto('/tableau-de-bord');
		await controlled(page);
		// Chromium's own installability check (a persistent profile: incognito contexts never install).
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
		expect(installabilityErrors).toEqual([]);
		await cdp.detach();
		await openSection(page, bidId, first.id);
		await openSection(page, bidId, second.id);
		await page.goto('/tableau-de-bord');
		await expect(page.getByText(title).first()).toBeVisible();
		await expect(banner(page)).toHaveCount(0);

		// Offline: a reload shows the stored dashboard, with the time it was stored.
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByText(title).first()).toBeVisible();
		await expect(banner(page)).toHaveText(BANNER);
		await screenshot(page, 'offline-banner');

		// The second section opens from this device and takes typing.
		await page.goto(secondUrl);
		await expect(editorStatus(page)).toHaveText(OFFLINE_STATUS);
		await expect(banner(page)).toHaveText(BANNER);
		const before = await localUpdates(page, second.id);
		const editor = editorText(page);
		await editor.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.type('Accueil assuré en itinérance dans douze communes.');
		await expect(editor).toContainText('Accueil assuré en itinérance dans douze communes.');
		await expect.poll(() => localUpdates(page, second.id)).toBeGreaterThan(before);
		// Two comments written offline wait on this device, in order.
		for (const body of ['Premier commentaire hors ligne', 'Second commentaire hors ligne']) {
			await page.getByLabel('Votre commentaire', { exact: true }).fill(body);
			await page.getByRole('button', { name: 'Publier' }).click();
			await expect(page.getByText(body)).toBeVisible();
		}
		await expect(pendingBadges(page)).toHaveCount(2);

		// The browser is closed and started again, still offline.
		await context.close();
		context = await launch(true);
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto(secondUrl);
		await expect(editorStatus(page)).toHaveText(OFFLINE_STATUS);
		await expect(editorText(page)).toContainText('Accueil assuré en itinérance dans douze communes.');
		await expect(pendingBadges(page)).toHaveCount(2);
		expect(storedText(second.id)).not.toContain('itinérance');

		// Back online: merged on the server and in Chloé's browser; the comments posted in order, once.
		await context.setOffline(false);
		await expect(editorStatus(page)).toHaveText('En ligne');
		await expect.poll(() => storedText(second.id)).toContain('Accueil assuré en itinérance dans douze communes.');
		const chloeText = await openSection(chloe.page, bidId, second.id);
		await expect(chloeText).toContainText('Accueil assuré en itinérance dans douze communes.');
		await expect(pendingBadges(page)).toHaveCount(0);
		await expect
			.poll(() =>
				withDb((db) =>
					(
						db.prepare('select body from section_comments where section_id = ? order by created_at, rowid').all(second.id) as Array<{
							body: string;
						}>
					).map((c) => c.body)
				)
			)
			.toEqual(['Premier commentaire hors ligne', 'Second commentaire hors ligne']);
		await expect(banner(page)).toHaveCount(0);

		// Sign-out: no page, document, queue or mark of Anne's stays on the device.
		await page.goto('/tableau-de-bord');
		await signOut(page);
		const left = await deviceData(page);
		expect(left.caches.filter((n) => n.startsWith('cotrait-pages-'))).toEqual([]);
		expect(left.cached.filter((c) => !c.startsWith('cotrait-assets-'))).toEqual([]);
		expect(left.cached.filter((c) => c.includes(bidId))).toEqual([]);
		expect(left.databases.filter((n) => n.startsWith('cotrait-'))).toEqual([]);
		expect(left.storage.filter((k) => k.startsWith('cotrait:'))).toEqual([]);

		// Bruno signs in on this browser, then loses the network: nothing of Anne's opens.
		await signUp(page, 'Bruno Petit', uniqueEmail('bruno'));
		await page.goto('/tableau-de-bord');
		await controlled(page);
		await page.goto('/tableau-de-bord');
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByText(title)).toHaveCount(0);
		await page.goto(secondUrl);
		await expect(page.getByRole('heading', { level: 1, name: 'Hors ligne' })).toBeVisible();
		await expect(page.getByText('itinérance')).toHaveCount(0);
		await chloe.context.close();
	} finally {
		await context.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

test('offline, forms are held with their sentence and keep what was typed; sign-out warns about unsent edits', async ({
	page,
	context
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Ateliers numériques de Magnac-Laval');
	const [section] = twoSections(bidId);
	if (!section) throw new Error('the bid has a section');
	await page.goto('/tableau-de-bord');
	await controlled(page);

	// A form held offline: the sentence names its action, nothing is posted, the text stays.
	await page.goto(`/reponses/${bidId}/prestations`);
	const add = page.locator('[data-form="new"]');
	await context.setOffline(true);
	const form = add.locator('form');
	await expect(form).toHaveAttribute('data-offline-message', 'Connexion nécessaire pour ajouter la prestation');
	await add.getByLabel('Désignation').fill('Atelier « premiers pas » en médiathèque');
	await add.getByLabel('Quantité').fill('12');
	await add.getByLabel('Prix unitaire HT (€)').fill('350');
	await add.getByRole('checkbox', { name: /Anne Martin/ }).check();
	// The button says it is disabled (Playwright would wait for it): the person clicks anyway, then presses Enter.
	await expect(add.getByRole('button', { name: 'Ajouter la prestation' })).toBeDisabled();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click({ force: true });
	await add.getByLabel('Quantité').press('Enter');
	await expect(banner(page)).toHaveText(BANNER);
	await screenshot(page, 'offline-form');
	await expect(add.getByLabel('Désignation')).toHaveValue('Atelier « premiers pas » en médiathèque');
	expect(withDb((db) => db.prepare('select count(*) as n from deliverables where bid_id = ?').get(bidId)) as { n: number }).toEqual({
		n: 0
	});
	// Back online the same form posts what was typed.
	await context.setOffline(false);
	await expect(form).not.toHaveAttribute('data-offline-message');
	await expect(banner(page)).toHaveCount(0);
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('cell', { name: /premiers pas/ }).first()).toBeVisible();

	// Text typed offline and not yet sent: sign-out warns and lets the person stay.
	await openSection(page, bidId, section.id);
	await context.setOffline(true);
	await expect(editorStatus(page)).toHaveText(OFFLINE_STATUS);
	await editorText(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('Phrase pas encore envoyée.');
	await page.goto('/tableau-de-bord');
	await context.setOffline(false);
	await expect(banner(page)).toHaveCount(0);
	await page.locator('.account-toggle').click();
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	const warning = page.getByRole('dialog', { name: 'Modifications pas encore envoyées' });
	await expect(warning).toContainText('1 section modifiée');
	await screenshot(page, 'offline-signout-warning', { fullPage: false });
	await warning.getByRole('button', { name: 'Rester connecté·e' }).click();
	await expect(page).toHaveURL(/\/tableau-de-bord$/);
	// Opening the section sends it; then sign-out asks nothing.
	await openSection(page, bidId, section.id);
	await expect.poll(() => storedText(section.id)).toContain('Phrase pas encore envoyée.');

	await signOut(page);
	await expect(page.getByRole('dialog')).toHaveCount(0);
});

/** A free TCP port on this machine. */
function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Runs a copy of the build on `port` (its own SQLite file) until the returned function stops it. */
async function runBuild(buildDir: string, port: number, dataDir: string): Promise<() => Promise<void>> {
	const child = spawn(process.execPath, [join(buildDir, 'server.js')], {
		env: {
			PATH: process.env.PATH ?? '',
			HOST: '127.0.0.1',
			PORT: String(port),
			LOG_LEVEL: 'warn',
			DATABASE_PATH: join(dataDir, 'cotrait.db'),
			DATA_DIR: join(dataDir, 'files')
		},
		stdio: 'ignore'
	});
	const exited = new Promise((r) => child.on('exit', r));
	await expect
		.poll(
			() =>
				fetch(`http://localhost:${port}/healthz`).then(
					(r) => r.ok,
					() => false
				),
			{ timeout: 20_000 }
		)
		.toBe(true);
	return async () => {
		child.kill('SIGTERM');
		await exited;
	};
}

test('a new version is offered with « Nouvelle version — recharger » and takes over only on the click', async ({ browser }) => {
	// Two deployments on one origin: the current build, then the same build with a new version.
	// Inside the project, so that the copy finds node_modules as build/ does.
	mkdirSync('tests/.tmp', { recursive: true });
	const work = mkdtempSync(resolve('tests/.tmp/update-'));
	const next = join(work, 'build');
	cpSync('build', next, { recursive: true });
	const { version } = JSON.parse(readFileSync('build/client/_app/version.json', 'utf8')) as { version: string };
	const worker = join(next, 'client/service-worker.js');
	const script = readFileSync(worker, 'utf8').replaceAll(version, `${version}-2`);
	expect(script).toContain(`${version}-2`);
	writeFileSync(worker, script);
	writeFileSync(`${worker}.gz`, gzipSync(script));
	writeFileSync(`${worker}.br`, brotliCompressSync(script));

	const port = await freePort();
	const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
	let stop = await runBuild('build', port, work);
	try {
		const page = await context.newPage();
		await page.goto('/connexion');
		await controlled(page);
		const prompt = page.getByRole('button', { name: 'Nouvelle version — recharger' });
		await expect(prompt).toHaveCount(0);
		await page.getByLabel('Adresse e-mail').fill('quelquun@example.fr');

		// The new version is deployed: the page learns it on its next navigation, and asks.
		await stop();
		stop = await runBuild(next, port, work);
		await page.goto('/connexion');
		await page.getByLabel('Adresse e-mail').fill('anne@example.fr');
		await expect(prompt).toBeVisible();
		await screenshot(page, 'offline-update', { fullPage: false });
		// Nothing reloads by itself: what the person typed is still there.
		await expect(page.getByLabel('Adresse e-mail')).toHaveValue('anne@example.fr');
		const scriptBefore = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
		expect(scriptBefore).toBeTruthy();

		const reloaded = page.waitForEvent('load');
		await prompt.click();
		await reloaded;
		await expect(prompt).toHaveCount(0);
		await expect(page.getByLabel('Adresse e-mail')).toHaveValue('');
		// The new version is in charge and only its caches remain.
		await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(expect.arrayContaining([`cotrait-assets-${version}-2`]));
		expect(await page.evaluate(() => caches.keys())).not.toContain(`cotrait-assets-${version}`);
	} finally {
		await context.close();
		await stop();
		rmSync(work, { recursive: true, force: true });
	}
});

test('a session that ends without sign-out: the first answer from the server drops the stored pages', async ({ page, context }) => {
	const email = uniqueEmail('anne');
	await signUp(page, 'Anne Martin', email);
	await page.goto('/tableau-de-bord');
	await controlled(page);
	await page.goto('/profil');
	expect(await page.content()).toContain(email);
	const stored = () => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('cotrait-pages-')));
	await expect.poll(stored).toHaveLength(1);

	// The server no longer knows this browser's session (expired, ended elsewhere): the next page is anonymous.
	await context.clearCookies({ name: 'cotrait_session' });
	await page.goto('/tableau-de-bord');
	await expect(page).toHaveURL(/\/connexion/);
	await expect.poll(stored).toEqual([]);
	await context.setOffline(true);
	await page.goto('/profil');
	await expect(page.getByRole('heading', { level: 1, name: 'Hors ligne' })).toBeVisible();
	expect(await page.content()).not.toContain(email);
});
