/**
 * Context everywhere (issue 12, items 9, 10 and 12), walked as the group would:
 *   - the dashboard's to-dos and notifications name their bid and lot and link to the exact place;
 *     a pending invitation is a link; the header shows the unread count on every signed-in page;
 *   - the activity tab reads as French sentences (names, euros, dates), not database fields;
 *   - the tender form takes the AAPC, questions and answers deadlines, offer validity, VAT rate,
 *     DC2 scope and platform; the tender page shows them all, the bid header the next one.
 * Screenshots at 1280 and 390 px go to /work/shots/context/ (outside the repository).
 */
import { openSection, storedText } from './editor-fixtures';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createOrganisation, lastMail, linkIn, signUp, uniqueEmail, withDb } from './support';
import { parisLocalInDays, setUpBid, type LotFields } from './fixtures';

const SHOTS = '/work/shots/context';

/** Desktop and phone screenshots of the current page into SHOTS. */
async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	for (const [label, width] of [
		['1280', 1280],
		['390', 390]
	] as const) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

const TWO_LOTS: LotFields[] = [
	{
		number: 1,
		title: 'Ateliers',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '60']
		]
	},
	{
		number: 2,
		title: 'Formations',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '60']
		]
	}
];

/** The header's link to the notifications, named by its unread count. */
const inbox = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications :/ });

test('dashboard: every to-do and notification names its bid and lot; invitations are links; the header counts the unread', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser, { partner: true, lots: TWO_LOTS, title: 'Médiation numérique en Creuse' });
	const chloe = s.partner!;

	// Chloé joined: Anne's header counts it on any page, and links to the notifications.
	await page.goto('/appels-d-offres');
	await expect(inbox(page)).toHaveAccessibleName('Notifications : 1 non lue');
	await inbox(page).click();
	await expect(page).toHaveURL(/\/tableau-de-bord#notifs$/);

	// The same section title in both lots: each to-do says which bid and which lot.
	const todo = page.getByRole('region', { name: /Ce qui vous attend/ });
	const writes = todo.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Écrire « Méthodologie »' }) });
	await expect(writes).toHaveCount(2);
	await expect(writes.filter({ hasText: 'Médiation numérique en Creuse · Lot 1 — Ateliers' })).toHaveCount(1);
	await expect(writes.filter({ hasText: 'Médiation numérique en Creuse · Lot 2 — Formations' })).toHaveCount(1);
	const lot2 = writes.filter({ hasText: 'Lot 2 — Formations' }).getByRole('link');
	const lot2Section = withDb(
		(db) =>
			db
				.prepare(
					"select s.id from sections s join lots l on l.id = s.lot_id where s.bid_id = ? and s.title = 'Méthodologie' and l.number = 2"
				)
				.get(s.bidId) as { id: string }
	);
	await expect(lot2).toHaveAttribute('href', `/reponses/${s.bidId}/sections/${lot2Section.id}`);
	const notifications = page.getByRole('region', { name: /Notifications/ });
	await expect(notifications.getByRole('listitem').first()).toContainText('Médiation numérique en Creuse');
	await shoot(page, 'dashboard');

	// Anne gives Chloé the lot 2 methodology: Chloé's notification names the bid and the lot, and links to it.
	await page.goto(`/reponses/${s.bidId}/sections`);
	await page.getByRole('link', { name: 'Modifier « Méthodologie »' }).nth(1).click();
	const edit = page.locator('#modifier');
	await edit.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
	await edit.getByRole('button', { name: 'Enregistrer la section' }).click();
	await expect(page.locator('#modifier')).toHaveCount(0);
	await chloe.page.goto('/tableau-de-bord');
	await expect(inbox(chloe.page)).toHaveAccessibleName(/^Notifications : [1-9]\d* non lues?$/);
	const given = chloe.page
		.getByRole('region', { name: /Notifications/ })
		.getByRole('listitem')
		.filter({ has: chloe.page.getByRole('link', { name: /Méthodologie/ }) });
	await expect(given.first()).toContainText('Médiation numérique en Creuse · Lot 2 — Formations');
	const assigned = await given.first().getByRole('link').getAttribute('href');
	const chloeWrites = chloe.page.getByRole('region', { name: /Ce qui vous attend/ }).getByRole('listitem');
	await expect(
		chloeWrites.filter({ hasText: 'Lot 2 — Formations' }).getByRole('link', { name: 'Écrire « Méthodologie »' })
	).toHaveAttribute('href', assigned!);

	// Dora already has an account: her invitation is a link to the page that accepts it.
	const context = await browser.newContext();
	const dora = await context.newPage();
	const doraEmail = uniqueEmail('dora');
	await signUp(dora, 'Dora Petit', doraEmail);
	await createOrganisation(dora, `CAE EPSILON ${Date.now().toString(36)}`, '10');
	await page.goto(`/reponses/${s.bidId}`);
	await page.getByLabel('Adresse e-mail').fill(doraEmail);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${doraEmail}.`)).toBeVisible();

	await dora.goto('/tableau-de-bord');
	await expect(inbox(dora)).toHaveAccessibleName('Notifications : 1 non lue');
	const invitation = dora
		.getByRole('region', { name: /Ce qui vous attend/ })
		.getByRole('listitem')
		.first();
	await expect(invitation).toContainText("Répondre à l'invitation de Anne Martin à rejoindre « Médiation numérique en Creuse »");
	await expect(invitation.getByRole('link', { name: "Répondre à l'invitation" })).toHaveAttribute(
		'href',
		new URL(linkIn(lastMail(doraEmail).body), 'http://localhost').pathname
	);
	await shoot(dora, 'dashboard-invitation');
	await dora.getByRole('button', { name: 'Tout marquer comme lu' }).click();
	await expect(inbox(dora)).toHaveAccessibleName('Notifications : aucune non lue');
	await invitation.getByRole('link', { name: "Répondre à l'invitation" }).click();
	await expect(dora.getByRole('button', { name: "Accepter l'invitation" })).toBeVisible();
	await context.close();
	await s.close();
});

test('activity: every entry is a French sentence with names, euros and dates', async ({ page, browser }) => {
	const s = await setUpBid(page, browser, { partner: true, lots: TWO_LOTS, title: 'Inclusion numérique' });

	// A price line, the coordination fee, a section validated, a tender date moved.
	await page.goto(`/reponses/${s.bidId}/prestations`);
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	const add = page.locator('#ajouter');
	await add.getByLabel('Désignation').fill('Animation des ateliers');
	await add.getByLabel('Quantité').fill('7');
	await add.getByLabel('Prix unitaire HT (€)').fill('1150');
	await add.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('status').getByText('Prestation « Animation des ateliers » ajoutée.')).toBeVisible();
	await page.goto(`/reponses/${s.bidId}/repartition`);
	await page.getByLabel('Frais de coordination (%)').fill('3');
	await page.getByRole('button', { name: 'Enregistrer le taux' }).click();
	await expect(page.getByLabel('Frais de coordination (%)')).toHaveValue('3');
	const section = withDb(
		(db) =>
			db.prepare("select id from sections where bid_id = ? and title = 'Méthodologie' order by position limit 1").get(s.bidId) as {
				id: string;
			}
	);
	// Written first: an empty section cannot be validated.
	const text = await openSection(page, s.bidId, section.id);
	await text.click();
	await page.keyboard.type('Trois ateliers par commune.');
	await expect.poll(() => storedText(section.id)).toContain('Trois ateliers par commune.');
	await page.getByRole('button', { name: 'Demander une relecture' }).click();
	await expect(page.getByText('En relecture', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Valider', exact: true }).click();
	await expect(page.getByText('Validée — verrouillée')).toBeVisible();
	await page.goto(`/appels-d-offres/${s.tenderId}`);
	await page.getByText("Modifier l'appel d'offres").click();
	await page.getByLabel('Date limite des questions').fill(parisLocalInDays(10));
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status').getByText("Appel d'offres enregistré.")).toBeVisible();

	await page.goto(`/reponses/${s.bidId}/activite`);
	const log = page
		.getByRole('list')
		.filter({ has: page.locator('time') })
		.first();
	await expect(log).toContainText('Anne Martin a changé les frais de coordination');
	await expect(log).toContainText('Frais de coordination : 0\u00a0% → 3\u00a0%');
	await expect(log).toContainText('Anne Martin a validé la section « Méthodologie »');
	await expect(log).toContainText("Anne Martin a modifié l'appel d'offres");
	await expect(log).toContainText(/Date limite des questions : aucune → \d{2}\/\d{2}\/\d{4} 12:00/);
	await expect(log).toContainText('Chloé Bernard a rejoint le groupement (membre)');
	await expect(log).toContainText('Anne Martin a ajouté la prestation « Animation des ateliers » (lot 1)');
	await expect(log).toContainText('Prix unitaire : 1\u202f150,00\u00a0€');
	await expect(log).toContainText('Réalisée par : Chloé Bernard');
	await expect(log).toContainText('Anne Martin a créé la réponse (lots 1, 2)');
	// Nothing from the database's own vocabulary.
	await expect(log).not.toContainText(/feeRateBp|state :|lotId|quantityMilli|\d{13}/);
	await shoot(page, 'activity');
	await s.close();
});

test('tender: the whole calendar and the terms of the offer, checked in order; the bid header shows the next deadline', async ({
	page,
	browser
}) => {
	// A long title, as buyers write them: the phone header must still hold the next deadline within budget.
	const s = await setUpBid(page, browser, { title: 'Numérique responsable des très petites entreprises du Haut-Limousin' });
	await page.goto(`/appels-d-offres/${s.tenderId}`);
	await page.getByText("Modifier l'appel d'offres").click();
	const form = page.locator('form[action="?/update"]');

	// Out of order: the buyer's answers after the DLRO, refused in French, input kept.
	await form.getByLabel("Publication de l'avis (AAPC)").fill(parisLocalInDays(-10));
	await form.getByLabel('Date limite des questions').fill(parisLocalInDays(3));
	await form.getByLabel('Date limite des réponses aux questions').fill(parisLocalInDays(30));
	await form.getByLabel("Validité de l'offre (jours)").fill('120');
	await form.getByLabel('Taux de TVA (%)').fill('5,5');
	await form.getByLabel("DC2 et attestation d'assurance demandés").selectOption({ label: 'Par membre et par lot' });
	await form.getByLabel('URL de la plateforme').fill('ftp://achats.example.fr');
	await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(form.getByText('URL de la plateforme : adresse web invalide')).toBeVisible();
	await expect(form.getByLabel("DC2 et attestation d'assurance demandés")).toHaveValue('member_lot');
	await form.getByLabel('URL de la plateforme').fill('https://achats.example.fr/consultation/42');
	await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(
		form.getByText('Date limite de remise des offres : elle doit suivre la date limite des réponses aux questions.')
	).toBeVisible();
	await expect(form.getByLabel("Validité de l'offre (jours)")).toHaveValue('120');

	await expect(form.getByLabel("DC2 et attestation d'assurance demandés")).toHaveValue('member_lot');
	await form.getByLabel('Date limite des réponses aux questions').fill(parisLocalInDays(6));
	await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status').getByText("Appel d'offres enregistré.")).toBeVisible();
	expect(
		withDb((db) =>
			db.prepare('select offer_validity_days, vat_rate_bp, dc2_per_lot, platform_url from tenders where id = ?').get(s.tenderId)
		)
	).toEqual({ offer_validity_days: 120, vat_rate_bp: 550, dc2_per_lot: 1, platform_url: 'https://achats.example.fr/consultation/42' });

	// The tender page shows the whole calendar, with countdowns for what is ahead, and the terms.
	const deadlines = page.getByRole('region', { name: 'Échéances' });
	const calendar = deadlines.getByRole('list', { name: 'Calendrier de la consultation' });
	await expect(calendar.getByRole('listitem')).toHaveCount(3);
	await expect(calendar.getByRole('listitem').nth(1)).toContainText(/Date limite des questions.*12:00.*dans [23] j/);
	await expect(deadlines).toContainText('120 jours');
	await expect(deadlines).toContainText('5,5\u00a0%');
	await expect(deadlines).toContainText('Par membre et par lot');
	await expect(deadlines.getByRole('link', { name: 'https://achats.example.fr/consultation/42' })).toBeVisible();
	await shoot(page, 'tender');

	// The bid header: the questions deadline, the first one a group misses, beside the DLRO.
	await page.goto(`/reponses/${s.bidId}`);
	const header = page.locator('header.bid-header');
	await expect(header.getByRole('link', { name: 'Date limite des questions' })).toBeVisible();
	await expect(header).toContainText(/Date limite des questions.*dans [23] j/);
	await shoot(page, 'bid-header');
	// Phone: the compact header stays within its 200 px budget with the extra line.
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(header.getByRole('link', { name: 'Questions' })).toBeVisible();
	const height = await page.evaluate(() => {
		const h = document.querySelector('header.bid-header')!.getBoundingClientRect();
		return h.height;
	});
	expect(height).toBeLessThanOrEqual(200);

	// The new tender form groups the calendar and the terms, VAT at 20 % unless said otherwise.
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto('/appels-d-offres/nouveau');
	await expect(page.getByRole('group', { name: 'Calendrier (heure de Paris)' })).toBeVisible();
	await expect(page.getByLabel('Taux de TVA (%)')).toHaveValue('20');
	await shoot(page, 'tender-new');
	await s.close();
});
