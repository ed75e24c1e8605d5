/**
 * Trust in the everyday journeys (issue 12): text typed before the page's JavaScript has loaded
 * survives hydration on the main forms (scripts delayed 3 s, as on a slow rural link); the bid's
 * pages fit a phone (compact header, a cue on the scrolling tabs, the editor in view); counts
 * agree in number (« 1 page »).
 */
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, createOrganisation, screenshot, signUp, uniqueEmail } from './support';
import { addLot, createBid, parisLocalInDays, setUpBid, type LotFields } from './fixtures';
import { firstSection } from './editor-fixtures';

// These journeys reproduce a first visit on a slow link, scripts held back with page.route. Once the
// service worker (issue 17) holds the scripts, as on any later visit, they come from the device,
// out of page.route's reach, and hydration no longer waits: the worker is kept out of this file.
test.use({ serviceWorkers: 'block' });

/** Holds back every script of the app (not the HTML, not the CSS) for `ms`. */
async function delayScripts(page: Page, ms = 3000): Promise<void> {
	await page.route('**/_app/immutable/**', async (route) => {
		if (route.request().url().endsWith('.js')) await new Promise((r) => setTimeout(r, ms));
		await route.continue();
	});
}

/** The root layout marks the document once the page is hydrated (and typed text put back). */
async function waitForHydration(page: Page): Promise<void> {
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 20_000 });
}

async function expectNotHydratedYet(page: Page): Promise<void> {
	expect(await page.locator('html[data-hydrated]').count(), 'the scripts were meant to be still loading').toBe(0);
}

test('sign-up: what was typed before the scripts loaded stays, and the account is created', async ({ page }) => {
	await delayScripts(page);
	const email = uniqueEmail('lente');
	await page.goto('/inscription', { waitUntil: 'commit' });
	await page.getByLabel('Nom').fill('Lucie Rivière');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await expectNotHydratedYet(page);

	await waitForHydration(page);
	await expect(page.getByLabel('Nom')).toHaveValue('Lucie Rivière');
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
	await expect(page.getByLabel('Mot de passe')).toHaveValue(PASSWORD);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page).toHaveURL(/\/organisation$/);
});

test('tender creation: fields, the procedure picked and the deadline typed before hydration stay, and the tender is created', async ({
	page
}) => {
	await signUp(page, 'Marc Dupuis', uniqueEmail('marc'));
	await createOrganisation(page, `CAE LENTE ${Date.now().toString(36)}`);
	await delayScripts(page);
	await page.goto('/appels-d-offres/nouveau', { waitUntil: 'commit' });
	await page.getByLabel('Acheteur').fill('Commune de Felletin');
	await page.getByLabel('Référence').fill('2026-FEL-03');
	await page.getByLabel('Procédure').selectOption({ index: 1 });
	const procedure = await page.getByLabel('Procédure').inputValue();
	await page.getByLabel('Intitulé', { exact: true }).fill('Entretien des sentiers');
	await page.getByLabel('Montant estimé HT (€)').fill('8 500');
	const dlro = parisLocalInDays(15);
	await page.getByLabel('Date limite de remise des offres').fill(dlro);
	await expectNotHydratedYet(page);

	await waitForHydration(page);
	await expect(page.getByLabel('Acheteur')).toHaveValue('Commune de Felletin');
	await expect(page.getByLabel('Référence')).toHaveValue('2026-FEL-03');
	await expect(page.getByLabel('Procédure')).toHaveValue(procedure);
	await expect(page.getByLabel('Intitulé', { exact: true })).toHaveValue('Entretien des sentiers');
	await expect(page.getByLabel('Montant estimé HT (€)')).toHaveValue('8 500');
	await expect(page.getByLabel('Date limite de remise des offres')).toHaveValue(dlro);
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Entretien des sentiers' })).toBeVisible();
});

test('price line: typed and ticked before hydration, kept, previewed, then added', async ({ page, browser }) => {
	const s = await setUpBid(page, browser);
	await delayScripts(page);
	await page.goto(`/reponses/${s.bidId}/prestations`, { waitUntil: 'commit' });
	const add = page.locator('#ajouter');
	await add.getByLabel('Désignation').fill('Animation des ateliers');
	await add.getByLabel('Quantité').fill('3');
	await add.getByLabel('Prix unitaire HT (€)').fill('450');
	await add.getByRole('checkbox', { name: /Anne Martin/ }).check();
	await expectNotHydratedYet(page);

	await waitForHydration(page);
	await expect(add.getByLabel('Désignation')).toHaveValue('Animation des ateliers');
	await expect(add.getByLabel('Quantité')).toHaveValue('3');
	await expect(add.getByLabel('Prix unitaire HT (€)')).toHaveValue('450');
	await expect(add.getByRole('checkbox', { name: /Anne Martin/ })).toBeChecked();
	// The form's own handlers heard the restored values: the live preview shows the amount.
	await expect(add.getByText(/^Montant HT : 1\s350,00\s€/)).toBeVisible();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('status').getByText('Prestation « Animation des ateliers » ajoutée.')).toBeVisible();
});

test('counts agree in number: a lot limited to one page says « 1 page »', async ({ page }) => {
	const lot: LotFields = { number: 1, title: 'Diagnostic', pageLimit: '1', criteria: [['Valeur technique', '100']] };
	await signUp(page, 'Paul Girard', uniqueEmail('paul'));
	await createOrganisation(page, `CAE UNE ${Date.now().toString(36)}`);
	await page.goto('/appels-d-offres/nouveau');
	await page.getByLabel('Acheteur').fill('Commune de Bourganeuf');
	await page.getByLabel('Référence').fill('2026-BGF-01');
	await page.getByLabel('Intitulé', { exact: true }).fill('Diagnostic de la voirie');
	await page.getByLabel('Date limite de remise des offres').fill(parisLocalInDays(20));
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await addLot(page, lot);
	const bidId = await createBid(page, [lot]);
	await page.goto(`/reponses/${bidId}/sections`);
	await expect(page.getByText('Limite du lot : 1 page.')).toBeVisible();
});

/** Where the bid header ends and how the tab bar overflows, on the page the browser is on. */
async function headerAndTabs(page: Page) {
	return page.evaluate(() => {
		const header = document.querySelector('header.bid-header')!.getBoundingClientRect();
		const tabs = document.querySelector<HTMLElement>('nav.tabs')!;
		return { height: header.height, bottom: header.bottom, overflows: tabs.scrollWidth > tabs.clientWidth, scrollLeft: tabs.scrollLeft };
	});
}

test('phone (390 × 844): compact bid header, a cue on the scrolling tabs, the editor in view without scrolling', async ({
	page,
	browser
}) => {
	// A long title, as buyers write them: the header must stay compact anyway.
	const s = await setUpBid(page, browser, { title: 'Accompagnement numérique des très petites entreprises du Haut-Limousin' });
	const section = firstSection(s.bidId);
	const pages = [
		['overview', ''],
		['sections', '/sections'],
		['section', `/sections/${section.id}`]
	] as const;
	for (const [name, path] of pages) {
		await page.goto(`/reponses/${s.bidId}${path}`);
		await waitForHydration(page);
		await screenshot(page, `journeys-bid-${name}`, { fullPage: false });
	}

	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`/reponses/${s.bidId}`);
	await waitForHydration(page);
	// Budget: 200 px (under a quarter of the screen) for the crumb, a title on two lines at most,
	// status and DLRO on one line and the tabs; it was 384 px.
	const overview = await headerAndTabs(page);
	expect(overview.height).toBeLessThanOrEqual(200);
	expect(await page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().height)).toBeLessThanOrEqual(60);

	// Seven tabs do not fit 390 px: an arrow says more are to the right, and scrolls to them.
	expect(overview.overflows).toBe(true);
	const after = page.locator('.tabs-cue.after');
	const before = page.locator('.tabs-cue.before');
	await expect(after).toBeVisible();
	await expect(before).toBeHidden();
	await after.click();
	await expect.poll(async () => (await headerAndTabs(page)).scrollLeft).toBeGreaterThan(100);
	await expect(before).toBeVisible();
	// Every tab stays a link reachable by keyboard and by name.
	await expect(page.getByRole('navigation', { name: 'Parties de la réponse' }).getByRole('link')).toHaveCount(7);

	// On a section page the editor, its toolbar and the first lines of its text box are on the
	// first screen (the text box started at 1 024 px, below the fold).
	await page.goto(`/reponses/${s.bidId}/sections/${section.id}`);
	await waitForHydration(page);
	const textBox = page.getByRole('textbox', { name: /^Texte de la section/ });
	await expect(textBox).toBeVisible();
	const top = await textBox.evaluate((el) => el.getBoundingClientRect().top);
	expect(top, 'two lines of text visible').toBeLessThanOrEqual(844 - 2 * 24);
	expect((await headerAndTabs(page)).height).toBeLessThanOrEqual(200);
	await page.screenshot({ path: 'test-results/screens/journeys-bid-section-first-screen-phone.png' });
});
