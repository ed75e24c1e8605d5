/**
 * Forming groups and joining them, walked as people would (issue 12, items 2, 7, 8, 13): one
 * mandataire per tender and the competing-groups warning; a newcomer led from a bid invitation
 * through sign-up and their organisation back to accepting, and a submitted bid's invitation
 * closed up front; « demander à rejoindre » an organisation whose SIRET is taken; the partner
 * directory saying « déjà membre » / « invitation envoyée ». Screenshots (1280 and 390 px) go to
 * /work/shots/groups when SHOTS_DIR is set, else to test-results/screens.
 */
import { openSection, storedText } from './editor-fixtures';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, lastMail, linkIn, signUp, siret, uniqueEmail, withDb } from './support';
import { createBid, setUpBid, type LotFields } from './fixtures';

test.setTimeout(180_000);

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
		title: 'Site internet',
		criteria: [
			['Prix', '50'],
			['Valeur technique', '50']
		]
	}
];

async function shoot(page: Page, name: string): Promise<void> {
	const dir = process.env.SHOTS_DIR ?? 'test-results/screens';
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
		await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

function siretOf(organisation: string): string {
	return (withDb((db) => db.prepare('select siret from organisations where name = ?').get(organisation)) as { siret: string }).siret;
}

/** A new person in their own browser, signed up, on the organisation page. */
async function newPerson(browser: Browser, name: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const email = uniqueEmail(name.split(' ')[0]!.toLowerCase());
	await signUp(page, name, email);
	return { page, email, name, context };
}

/** The newcomer types the organisation's SIRET to create it, is offered the request, and an admin accepts it. */
async function joinByRequest(newcomer: Page, admin: Page, organisation: string, who: string): Promise<void> {
	await newcomer.goto('/organisation');
	await newcomer.getByLabel("Nom de l'organisation").fill(organisation);
	await newcomer.getByLabel('SIRET').fill(siretOf(organisation));
	await newcomer.getByLabel('Taux de contribution coopérative (%)').fill('11');
	await newcomer.getByRole('button', { name: "Créer l'organisation" }).click();
	await newcomer.getByRole('button', { name: `Demander à rejoindre ${organisation}` }).click();
	await expect(newcomer.getByText(`Demande envoyée : les administrateurs de ${organisation} vont y répondre.`)).toBeVisible();
	await admin.goto('/organisation');
	await admin.getByRole('button', { name: `Accepter la demande de ${who}` }).click();
	await expect(admin.getByText(`${who} a rejoint l'organisation.`)).toBeVisible();
}

async function inviteByEmail(page: Page, bidId: string, email: string): Promise<void> {
	await page.goto(`/reponses/${bidId}`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
}

test('item 8: a duplicate SIRET offers « demander à rejoindre »; admins see, refuse or accept, and the person is told', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser);
	const org = s.coordinator.organisation;

	const nina = await newPerson(browser, 'Nina Roux');
	await nina.page.getByLabel("Nom de l'organisation").fill('Ma CAE');
	await nina.page.getByLabel('SIRET').fill(siretOf(org));
	await nina.page.getByLabel('Taux de contribution coopérative (%)').fill('11');
	await nina.page.getByRole('button', { name: "Créer l'organisation" }).click();
	await expect(nina.page.getByText(`${org} utilise déjà ce SIRET sur Cotrait.`)).toBeVisible();
	// The admins are not named to someone who only knows a SIRET.
	await expect(nina.page.getByRole('main')).not.toContainText('Anne Martin');
	await shoot(nina.page, 'organisation-siret-taken');
	await nina.page.getByRole('button', { name: `Demander à rejoindre ${org}` }).click();
	await expect(nina.page.getByText(`Demande envoyée : les administrateurs de ${org} vont y répondre.`)).toBeVisible();
	await expect(nina.page.getByText(`Votre demande à rejoindre ${org}`)).toBeVisible();
	await shoot(nina.page, 'organisation-rejoindre');

	// Anne, the admin, is notified and sees the request with its buttons.
	await page.goto('/tableau-de-bord');
	await expect(page.getByText(`Nina Roux demande à rejoindre ${org}.`)).toBeVisible();
	await page.goto('/organisation');
	await expect(page.getByRole('heading', { name: "Demandes pour rejoindre l'organisation" })).toBeVisible();
	await shoot(page, 'organisation-demandes');
	await page.getByRole('button', { name: 'Refuser la demande de Nina Roux' }).click();
	await expect(page.getByText('Demande de Nina Roux refusée : la personne en est informée.')).toBeVisible();
	await nina.page.goto('/tableau-de-bord');
	await expect(nina.page.getByText(`Votre demande à rejoindre ${org} a été refusée par ses administrateurs.`)).toBeVisible();

	// She asks again, from the « Rejoindre » page, with a word; Anne accepts her as an entrepreneur.
	await nina.page.goto('/organisation');
	await nina.page.getByRole('link', { name: 'Demander à rejoindre une organisation' }).click();
	await nina.page.getByLabel("SIRET de l'organisation à rejoindre").fill(siretOf(org));
	await nina.page.getByLabel('Message à ses administrateurs (facultatif)').fill('Graphiste, arrivée en mars.');
	await nina.page.getByRole('button', { name: 'Envoyer la demande' }).click();
	await expect(nina.page.getByText(`Demande envoyée : les administrateurs de ${org} vont y répondre.`)).toBeVisible();
	await page.goto('/organisation');
	await expect(page.getByText('Graphiste, arrivée en mars.')).toBeVisible();
	await page.getByLabel('Rôle de Nina Roux').selectOption({ label: 'Entrepreneur·e' });
	await page.getByRole('button', { name: 'Accepter la demande de Nina Roux' }).click();
	await expect(page.getByText("Nina Roux a rejoint l'organisation.")).toBeVisible();
	await expect(page.getByRole('cell', { name: /Nina Roux/ }).first()).toBeVisible();
	await nina.page.goto('/organisation');
	await expect(nina.page.getByRole('heading', { level: 1, name: org })).toBeVisible();
	await nina.context.close();
});

test('item 2: an organisation leads one group per tender; a legal member in two groups on one lot is flagged to both', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser, { partner: true, lots: TWO_LOTS });
	const chloe = s.partner!;

	// Bruno, Anne's colleague at CAE GAMMA, joins her CAE and her bid, then tries to start a second group.
	const bruno = await newPerson(browser, 'Bruno Petit');
	await joinByRequest(bruno.page, page, s.coordinator.organisation, 'Bruno Petit');
	await inviteByEmail(page, s.bidId, bruno.email);
	await bruno.page.goto(linkIn(lastMail(bruno.email).body));
	await bruno.page.getByRole('button', { name: "Accepter l'invitation" }).click();
	await bruno.page.goto(`/appels-d-offres/${s.tenderId}`);
	await bruno.page.getByLabel('Lot 2 — Site internet').check();
	await bruno.page.getByLabel('Lot 1 — Ateliers').uncheck();
	await bruno.page.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(
		bruno.page.getByText(
			`${s.coordinator.organisation} est déjà mandataire d'un groupement sur cet appel d'offres : la réponse coordonnée par Anne Martin.`
		)
	).toBeVisible();
	await expect(bruno.page).toHaveURL(new RegExp(`/appels-d-offres/${s.tenderId}`));
	await shoot(bruno.page, 'tender-second-mandataire-refused');
	expect(withDb((db) => db.prepare('select count(*) as n from bids where tender_id = ?').get(s.tenderId))).toEqual({ n: 1 });

	// Chloé's CAE DELTA, already a member of Anne's group, may lead its own group on lot 1: allowed, and flagged.
	await chloe.page.goto(`/appels-d-offres/${s.tenderId}`);
	await chloe.page.getByLabel('Lot 2 — Site internet').uncheck();
	const theirs = await createBid(chloe.page, [TWO_LOTS[0]!]);
	const warning = chloe.page.getByRole('region', { name: 'Attention : un membre figure aussi dans un groupement concurrent' });
	await expect(warning).toContainText(
		`${chloe.organisation} fait aussi partie d'un autre groupement sur le lot 1 (mandataire : ${s.coordinator.organisation}).`
	);
	await expect(warning).not.toContainText('Anne');
	await shoot(chloe.page, 'bid-competing-warning');

	await page.goto(`/reponses/${s.bidId}`);
	const mine = page.getByRole('region', { name: 'Attention : un membre figure aussi dans un groupement concurrent' });
	await expect(mine).toContainText(
		`${chloe.organisation} fait aussi partie d'un autre groupement sur le lot 1 (mandataire : ${chloe.organisation}).`
	);
	await expect(mine).not.toContainText('lot 2');
	expect(theirs).not.toBe(s.bidId);
	await bruno.context.close();
	await s.close();
});

/** Everything a coordinator's one-lot bid needs (the `others` accept the split too), then « déposer »: the bid is frozen. */
async function submitAlone(page: Page, bidId: string, others: Page[] = []): Promise<void> {
	await page.goto(`/reponses/${bidId}/prestations`);
	const add = page.locator('#ajouter');
	await add.getByLabel('Désignation').fill('Atelier');
	await add.getByLabel('Quantité').fill('1');
	await add.getByLabel('Prix unitaire HT (€)').fill('500');
	await add.getByRole('checkbox', { name: /Anne Martin/ }).check();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('cell', { name: 'Atelier', exact: true }).first()).toBeVisible();
	await page.goto(`/reponses/${bidId}/repartition`);
	await page.getByRole('button', { name: "J'accepte cette répartition" }).click();
	await expect(page.getByRole('button', { name: "J'accepte cette répartition" })).toHaveCount(0);
	for (const other of others) {
		await other.goto(`/reponses/${bidId}/repartition`);
		await other.getByRole('button', { name: "J'accepte cette répartition" }).click();
		await expect(other.getByRole('button', { name: "J'accepte cette répartition" })).toHaveCount(0);
	}
	const sections = withDb((db) => db.prepare('select id from sections where bid_id = ?').all(bidId) as Array<{ id: string }>);
	for (const sec of sections) {
		// An empty section cannot be validated: a line of text first, as the authors would write it.
		const text = await openSection(page, bidId, sec.id);
		await text.click();
		await page.keyboard.type('Notre réponse.');
		await expect.poll(() => storedText(sec.id)).toContain('Notre réponse.');
		await page.getByRole('button', { name: 'Valider', exact: true }).click();
		await expect(page.getByText('Validée — verrouillée')).toBeVisible();
	}
	await page.goto(`/reponses/${bidId}/pieces`);
	const items = page.locator('li', { has: page.getByLabel('Statut', { exact: false }) });
	const count = await items.count();
	for (let i = 0; i < count; i++) {
		const item = items.nth(i);
		await item.getByLabel('Statut', { exact: false }).selectOption({ label: 'Sans objet' });
		await item.getByRole('button', { name: /^Enregistrer/ }).click();
		await expect(item.getByLabel('Statut', { exact: false })).toHaveValue('na');
	}
	await page.goto(`/reponses/${bidId}/depot`);
	await page.getByRole('button', { name: 'Approuver et figer la réponse…' }).click();
	await page.getByRole('button', { name: "Confirmer l'approbation" }).click();
	await expect(page.getByRole('heading', { name: 'Réponse figée — à déposer sur la plateforme de l’acheteur' })).toBeVisible({
		timeout: 30_000
	});
}

test('item 7: a newcomer goes from the invitation through sign-up and their organisation back to accepting; a submitted bid’s invitation says so up front', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser);
	const email = uniqueEmail('lina');
	const late = uniqueEmail('tardif');
	await inviteByEmail(page, s.bidId, email);
	const link = linkIn(lastMail(email).body);

	const context = await browser.newContext();
	const lina = await context.newPage();
	await lina.goto(link);
	await lina.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await lina.getByLabel('Nom').fill('Lina Morel');
	await lina.getByLabel('Adresse e-mail').fill(email);
	await lina.getByLabel('Mot de passe').fill(PASSWORD);
	await lina.getByRole('button', { name: 'Créer mon compte' }).click();

	// Back on the invitation, which says what is missing instead of failing on click.
	await expect(lina).toHaveURL(new RegExp(`${link}$`));
	await expect(lina.getByRole('heading', { name: "Avant d'accepter : votre organisation" })).toBeVisible();
	await expect(lina.getByRole('button', { name: "Accepter l'invitation" })).toHaveCount(0);
	await shoot(lina, 'invitation-needs-organisation');
	await lina.getByRole('link', { name: 'Créer mon organisation' }).click();
	await lina.getByLabel("Nom de l'organisation").fill(`SCOP MOREL ${Date.now().toString(36)}`);
	await lina.getByLabel('SIRET').fill(siret(Date.now() + 7_001));
	await lina.getByLabel('Taux de contribution coopérative (%)').fill('10');
	await lina.getByRole('button', { name: "Créer l'organisation" }).click();

	// …and back again, now able to accept.
	await expect(lina).toHaveURL(new RegExp(`${link}$`));
	await lina.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(lina).toHaveURL(new RegExp(`/reponses/${s.bidId}$`));

	// An invitation still open when the bid is submitted says so before any click.
	await inviteByEmail(page, s.bidId, late);
	const lateLink = linkIn(lastMail(late).body);
	await submitAlone(page, s.bidId, [lina]);
	const other = await browser.newContext();
	const tardif = await other.newPage();
	await tardif.goto(lateLink);
	await expect(tardif.getByText('Cette réponse a déjà été déposée')).toBeVisible();
	await expect(tardif.getByRole('button', { name: "Accepter l'invitation" })).toHaveCount(0);
	await expect(tardif.getByRole('main').getByRole('link', { name: 'Créer un compte' })).toHaveCount(0);
	await shoot(tardif, 'invitation-frozen');
	await other.close();
	await context.close();
});

test('item 13: the partner directory says « déjà membre » and « invitation envoyée » instead of inviting again', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser, { partner: true });
	const chloe = s.partner!;
	const paul = await newPerson(browser, 'Paul Fabre');
	const paulOrg = `SCOP FABRE ${Date.now().toString(36)}`;
	await paul.page.getByLabel("Nom de l'organisation").fill(paulOrg);
	await paul.page.getByLabel('SIRET').fill(siret(Date.now() + 7_017));
	await paul.page.getByLabel('Taux de contribution coopérative (%)').fill('10');
	await paul.page.getByRole('button', { name: "Créer l'organisation" }).click();

	await page.goto(`/partenaires?reponse=${s.bidId}&q=${encodeURIComponent('Paul Fabre')}`);
	const paulCard = page.getByRole('listitem').filter({ hasText: paulOrg });
	await paulCard.getByRole('button', { name: 'Inviter Paul Fabre à cette réponse' }).click();
	await expect(page.getByText('Invitation envoyée à Paul Fabre.')).toBeVisible();
	await expect(paulCard.getByText('Invitation envoyée', { exact: true })).toBeVisible();
	await expect(paulCard.getByRole('button', { name: /Inviter/ })).toHaveCount(0);

	await page.goto(`/partenaires?reponse=${s.bidId}&q=${encodeURIComponent(chloe.name)}`);
	const chloeCard = page.getByRole('listitem').filter({ hasText: chloe.organisation });
	await expect(chloeCard.getByText('Déjà membre', { exact: true })).toBeVisible();
	await expect(chloeCard.getByRole('button', { name: /Inviter/ })).toHaveCount(0);
	await page.goto(`/partenaires?reponse=${s.bidId}`);
	await shoot(page, 'partenaires-states');
	await paul.context.close();
	await s.close();
});
