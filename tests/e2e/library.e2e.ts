/**
 * The library on the demo (issue 16): Chloé writes a reference with the editor (a heading, a
 * list, bold) and shares it with the partner directory; Anne sees it under Chloé in the
 * directory and finds it by searching « accessibilite »; an account outside any organisation
 * finds nothing; Anne's method past its review date carries « À revoir ». Screenshots of the
 * list, an entry and the directory, desktop and phone.
 */
import { expect, test } from '@playwright/test';
import { useDemoServer } from './demo-server';
import { PASSWORD, screenshot, uniqueEmail } from './support';

const demo = useDemoServer();
const TITLE = 'Portail accessible de la Communauté de communes Creuse Grand Sud';

test('Chloé writes a reference for the directory; Anne finds it; a stranger does not', async ({ browser }) => {
	const chloe = await demo.signIn(browser, 'chloe@demo.test');
	await chloe.getByRole('link', { name: 'Bibliothèque' }).first().click();
	await expect(chloe.getByRole('heading', { level: 1, name: 'Bibliothèque' })).toBeVisible();
	await chloe.getByRole('link', { name: 'Nouvelle fiche' }).click();
	await expect(chloe.locator('html[data-hydrated]')).toBeAttached();

	await chloe.getByLabel('Titre', { exact: true }).fill(TITLE);
	await chloe.getByLabel('Type de fiche').selectOption('reference');
	await chloe.getByLabel('Visible par').selectOption('directory');
	await chloe.getByLabel('Mots-clés').fill('site web, accessibilité');
	await chloe.getByLabel('Acheteur', { exact: true }).fill('Communauté de communes Creuse Grand Sud');
	await chloe.getByLabel('Année', { exact: true }).fill('2025');
	await chloe.getByLabel('Montant HT').fill('18 500');

	const text = chloe.getByRole('textbox', { name: 'Texte de la fiche' });
	await expect(text).toBeVisible();
	await text.click();
	await chloe.getByRole('button', { name: 'Titre (niveau 2)' }).click();
	await chloe.keyboard.type('Ce que nous avons fait');
	await chloe.keyboard.press('Enter');
	await chloe.keyboard.type('Un audit d’accessibilité ');
	await chloe.keyboard.press('Control+b');
	await chloe.keyboard.type('complet');
	await chloe.keyboard.press('Control+b');
	await chloe.keyboard.type(' du portail.');
	await chloe.keyboard.press('Enter');
	await chloe.keyboard.type('- Échantillon de 30 pages');
	await chloe.keyboard.press('Enter');
	await chloe.keyboard.type('Corrections par ordre d’impact');
	await chloe.getByRole('button', { name: 'Enregistrer la fiche' }).click();

	await expect(chloe).toHaveURL(/\/bibliotheque\/[a-z0-9]+$/);
	await expect(chloe.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	const shown = chloe.getByRole('region', { name: 'Texte de la fiche' });
	await expect(shown.getByRole('heading', { level: 2, name: 'Ce que nous avons fait' })).toBeVisible();
	await expect(shown.locator('strong')).toHaveText('complet');
	await expect(shown.getByRole('listitem')).toHaveText(['Échantillon de 30 pages', 'Corrections par ordre d’impact']);
	await expect(chloe.getByText('18 500,00 €')).toBeVisible();
	const entryUrl = chloe.url();
	await screenshot(chloe, 'library-entry');
	await chloe.context().close();

	// Anne, forming a group: Chloé's card in the directory lists it, and the search finds it without accents.
	const anne = await demo.signIn(browser, 'anne@demo.test');
	await anne.goto(demo.url('/partenaires?q=Chlo%C3%A9'));
	const card = anne.getByRole('listitem').filter({ has: anne.getByRole('heading', { name: 'Chloé Bernard' }) });
	const link = card.getByRole('link', { name: TITLE });
	await expect(link).toBeVisible();
	await expect(card).toContainText('Communauté de communes Creuse Grand Sud · 2025 · 18 500,00 € HT');
	await screenshot(anne, 'library-directory');
	await link.click();
	await expect(anne).toHaveURL(entryUrl);
	await expect(anne.getByRole('button', { name: 'Enregistrer les modifications' })).toHaveCount(0);
	await expect(anne.getByRole('button', { name: 'Supprimer la fiche' })).toHaveCount(0);

	await anne.goto(demo.url('/recherche?q=accessibilite'));
	const hit = anne.getByRole('listitem').filter({ has: anne.getByRole('link', { name: TITLE }) });
	await expect(hit).toHaveCount(1);
	await expect(hit.getByText('Bibliothèque', { exact: true })).toBeVisible();
	await expect(hit).toContainText('Référence — Chloé Bernard');
	await anne.context().close();

	// Someone who belongs to no organisation: neither the search nor the page shows it.
	const stranger = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
	await stranger.goto(demo.url('/inscription'));
	await stranger.getByLabel('Nom').fill('Personne Étrangère');
	await stranger.getByLabel('Adresse e-mail').fill(uniqueEmail('etranger'));
	await stranger.getByLabel('Mot de passe').fill(PASSWORD);
	await stranger.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(stranger).toHaveURL(/\/organisation$/);
	await stranger.goto(demo.url('/recherche?q=accessibilite'));
	await expect(stranger.getByText('Aucun résultat pour « accessibilite »')).toBeVisible();
	const response = await stranger.goto(entryUrl);
	expect(response?.status()).toBe(404);
	await stranger.context().close();
});

test('the demo library: « À revoir » on Anne’s method, filters without JavaScript', async ({ browser }) => {
	const anne = await demo.signIn(browser, 'anne@demo.test');
	await anne.goto(demo.url('/bibliotheque'));
	const due = anne.getByRole('listitem').filter({ has: anne.getByRole('link', { name: 'Animer un atelier participatif' }) });
	await expect(due.getByText('À revoir')).toBeVisible();
	await expect(anne.getByRole('link', { name: 'CAE GAMMA — présentation de la coopérative' })).toBeVisible();
	await screenshot(anne, 'library-list');
	const cookies = await anne.context().cookies();
	await anne.context().close();

	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
	await context.addCookies(cookies);
	const page = await context.newPage();
	await page.goto(demo.url('/bibliotheque'));
	await page.getByLabel('Fiches').selectOption('mine');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page).toHaveURL(/proprietaire=mine/);
	await expect(page.getByRole('link', { name: 'CAE GAMMA — présentation de la coopérative' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Animer un atelier participatif' }).click();
	// Without scripts the text is a textarea of plain lines; saving keeps the entry.
	await page.getByLabel('Texte', { exact: true }).fill('Écouter, faire ensemble, décider.\nUn atelier de trois heures.');
	await page.getByLabel('À revoir avant le').fill('2030-06-01');
	await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(page.getByRole('region', { name: 'Texte de la fiche' }).getByRole('paragraph')).toHaveText([
		'Écouter, faire ensemble, décider.',
		'Un atelier de trois heures.'
	]);
	await expect(page.getByText('À revoir', { exact: true })).toHaveCount(0);
	await context.close();
});
