import { expect, test } from '@playwright/test';
import { addLot as addLotFields, createTender as createTenderFields } from './fixtures';
import { createOrganisation, lastMail, linkIn, screenshot, signUp, uniqueEmail, withDb } from './support';
import type { Page } from '@playwright/test';

const createTender = (page: Page, title: string) => createTenderFields(page, { title, reference: '2026-HL-07', estimate: '35 000' });
const addLot = (page: Page, number: number, title: string, criteria: Array<[string, string]>, expectAdded = true) =>
	addLotFields(page, { number, title, criteria }, { expectAdded });

test('Anne creates a tender with two lots and a bid, invites Chloé from the directory, Chloé accepts', async ({ page, browser }) => {
	// Chloé: another CAE, with a public profile.
	const chloeEmail = uniqueEmail('chloe');
	const other = await browser.newContext();
	const chloe = await other.newPage();
	await signUp(chloe, 'Chloé Bernard', chloeEmail);
	await createOrganisation(chloe, 'CAE DELTA e2e', '9');
	await chloe.goto('/profil');
	await chloe.getByRole('textbox', { name: 'Métier' }).fill('Développeuse web');
	await chloe.getByRole('textbox', { name: 'Compétences' }).fill('accessibilité, site web');
	await chloe.getByRole('textbox', { name: 'Département' }).fill('19');
	await chloe.getByRole('button', { name: 'Enregistrer le profil' }).click();
	await expect(chloe.getByText('Profil enregistré.')).toBeVisible();

	// Anne.
	await signUp(page, 'Anne Martin', uniqueEmail('anne'));
	await createOrganisation(page, 'CAE GAMMA e2e', '11');
	const tenderId = await createTender(page, 'Accompagnement numérique des TPE');

	// Criteria must total 100 %: refused with the total, input kept.
	await addLot(
		page,
		1,
		'Ateliers',
		[
			['Prix', '40'],
			['Valeur technique', '50']
		],
		false
	);
	await expect(page.getByText("Critères d'attribution : les pondérations doivent totaliser 100 % (total actuel : 90 %).")).toBeVisible();
	await expect(page.getByLabel('Intitulé du lot')).toHaveValue('Ateliers');
	expect(withDb((db) => db.prepare('select count(*) n from lots where tender_id = ?').get(tenderId))).toEqual({ n: 0 });

	await addLot(page, 1, 'Ateliers', [
		['Prix', '40'],
		['Valeur technique', '50'],
		['Performance environnementale', '10']
	]);
	await expect(page.getByRole('cell', { name: 'Ateliers' })).toBeVisible();
	await addLot(page, 2, 'Site web', [
		['Prix', '40'],
		['Valeur technique', '60']
	]);
	await expect(page.getByRole('cell', { name: 'Site web' })).toBeVisible();
	await expect(page.getByText('DC2 — déclaration du candidat (ou DUME)')).toBeVisible();
	await screenshot(page, 'tender');

	await page.getByLabel('Lot 1 — Ateliers').check();
	await page.getByLabel('Lot 2 — Site web').check();
	await page.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(page).toHaveURL(/\/reponses\/[a-z2-7]+$/);
	const bidId = page.url().split('/').pop()!;
	await expect(page.getByText('Candidature unique (une seule structure, pas de groupement)')).toBeVisible();
	await screenshot(page, 'bid-overview');

	// Directory: find Chloé by skill and département, invite her.
	await page.goto(`/partenaires?reponse=${bidId}`);
	await page.getByLabel('Métier, compétence ou nom').fill('accessibilité');
	await page.getByLabel('Département').fill('19');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	// The results of this search (before it, the page lists everyone: every Chloé of the run).
	await expect(page).toHaveURL(/[?&]departement=19(&|$)/);
	await expect(page.getByRole('heading', { name: 'Chloé Bernard' })).toBeVisible();
	await screenshot(page, 'directory');
	await page.getByRole('button', { name: 'Inviter Chloé Bernard à cette réponse' }).click();
	await expect(page.getByText('Invitation envoyée à Chloé Bernard.')).toBeVisible();

	// Chloé accepts through the e-mailed link.
	await chloe.goto(linkIn(lastMail(chloeEmail).body));
	await expect(chloe.getByRole('heading', { name: /Répondre ensemble : Accompagnement numérique des TPE/ })).toBeVisible();
	await chloe.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(chloe).toHaveURL(new RegExp(`/reponses/${bidId}$`));
	await expect(chloe.getByRole('cell', { name: 'CAE GAMMA e2e' })).toBeVisible();
	await expect(chloe.getByRole('cell', { name: 'CAE DELTA e2e' })).toBeVisible();

	// Two organisations: the coordinator now chooses the form of the groupement.
	await page.goto(`/reponses/${bidId}`);
	await page.getByLabel('Forme du groupement').selectOption('solidaire');
	await page
		.locator('form', { has: page.getByLabel('Forme du groupement') })
		.getByRole('button', { name: 'Enregistrer' })
		.click();
	await expect(page.getByText('Forme du groupement enregistrée.')).toBeVisible();
	expect(withDb((db) => db.prepare('select form from bids where id = ?').get(bidId))).toEqual({ form: 'solidaire' });

	// The activity timeline shows who did what.
	await page.goto(`/reponses/${bidId}/activite`);
	await expect(page.getByText('a rejoint le groupement')).toBeVisible();
	await expect(page.getByText('a changé la forme du groupement')).toBeVisible();

	// The dashboard lists the bid with its countdown.
	await page.goto('/tableau-de-bord');
	await expect(
		page.getByRole('region', { name: 'Mes réponses' }).getByRole('link', { name: 'Accompagnement numérique des TPE' })
	).toBeVisible();
	await screenshot(page, 'dashboard');
	await other.close();
});

test('a DLRO in the past, absurd amounts and bad dates are refused in French, input kept', async ({ page }) => {
	await signUp(page, 'Hugo Test', uniqueEmail('hugo'));
	await createOrganisation(page, 'CAE Hugo', '10');
	await page.goto('/appels-d-offres/nouveau');
	await page.getByLabel('Acheteur').fill('Mairie');
	await page.getByLabel('Référence').fill('R1');
	await page.getByLabel('Intitulé', { exact: true }).fill('Marché test');
	await page.getByLabel('Montant estimé HT (€)').fill('10000000000000');
	await page.getByLabel('Date limite de remise des offres').fill('2020-01-01T12:00');
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByText("Montant estimé HT : montant trop élevé (1 milliard d'euros au maximum).")).toBeVisible();
	await page.getByLabel('Montant estimé HT (€)').fill('-5');
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByText('Montant estimé HT : le montant ne peut pas être négatif.')).toBeVisible();
	await page.getByLabel('Montant estimé HT (€)').fill('12 000');
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByText('Date limite de remise des offres : elle est déjà passée.')).toBeVisible();
	await expect(page.getByLabel('Intitulé', { exact: true })).toHaveValue('Marché test');
	expect(withDb((db) => db.prepare("select count(*) n from tenders where title = 'Marché test'").get())).toEqual({ n: 0 });
});

test('every bid, section, tender and file URL answers 404 to a signed-in non-member', async ({ page, browser }) => {
	const coordEmail = uniqueEmail('coord');
	await signUp(page, 'Coordination', coordEmail);
	await createOrganisation(page, 'CAE Coord', '11');
	const tenderId = await createTender(page, 'Marché confidentiel');
	await addLot(page, 1, 'Unique', [['Prix', '100']]);
	await page.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(page).toHaveURL(/\/reponses\//);
	const bidId = page.url().split('/').pop()!;
	const ids = withDb((db) => ({
		section: (db.prepare('select id from sections where bid_id = ? limit 1').get(bidId) as { id: string }).id
	}));
	// A DCE file.
	await page.goto(`/appels-d-offres/${tenderId}`);
	await page
		.getByLabel('Ajouter un fichier')
		.setInputFiles({ name: 'rc.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% règlement\n') });
	await page.getByRole('button', { name: 'Déposer' }).click();
	await expect(page.getByRole('link', { name: 'rc.pdf' })).toBeVisible();
	const fileId = withDb((db) => (db.prepare('select id from files where tender_id = ?').get(tenderId) as { id: string }).id);
	const members = await page.request.get(`/fichiers/${fileId}`);
	expect(members.status()).toBe(200);
	expect((await members.body()).toString()).toContain('% règlement');

	// An .exe renamed .pdf is refused by content.
	await page
		.getByLabel('Ajouter un fichier')
		.setInputFiles({ name: 'virus.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') });
	await page.getByRole('button', { name: 'Déposer' }).click();
	await expect(page.getByText('Fichier : seuls les PDF, DOCX, XLSX, ODT et ZIP sont acceptés')).toBeVisible();

	const strangerContext = await browser.newContext();
	const stranger = await strangerContext.newPage();
	await signUp(stranger, 'Personne Étrangère', uniqueEmail('stranger'));
	const urls = [
		`/reponses/${bidId}`,
		`/reponses/${bidId}/sections`,
		`/reponses/${bidId}/sections/${ids.section}`,
		`/reponses/${bidId}/prestations`,
		`/reponses/${bidId}/pieces`,
		`/reponses/${bidId}/repartition`,
		`/reponses/${bidId}/activite`,
		`/appels-d-offres/${tenderId}`,
		`/fichiers/${fileId}`
	];
	for (const url of urls) {
		const r = await stranger.request.get(url);
		expect(r.status(), url).toBe(404);
	}
	// Actions too.
	const post = await stranger.request.post(`/reponses/${bidId}?/invite`, {
		form: { email: 'x@y.fr', role: 'member' },
		headers: { origin: process.env.E2E_BASE_URL!, accept: 'text/html' }
	});
	expect(post.status()).toBe(404);
	await strangerContext.close();
	void coordEmail;
});
