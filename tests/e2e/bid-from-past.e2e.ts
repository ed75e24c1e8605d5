/**
 * Starting a bid from a past one (issue 16, item 4), on the demo: Anne creates a new call for
 * tenders and answers it from the demo's submitted bid (2026-OTMV-007), keeping two sections'
 * texts. The new bid has the whole outline and those two texts, and none of the past bid's
 * members, acceptances, deposit files or record. Without scripts, the same form shows a past
 * bid's sections through « Afficher ses sections » (the form sent as GET).
 */
import { expect, test, type Page } from '@playwright/test';
import { demoBid, SUBMITTED_DEMO, useDemoServer } from './demo-server';
import { parisLocalInDays } from './fixtures';
import { screenshot } from './support';

const demo = useDemoServer();
const KEPT = ['Méthodologie', 'Références'];

/** A new tender by the signed-in person with one lot; returns its id. */
async function newTender(page: Page, title: string): Promise<string> {
	await page.goto(demo.url('/appels-d-offres/nouveau'));
	await page.getByLabel('Acheteur').fill('Communauté de communes Creuse Grand Sud');
	await page.getByLabel('Référence').fill(`2026-CGS-${title.length}`);
	await page.getByLabel('Intitulé', { exact: true }).fill(title);
	await page.getByLabel('Montant estimé HT (€)').fill('18 000');
	await page.getByLabel('Date limite de remise des offres').fill(parisLocalInDays(25));
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const tenderId = new URL(page.url()).pathname.split('/').pop()!;
	const details = page.locator('details', { has: page.getByText('Ajouter un lot') });
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await page.getByLabel('Numéro').fill('1');
	await page.getByLabel('Intitulé du lot').fill('Conception et mise en page du guide');
	await page.getByLabel('Critère 1', { exact: true }).fill('Prix');
	await page.getByLabel('Pondération 1 (%)').fill('40');
	await page.getByLabel('Critère 2', { exact: true }).fill('Valeur technique');
	await page.getByLabel('Pondération 2 (%)').fill('60');
	await page.getByRole('button', { name: 'Ajouter le lot' }).click();
	await expect(page.getByRole('cell', { name: 'Conception et mise en page du guide', exact: true })).toBeVisible();
	return tenderId;
}

test('Anne starts a bid from the submitted demo bid with two sections’ texts, and nothing of its people or files', async ({ browser }) => {
	const page = await demo.signIn(browser, 'anne@demo.test');
	await page.locator('html[data-hydrated]').waitFor();
	await newTender(page, 'Guide des sentiers de randonnée');
	const source = demo.db((db) => demoBid(db, SUBMITTED_DEMO));

	const form = page.locator('form#creer');
	await form.getByText('Partir d’une réponse précédente').click();
	const select = form.getByLabel('Réponse à reprendre');
	await expect(select.locator(`option[value="${source.id}"]`)).toHaveText(
		/^Livret d’accueil des visiteurs, imprimé et en ligne — Office de tourisme Monts et Vallées Ouest Creuse — \d{1,2} \S+ 2026 — déposée$/
	);
	await select.selectOption(source.id);
	await expect(page).toHaveURL(new RegExp(`depuis=${source.id}`));
	const contents = form.getByRole('group', { name: 'Le contenu des sections (avec le plan)' });
	await expect(contents.getByRole('checkbox')).toHaveCount(7);
	for (const box of await contents.getByRole('checkbox').all()) {
		const label = (await box.locator('xpath=..').textContent())!;
		if (!KEPT.some((t) => label.includes(t))) await box.uncheck();
	}
	await expect(form.getByLabel(/Les lignes de prix/)).not.toBeChecked();
	await expect(form.getByLabel(/Le plan/)).toBeChecked();
	await screenshot(page, 'bid-from-past-form');

	await form.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(page).toHaveURL(/\/reponses\/[a-z2-7]+$/);
	const bidId = page.url().split('/').pop()!;

	const facts = demo.db((db) => {
		const titles = (id: string) =>
			(db.prepare('select title from sections where bid_id = ? order by position').all(id) as Array<{ title: string }>).map((s) => s.title);
		const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n;
		const written = db
			.prepare(
				"select s.title from sections s where s.bid_id = ? and exists (select 1 from collab_updates u where u.room = 'section/' || s.id) order by s.position"
			)
			.all(bidId) as Array<{ title: string }>;
		return {
			outline: titles(bidId),
			sourceOutline: titles(source.id),
			written: written.map((w) => w.title),
			members: db.prepare('select role from bid_members where bid_id = ?').all(bidId),
			acceptances: count('select count(*) n from split_acceptances where bid_id = ?', bidId),
			files: count('select count(*) n from files where bid_id = ?', bidId),
			record: count('select count(*) n from submissions where bid_id = ?', bidId),
			lines: count('select count(*) n from deliverables where bid_id = ?', bidId)
		};
	});
	expect(facts.outline).toEqual(facts.sourceOutline);
	expect(facts.written).toEqual(KEPT);
	expect(facts.members).toEqual([{ role: 'coordinator' }]);
	expect(facts).toMatchObject({ acceptances: 0, files: 0, record: 0, lines: 0 });

	// The copied text reads on the section page; a section not chosen starts empty.
	const sectionOf = (title: string) =>
		demo.db((db) => (db.prepare('select id from sections where bid_id = ? and title = ?').get(bidId, title) as { id: string }).id);
	await page.goto(demo.url(`/reponses/${bidId}/sections/${sectionOf('Méthodologie')}`));
	await expect(page.getByText('Nous partons des questions réelles des visiteurs').first()).toBeVisible();
	await page.goto(demo.url(`/reponses/${bidId}/activite`));
	await expect(page.getByText('à partir de la réponse à « Livret d’accueil des visiteurs, imprimé et en ligne »')).toBeVisible();
	await page.context().close();
});

test('without scripts, « Afficher ses sections » shows the past bid’s sections, and a bid not hers is refused', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(demo.url('/connexion'));
	await page.getByLabel('Adresse e-mail').fill('anne@demo.test');
	await page.getByLabel('Mot de passe').fill('cotrait-demo-2026');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/connexion/);
	const tenderId = await newTender(page, 'Signalétique des sentiers');

	const form = page.locator('form#creer');
	await form.getByText('Partir d’une réponse précédente').click();
	await form.getByLabel('Réponse à reprendre').selectOption(demo.db((db) => demoBid(db, SUBMITTED_DEMO)).id);
	await form.getByRole('button', { name: 'Afficher ses sections' }).click();
	const contents = form.getByRole('group', { name: 'Le contenu des sections (avec le plan)' });
	await expect(contents.getByRole('checkbox', { checked: true })).toHaveCount(7);
	await expect(form.getByLabel('Lot 1 — Conception et mise en page du guide')).toBeChecked();

	// A bid she is not a member of (made up) is said in French, not shown.
	await page.goto(demo.url(`/appels-d-offres/${tenderId}?depuis=inconnue`));
	await expect(page.getByText('Cette réponse est introuvable parmi les vôtres')).toBeVisible();
	await context.close();
});
