/**
 * The demo's submitted bid (npm run demo): what a member finds when they open it — frozen
 * sections with their text, the files deposited with their SHA-256, the deposit recorded.
 */
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { demoBid, SUBMITTED_DEMO, useDemoServer } from './demo-server';
import { screenshot } from './support';

const demo = useDemoServer();

test('Bruno opens the submitted demo bid: frozen text, deposited files matching their SHA-256', async ({ browser }) => {
	const page = await demo.signIn(browser, 'bruno@demo.test');
	const { bidId, sectionId } = demo.db((db) => {
		const bid = demoBid(db, SUBMITTED_DEMO);
		const section = db.prepare("select id from sections where bid_id = ? and title = 'Démarche environnementale'").get(bid.id) as {
			id: string;
		};
		return { bidId: bid.id, sectionId: section.id };
	});

	// The dashboard lists both demo bids, this one as deposited.
	await page.goto(demo.url('/tableau-de-bord'));
	const mine = page.getByRole('region', { name: 'Mes réponses' }).getByRole('listitem');
	await expect(mine.filter({ hasText: 'Livret d’accueil des visiteurs' })).toContainText(
		'Office de tourisme Monts et Vallées Ouest Creuse — Déposée'
	);
	await expect(mine.filter({ hasText: 'Livret d’accueil des visiteurs' })).toContainText('Sections validées 7/7');
	await expect(mine.filter({ hasText: 'Accompagnement au numérique des petites entreprises' })).toContainText('— En préparation');

	await page.goto(demo.url(`/reponses/${bidId}/depot`));
	await expect(page.getByRole('heading', { name: 'Réponse déposée' })).toBeVisible();
	await expect(page.getByText('Approuvée et figée par Anne Martin')).toBeVisible();
	await expect(
		page
			.getByRole('paragraph')
			.filter({ hasText: /^Déposée sur la plateforme de l’acheteur le \S+ \d{1,2} \S+ 2026 à \d\d:\d\d \(heure de Paris/ })
	).toBeVisible();
	// Only the coordinator records the deposit.
	await expect(page.getByRole('button', { name: 'Enregistrer le dépôt' })).toHaveCount(0);
	const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
	// The package (ZIP) and the ten files the buyer received, each with its SHA-256.
	await expect(rows).toHaveCount(11);
	await expect(rows.first().getByRole('link')).toHaveText('dossier-2026-OTMV-007.zip');
	for (let i = 0; i < 11; i++) {
		const link = rows.nth(i).getByRole('link');
		const res = await page.request.get(demo.url((await link.getAttribute('href'))!));
		expect(res.status()).toBe(200);
		expect(
			createHash('sha256')
				.update(await res.body())
				.digest('hex')
		).toBe((await rows.nth(i).locator('code').textContent())!.trim());
	}
	await screenshot(page, 'demo-submitted-depot');

	// The sections read as written, and cannot be changed any more.
	await page.goto(demo.url(`/reponses/${bidId}/sections/${sectionId}`));
	const text = page.getByRole('textbox', { name: /^Texte de la section/ });
	await expect(text).toContainText('Imprim’Vert');
	await expect(text).toHaveAttribute('contenteditable', 'false');
	await screenshot(page, 'demo-submitted-section');
	await page.context().close();
});
