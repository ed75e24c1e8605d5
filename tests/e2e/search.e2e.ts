/**
 * Search everywhere on the demo (issue 16, item 5): Anne searches from the header (« / » focuses
 * the field) without accents and in the plural, finds the submitted bid's section, follows the
 * link to it; a call for tenders by its reference; a stranger finds nothing of it; the GET form
 * works without JavaScript. Screenshots of the results, desktop and phone.
 */
import { expect, test } from '@playwright/test';
import { demoBid, SUBMITTED_DEMO, useDemoServer } from './demo-server';
import { PASSWORD, screenshot, uniqueEmail } from './support';

const demo = useDemoServer();

test('Anne finds a section of her bid from the header, a stranger finds nothing', async ({ browser }) => {
	const bid = demo.db((db) => demoBid(db, SUBMITTED_DEMO));
	const page = await demo.signIn(browser, 'anne@demo.test');
	await expect(page.locator('html[data-hydrated]')).toBeAttached();

	// « / » goes to the field; « randonnees » finds « randonnées » (accents and plural).
	await page.keyboard.press('/');
	const field = page.getByRole('searchbox', { name: 'Rechercher' });
	await expect(field).toBeFocused();
	await field.fill('randonnees');
	await screenshot(page, 'search-field', { fullPage: false });
	await field.press('Enter');
	await expect(page).toHaveURL(/\/recherche\?q=randonnees$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Recherche' })).toBeVisible();
	const hit = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Références' }) });
	await expect(hit).toHaveCount(1);
	await expect(hit.getByText('Section', { exact: true })).toBeVisible();
	await expect(hit.locator('mark')).toHaveText(['randonnées']);
	await screenshot(page, 'search-results');

	await hit.getByRole('link', { name: 'Références' }).click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${bid.id}/sections/[^/#?]+$`));
	await expect(page.getByRole('heading', { level: 2, name: 'Références', exact: true })).toBeVisible();

	// A call for tenders by its reference.
	await page.getByRole('searchbox', { name: 'Rechercher' }).fill('otmv');
	await page.getByRole('searchbox', { name: 'Rechercher' }).press('Enter');
	const tender = page.getByRole('listitem').filter({ hasText: "Appel d'offres" });
	await expect(tender.getByRole('link')).toHaveAttribute('href', `/appels-d-offres/${bid.tender_id}`);

	// Someone outside the demo's groups: the same words find nothing.
	const stranger = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
	await stranger.goto(demo.url('/inscription'));
	await stranger.getByLabel('Nom').fill('Personne Étrangère');
	await stranger.getByLabel('Adresse e-mail').fill(uniqueEmail('etranger'));
	await stranger.getByLabel('Mot de passe').fill(PASSWORD);
	await stranger.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(stranger).toHaveURL(/\/organisation$/);
	await stranger.goto(demo.url('/recherche?q=randonn%C3%A9es'));
	await expect(stranger.getByText('Aucun résultat pour « randonnées »')).toBeVisible();
	await stranger.goto(demo.url('/recherche?q=OTMV'));
	await expect(stranger.getByText('Aucun résultat pour « OTMV »')).toBeVisible();
	await stranger.goto(demo.url('/recherche'));
	await expect(stranger.getByText('Que cherchez-vous ?')).toBeVisible();
	await stranger.context().close();
	await page.context().close();
});

test('the header search works without JavaScript', async ({ browser }) => {
	const signedIn = await demo.signIn(browser, 'chloe@demo.test');
	const cookies = await signedIn.context().cookies();
	await signedIn.context().close();
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
	await context.addCookies(cookies);
	const page = await context.newPage();
	await page.goto(demo.url('/tableau-de-bord'));
	await page.getByRole('searchbox', { name: 'Rechercher' }).fill('conseilleres sejour');
	await page.getByRole('searchbox', { name: 'Rechercher' }).press('Enter');
	await expect(page.getByRole('link', { name: 'Méthodologie' })).toBeVisible();
	await expect(page.locator('mark')).toHaveText(['conseillères', 'séjour']);
	await context.close();
});
