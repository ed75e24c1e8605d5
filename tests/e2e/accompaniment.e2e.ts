/**
 * Accompaniment at a distance on the demo (issue 20, « Done when »): Dora (GAMMA's chargée
 * d'accompagnement) finds both demo bids on « Accompagnement » with GAMMA's entrepreneurs and a
 * contribution equal to the répartition page's; Bruno asks for help on a section; Dora answers in
 * the section's discussion and marks it handled; a support person of another CAE sees none of
 * GAMMA's bids; once Dora no longer follows a bid she gets its summary only (its sections answer
 * 404) until the coordinator accepts her « Demander à suivre ». Screenshots, desktop and phone.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoBid, DRAFT_DEMO, SUBMITTED_DEMO, useDemoServer } from './demo-server';
import { PASSWORD, screenshot, uniqueEmail } from './support';

const demo = useDemoServer();
const DRAFT_TITLE = 'Accompagnement au numérique des petites entreprises du territoire';

const card = (page: Page, bidId: string) => page.locator(`article[data-bid="${bidId}"]`);

test('Dora follows GAMMA’s bids, answers Bruno’s help request; strangers and unfollowed bids show no content', async ({ browser }) => {
	test.setTimeout(120_000);
	const draft = demo.db((db) => demoBid(db, DRAFT_DEMO));
	const submitted = demo.db((db) => demoBid(db, SUBMITTED_DEMO));

	// Dora: the page is in her navigation; both bids, GAMMA's people, GAMMA's contribution.
	const dora = await demo.signIn(browser, 'dora@demo.test');
	await dora.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accompagnement' }).click();
	await expect(dora.getByRole('heading', { level: 1, name: 'Accompagnement' })).toBeVisible();
	for (const bid of [draft, submitted]) {
		const c = card(dora, bid.id);
		await expect(c).toBeVisible();
		await expect(c.locator('tr[data-person="Anne Martin"]')).toBeVisible();
		await expect(c.locator('tr[data-person="Bruno Petit"]')).toBeVisible();
		await expect(c.locator('tr[data-person="Chloé Bernard"]')).toHaveCount(0);
	}
	// The demo's help request waits for her.
	await expect(dora.locator('#aide').getByText('Je ne sais pas comment présenter nos références communes')).toBeVisible();
	await screenshot(dora, 'accompaniment');

	const figures: Record<string, { contribution: string; bruno: string }> = {};
	for (const bid of [draft, submitted]) {
		const c = card(dora, bid.id);
		figures[bid.id] = {
			contribution: (await c.locator('td.contribution').innerText()).trim(),
			bruno: (await c.locator('tr[data-person="Bruno Petit"] td').first().innerText()).trim()
		};
	}
	for (const bid of [draft, submitted]) {
		await dora.goto(demo.url(`/reponses/${bid.id}/repartition`));
		const gamma = dora.getByRole('table', { name: 'Montants par structure' }).getByRole('row').filter({ hasText: 'CAE GAMMA' });
		await expect(gamma.getByRole('cell').nth(1)).toHaveText(figures[bid.id]!.contribution);
		await expect(dora.getByRole('cell', { name: figures[bid.id]!.bruno, exact: true }).first()).toBeVisible();
	}

	// Bruno asks for help on a section.
	const bruno = await demo.signIn(browser, 'bruno@demo.test');
	await bruno.goto(demo.url(`/reponses/${draft.id}/sections`));
	await bruno.getByRole('link', { name: 'Références', exact: true }).first().click();
	await bruno.getByRole('link', { name: "Demander de l'aide sur cette section" }).click();
	await expect(bruno.getByLabel('Section concernée (facultatif)')).toHaveValue(/.+/);
	await bruno.getByLabel('Votre message').fill('Quelles références mettre en avant pour le lot 1 ?');
	await bruno.getByRole('button', { name: 'Envoyer la demande' }).click();
	await expect(bruno.getByText('Demande envoyée à votre coopérative.')).toBeVisible();
	await screenshot(bruno, 'accompaniment-help-form');

	// Dora sees it, answers in the discussion, marks it handled.
	await dora.goto(demo.url('/accompagnement'));
	const request = dora.locator('#aide article').filter({ hasText: 'Quelles références mettre en avant' });
	await expect(request).toBeVisible();
	await expect(request.getByText('section « Références »')).toBeVisible();
	await request.getByLabel(/Votre réponse/).fill('Le guide de Guéret et le site de la mairie : je relis ce soir.');
	await request.getByRole('button', { name: 'Répondre' }).click();
	await expect(dora.getByText('Réponse publiée dans la discussion de la section.')).toBeVisible();
	await request.getByRole('button', { name: 'Marquer comme traitée' }).click();
	await expect(request.getByText('Traitée', { exact: true })).toBeVisible();
	await bruno.goto(demo.url(`/reponses/${draft.id}/aide`));
	await expect(bruno.getByText('Le guide de Guéret et le site de la mairie : je relis ce soir.')).toBeVisible();

	// A support person of another CAE: the page, none of GAMMA's bids.
	const stranger = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
	const email = uniqueEmail('accompagnante');
	await stranger.goto(demo.url('/inscription'));
	await stranger.getByLabel('Nom').fill('Édith Autrecae');
	await stranger.getByLabel('Adresse e-mail').fill(email);
	await stranger.getByLabel('Mot de passe').fill(PASSWORD);
	await stranger.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(stranger).toHaveURL(/\/organisation$/);
	demo.db((db) => {
		const user = db.prepare('select id from users where email = ?').get(email) as { id: string };
		db.prepare(
			"insert into organisations (id, name, kind, siret, contribution_rate_bp, region, created_at) values (?, 'CAE EPSILON', 'cae', '35600000000048', 1000, 'Bretagne', ?)"
		).run(`org-${user.id}`, Date.now());
		db.prepare(
			"insert into memberships (id, organisation_id, user_id, role, contribution_rate_bp, created_at) values (?, ?, ?, 'support', null, ?)"
		).run(`m-${user.id}`, `org-${user.id}`, user.id, Date.now());
	});
	await stranger.goto(demo.url('/accompagnement'));
	await expect(stranger.getByText('Aucun entrepreneur de votre coopérative ne participe à une réponse pour le moment.')).toBeVisible();
	await expect(stranger.locator('article[data-bid]')).toHaveCount(0);
	await expect(stranger.getByText(DRAFT_TITLE)).toHaveCount(0);
	expect((await stranger.goto(demo.url(`/reponses/${draft.id}`)))?.status()).toBe(404);
	await stranger.context().close();

	// Dora no longer follows the bid in preparation: its summary only, never a section.
	const anne = await demo.signIn(browser, 'anne@demo.test');
	await anne.goto(demo.url(`/reponses/${draft.id}`));
	await anne.getByRole('button', { name: 'Retirer Dora Lefèvre du groupement' }).click();
	await expect(anne.getByText('Membre retiré du groupement.')).toBeVisible();
	const sectionHref = await bruno
		.goto(demo.url(`/reponses/${draft.id}/sections`))
		.then(() => bruno.getByRole('link', { name: 'Références', exact: true }).first().getAttribute('href'));
	await dora.goto(demo.url('/accompagnement'));
	const summary = card(dora, draft.id);
	await expect(summary.getByRole('heading', { name: DRAFT_TITLE })).toBeVisible();
	await expect(summary.getByRole('link', { name: DRAFT_TITLE })).toHaveCount(0);
	expect((await dora.goto(demo.url(sectionHref!)))?.status()).toBe(404);
	await dora.goto(demo.url('/accompagnement'));
	await card(dora, draft.id).getByRole('button', { name: 'Demander à suivre' }).click();
	await expect(dora.getByText('Demande envoyée à la coordination de la réponse.')).toBeVisible();
	await expect(card(dora, draft.id).getByText('en attente de la coordination')).toBeVisible();

	// Anne accepts on the overview: Dora follows again.
	await anne.goto(demo.url(`/reponses/${draft.id}`));
	await expect(anne.getByRole('heading', { name: 'Demandes de suivi' })).toBeVisible();
	await screenshot(anne, 'accompaniment-follow-request', { fullPage: false });
	await anne.getByRole('button', { name: 'Accepter que Dora Lefèvre suive la réponse' }).click();
	await expect(anne.getByText('Demande acceptée', { exact: false })).toBeVisible();
	await dora.goto(demo.url('/accompagnement'));
	await expect(card(dora, draft.id).getByRole('link', { name: DRAFT_TITLE })).toBeVisible();
	expect((await dora.goto(demo.url(sectionHref!)))?.status()).toBe(200);

	for (const p of [dora, bruno, anne]) await p.context().close();
});

test('an entrepreneur has no Accompagnement page', async ({ browser }) => {
	const bruno = await demo.signIn(browser, 'bruno@demo.test');
	await expect(bruno.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accompagnement' })).toHaveCount(
		0
	);
	expect((await bruno.goto(demo.url('/accompagnement')))?.status()).toBe(404);
	expect((await bruno.goto(demo.url('/accompagnement/export.csv')))?.status()).toBe(404);
	await bruno.context().close();
});
