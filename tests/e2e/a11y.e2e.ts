import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { demoBid, SUBMITTED_DEMO, useDemoServer } from './demo-server';

test.describe.configure({ mode: 'serial' });
const demo = useDemoServer();

/** Impacts that fail the test: everything axe reports except « minor ». */
const FAILING = new Set(['moderate', 'serious', 'critical']);

async function expectAccessible(page: Page, path: string) {
	await page.goto(demo.url(path));
	await page.waitForLoadState('networkidle');
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
	const found = results.violations
		.filter((v) => FAILING.has(v.impact ?? ''))
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes
					.map((n) => n.target.join(' '))
					.slice(0, 3)
					.join(' | ')}`
		);
	expect.soft(found, `${path}\n${found.join('\n')}`).toEqual([]);
}

test('the public pages have no moderate, serious or critical axe violation', async ({ page }) => {
	for (const path of ['/', '/connexion', '/inscription', '/mot-de-passe-oublie', '/page-inexistante']) {
		await expectAccessible(page, path);
	}
});

test('every main page of the signed-in area has no moderate, serious or critical axe violation', async ({ browser }) => {
	test.setTimeout(120_000); // 20 pages, each loaded and analysed by axe
	const page = await demo.signIn(browser, 'anne@demo.test');
	const { bidId, tenderId, sectionId, submittedId } = demo.db((db) => {
		const bid = demoBid(db);
		const section = db.prepare('select id from sections where bid_id = ? order by position limit 1').get(bid.id) as { id: string };
		return { bidId: bid.id, tenderId: bid.tender_id, sectionId: section.id, submittedId: demoBid(db, SUBMITTED_DEMO).id };
	});
	const paths = [
		'/tableau-de-bord',
		'/appels-d-offres',
		'/appels-d-offres/nouveau',
		`/appels-d-offres/${tenderId}`,
		'/partenaires?q=graphiste',
		'/organisation',
		'/profil',
		`/reponses/${bidId}`,
		`/reponses/${bidId}/sections`,
		`/reponses/${bidId}/sections/${sectionId}`,
		`/reponses/${bidId}/prestations`,
		`/reponses/${bidId}/pieces`,
		`/reponses/${bidId}/repartition`,
		`/reponses/${bidId}/activite`,
		`/reponses/${bidId}/depot`,
		// The submitted demo bid: frozen pages.
		`/reponses/${submittedId}`,
		`/reponses/${submittedId}/depot`,
		`/reponses/${submittedId}/repartition`,
		'/recherche?q=randonnees',
		'/recherche?q=introuvable'
	];
	for (const path of paths) await expectAccessible(page, path);
	await page.context().close();
});

test('keyboard only: Chloé writes in a section and accepts the split', async ({ browser }) => {
	const page = await demo.signIn(browser, 'chloe@demo.test');
	const { bidId, sectionId } = demo.db((db) => {
		const bid = demoBid(db);
		const section = db
			.prepare("select id from sections where bid_id = ? and title = 'Méthodologie' order by position desc limit 1")
			.get(bid.id) as { id: string };
		return { bidId: bid.id, sectionId: section.id };
	});

	// Write: reach the editor with Tab alone, type, and see the text.
	await page.goto(demo.url(`/reponses/${bidId}/sections/${sectionId}`));
	const editor = page.locator('.ProseMirror[contenteditable="true"]');
	await expect(editor).toBeVisible();
	let reached = false;
	for (let i = 0; i < 80 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await editor.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
	}
	expect(reached, 'the editor is reachable with Tab').toBe(true);
	await page.keyboard.type('Nous travaillons en trois étapes.');
	await expect(editor).toContainText('Nous travaillons en trois étapes.');

	// Accept the split: Tab to the button, Enter.
	await page.goto(demo.url(`/reponses/${bidId}/repartition`));
	const accept = page.getByRole('button', { name: "J'accepte cette répartition" });
	await expect(accept).toBeVisible();
	let focused = false;
	for (let i = 0; i < 150 && !focused; i++) {
		await page.keyboard.press('Tab');
		focused = await accept.evaluate((el) => el === document.activeElement);
	}
	expect(focused, 'the accept button is reachable with Tab').toBe(true);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: "J'accepte cette répartition" })).toHaveCount(0);
	expect(
		demo.db((db) =>
			db
				.prepare(
					"select count(*) n from split_acceptances a join users u on u.id = a.user_id where u.email = 'chloe@demo.test' and a.bid_id = ?"
				)
				.get(bidId)
		)
	).toEqual({ n: 1 });
	await page.context().close();
});
