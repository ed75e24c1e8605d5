/**
 * The work on a bid: price lines (prestations) and their split, the outline of the mémoire
 * technique, the required pieces. Data is built through the UI (fixtures.ts); the database is
 * only read, to prove that refused input saved nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot, withDb } from './support';
import { setUpBid } from './fixtures';
import { formatEuros } from '../../src/lib/domain/money';

/** Cell texts of the first column links of a section table, in order. */
async function outline(page: Page): Promise<string[]> {
	return page.locator('table').first().locator('tbody tr td.title a').allTextContents();
}

/**
 * At 390 px, nothing may widen the page (measured like a full-page screenshot): wide tables
 * scroll inside their .table-wrap. On failure, names the elements sticking out.
 */
async function expectFitsPhone(page: Page): Promise<void> {
	await page.setViewportSize({ width: 390, height: 844 });
	const png = await page.screenshot({ fullPage: true });
	const culprits = await page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > 391)
			.filter((el) => !el.closest('.table-wrap, .tabs') || getComputedStyle(el).position === 'absolute')
			.slice(0, 8)
			.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} → ${Math.round(el.getBoundingClientRect().right)} px`)
	);
	await page.setViewportSize({ width: 1280, height: 900 });
	expect(png.readUInt32BE(16), `the page is wider than the phone; sticking out: ${culprits.join(', ')}`).toBe(390);
}

function count(sql: string, ...params: unknown[]): number {
	return (withDb((db) => db.prepare(sql).get(...params)) as { n: number }).n;
}

test('prestations: 2,5 × 419,90 € shared equally gives 1 049,75 € split 524,88 / 524,87; bad input refused in French, kept, not saved', async ({
	page,
	browser
}) => {
	const s = await setUpBid(page, browser, { partner: true });
	const chloe = s.partner!;
	await page.goto(`/reponses/${s.bidId}/prestations`);
	await expect(page.getByRole('heading', { name: 'Prestations', level: 2 })).toBeVisible();

	const add = page.locator('#ajouter');
	// 1. Bad input: too many decimals, weight 0, negative price: three field errors at once.
	await add.getByLabel('Code (facultatif)').fill('L1-3');
	await add.getByLabel('Désignation').fill('Bilan des ateliers');
	await add.getByLabel('Quantité').fill('1,23456');
	await add.getByLabel('Unité (facultatif)').fill('jour');
	await add.getByLabel('Prix unitaire HT (€)').fill('-5');
	await add.getByRole('checkbox', { name: /Anne Martin/ }).check();
	await add.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
	await add.getByLabel('Poids pour Chloé Bernard').fill('0');
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();

	await expect(add.getByText('Quantité : 3 décimales au maximum.')).toBeVisible();
	await expect(add.getByText('Prix unitaire : le montant ne peut pas être négatif.')).toBeVisible();
	await expect(add.getByText(/^Poids : 0 ne donne aucune part/)).toBeVisible();
	await expect(add.getByLabel('Quantité')).toHaveAttribute('aria-invalid', 'true');
	await expect(add.getByLabel('Quantité')).toHaveValue('1,23456');
	await expect(add.getByLabel('Prix unitaire HT (€)')).toHaveValue('-5');
	await expect(add.getByLabel('Désignation')).toHaveValue('Bilan des ateliers');
	await expect(add.getByLabel('Poids pour Chloé Bernard')).toHaveValue('0');
	await expect(add.getByRole('checkbox', { name: /Chloé Bernard/ })).toBeChecked();
	expect(count('select count(*) n from deliverables where bid_id = ?', s.bidId)).toBe(0);
	await screenshot(page, 'prestations-errors');

	// 2. An absurd unit price (10¹² €) passes the format but not the service: still refused.
	await add.getByLabel('Quantité').fill('2,5');
	await add.getByLabel('Prix unitaire HT (€)').fill('1000000000000');
	await add.getByLabel('Poids pour Chloé Bernard').fill('1');
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(add.getByText('Prix unitaire : 1 milliard d’euros au maximum.')).toBeVisible();
	await expect(add.getByLabel('Prix unitaire HT (€)')).toHaveValue('1000000000000');
	await expect(add.getByLabel('Quantité')).toHaveValue('2,5');
	expect(count('select count(*) n from deliverables where bid_id = ?', s.bidId)).toBe(0);

	// 3. Valid: the live preview announces the amount and the parts before saving.
	await add.getByLabel('Prix unitaire HT (€)').fill('419,90');
	await expect(
		add.getByText(`Montant HT : ${formatEuros(104975)} — Anne Martin ${formatEuros(52488)}, Chloé Bernard ${formatEuros(52487)}`)
	).toBeVisible();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('status').getByText('Prestation « Bilan des ateliers » ajoutée.')).toBeVisible();

	const row = page.locator('tr', { has: page.getByRole('cell', { name: 'Bilan des ateliers', exact: true }) });
	await expect(row.getByRole('cell', { name: '2,5', exact: true })).toBeVisible();
	await expect(row.getByRole('cell', { name: formatEuros(41990), exact: true })).toBeVisible();
	await expect(row.getByRole('cell', { name: formatEuros(104975), exact: true })).toBeVisible();
	await expect(row.getByRole('listitem').filter({ hasText: 'Anne Martin' })).toContainText(formatEuros(52488));
	await expect(row.getByRole('listitem').filter({ hasText: 'Chloé Bernard' })).toContainText(formatEuros(52487));
	const saved = withDb((db) =>
		db.prepare('select quantity_milli q, unit_price_cents p, code, unit from deliverables where bid_id = ?').all(s.bidId)
	);
	expect(saved).toEqual([{ q: 2500, p: 41990, code: 'L1-3', unit: 'jour' }]);
	// Lot total vs the buyer's estimate (12 000 €).
	const lot = page.locator('section', { has: page.getByRole('heading', { name: 'Lot 1 — Ateliers' }) });
	await expect(lot.locator('tfoot')).toContainText(formatEuros(104975));
	await expect(lot.locator('tfoot')).toContainText(`Écart : ${formatEuros(104975 - 1200000)}`);

	// Per person: Anne's own row is marked as hers.
	const mine = page.locator('tr.mine-row');
	await expect(mine.getByRole('rowheader')).toContainText('Anne Martin');
	await expect(mine.getByText('Vos prestations')).toBeVisible();
	await expect(mine.getByRole('cell', { name: formatEuros(52488), exact: true })).toBeVisible();
	await screenshot(page, 'prestations');
	await expectFitsPhone(page);

	// Chloé sees her own row highlighted; a member adds her own lines and edits the ones she is on (issue 12).
	await chloe.page.goto(`/reponses/${s.bidId}/prestations`);
	await expect(chloe.page.locator('tr.mine-row').getByRole('rowheader')).toContainText('Chloé Bernard');
	await expect(chloe.page.getByRole('button', { name: 'Ajouter la prestation' })).toHaveCount(1);
	await expect(chloe.page.getByRole('link', { name: /^Modifier/ })).toHaveCount(1);

	// Edit: 60/40 weights; the edit form keeps the assignees' order.
	await page.getByRole('link', { name: 'Modifier « Bilan des ateliers »' }).click();
	const edit = page.locator('#modifier');
	await expect(edit.getByRole('heading', { name: 'Modifier « Bilan des ateliers »' })).toBeFocused();
	await expect(edit.getByLabel('Quantité')).toHaveValue('2,5');
	await expect(edit.getByLabel('Prix unitaire HT (€)')).toHaveValue('419,90');
	await edit.getByLabel('Poids pour Anne Martin').fill('60');
	await edit.getByLabel('Poids pour Chloé Bernard').fill('40');
	await edit.getByRole('button', { name: 'Enregistrer la prestation' }).click();
	await expect(page.locator('#modifier')).toHaveCount(0);
	await expect(row.getByRole('listitem').filter({ hasText: 'Anne Martin' })).toContainText(formatEuros(62985));
	await expect(row.getByRole('listitem').filter({ hasText: 'Chloé Bernard' })).toContainText(formatEuros(41990));
	await s.close();
});

test('sections: reorder with the keyboard buttons and by drag and drop, survives a reload; edit authors', async ({ page, browser }) => {
	const s = await setUpBid(page, browser, { partner: true });
	await page.goto(`/reponses/${s.bidId}/sections`);
	await expect(page.getByRole('heading', { name: 'Lot 1 — Ateliers' })).toBeVisible();
	expect(await outline(page)).toEqual([
		'Présentation du groupement',
		'Compréhension du besoin',
		'Méthodologie',
		'Moyens humains',
		'Planning',
		'Références',
		'Démarche environnementale'
	]);

	// Keyboard: focus « Monter « Méthodologie » », press Enter twice; the focus follows the row.
	const up = page.getByRole('button', { name: 'Monter « Méthodologie »' });
	await up.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').getByText('« Méthodologie » est maintenant en position 2.')).toBeVisible();
	await expect(up).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').getByText('« Méthodologie » est maintenant en position 1.')).toBeVisible();
	// At the top, « Monter » is disabled and the focus moves to « Descendre ».
	await expect(up).toBeDisabled();
	await expect(page.getByRole('button', { name: 'Descendre « Méthodologie »' })).toBeFocused();
	await page.getByRole('button', { name: 'Descendre « Planning »' }).click();
	await expect(page.getByRole('status').getByText('« Planning » est maintenant en position 6.')).toBeVisible();

	await page.reload();
	expect(await outline(page)).toEqual([
		'Méthodologie',
		'Présentation du groupement',
		'Compréhension du besoin',
		'Moyens humains',
		'Références',
		'Planning',
		'Démarche environnementale'
	]);

	// Without JavaScript the same buttons are plain forms, and the confirmation is in the page.
	const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
	const plain = await noJs.newPage();
	await plain.goto(`/reponses/${s.bidId}/sections`);
	await plain.getByRole('button', { name: 'Descendre « Présentation du groupement »' }).click();
	await expect(plain.getByRole('status').filter({ hasText: '« Présentation du groupement » est maintenant en position 3.' })).toBeVisible();
	expect((await outline(plain)).slice(0, 3)).toEqual(['Méthodologie', 'Compréhension du besoin', 'Présentation du groupement']);
	await noJs.close();
	await page.reload();

	// Drag and drop: « Démarche environnementale » onto the top half of the first row.
	const last = page.locator('tr', { has: page.getByRole('link', { name: 'Démarche environnementale', exact: true }) });
	const first = page.locator('tr', { has: page.getByRole('link', { name: 'Méthodologie', exact: true }) });
	// Tall enough for the whole table: a scroll during the drag would move the rows under the mouse.
	await page.setViewportSize({ width: 1280, height: 1400 });
	await last.dragTo(first, { targetPosition: { x: 40, y: 4 } });
	await expect(page.getByRole('status').getByText('« Démarche environnementale » est maintenant en position 1.')).toBeVisible();
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.reload();
	expect((await outline(page))[0]).toBe('Démarche environnementale');
	const positions = withDb((db) => db.prepare('select title from sections where bid_id = ? order by position').all(s.bidId)) as Array<{
		title: string;
	}>;
	expect(positions.map((p) => p.title).slice(0, 3)).toEqual(['Démarche environnementale', 'Méthodologie', 'Compréhension du besoin']);

	// Edit authors: no author at all is refused, input kept; then Chloé alone.
	await page.getByRole('link', { name: 'Modifier « Méthodologie »' }).click();
	const edit = page.locator('#modifier');
	await expect(edit.getByRole('heading', { name: 'Modifier « Méthodologie »' })).toBeFocused();
	await edit.getByRole('checkbox', { name: /Anne Martin/ }).uncheck();
	await edit.getByLabel('Limite').selectOption('pages');
	await edit.getByLabel('Nombre de pages ou de caractères').fill('4');
	await edit.getByLabel("Critère d'attribution").selectOption('Valeur technique');
	await edit.getByRole('button', { name: 'Enregistrer la section' }).click();
	await expect(edit.getByText('Auteur·rices : choisissez au moins une personne.')).toBeVisible();
	await expect(edit.getByLabel('Nombre de pages ou de caractères')).toHaveValue('4');
	await expect(edit.getByLabel("Critère d'attribution")).toHaveValue('Valeur technique');

	await edit.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
	await edit.getByLabel('Relecteur·rice').selectOption({ label: 'Anne Martin' });
	await edit.getByRole('button', { name: 'Enregistrer la section' }).click();
	await expect(page.locator('#modifier')).toHaveCount(0);
	const row = page.locator('tr', { has: page.getByRole('link', { name: 'Méthodologie', exact: true }) });
	await expect(row.getByRole('cell').nth(2)).toHaveText('Chloé Bernard');
	await expect(row.getByRole('cell').nth(3)).toHaveText('Anne Martin');
	await expect(row.getByRole('cell', { name: '4 pages' })).toBeVisible();
	await expect(row.getByRole('cell', { name: 'Valeur technique' })).toBeVisible();
	const authors = withDb((db) =>
		db
			.prepare(
				'select u.name from section_authors a join users u on u.id = a.user_id join sections s on s.id = a.section_id where s.bid_id = ? and s.title = ?'
			)
			.all(s.bidId, 'Méthodologie')
	);
	expect(authors).toEqual([{ name: 'Chloé Bernard' }]);

	// A common section, with a free-text criterion and a due date.
	const add = page.locator('#ajouter');
	await add.getByLabel('Titre').fill('Annexes');
	await add.getByLabel('Lot', { exact: true }).selectOption({ label: 'Commun à tous les lots' });
	await add.getByLabel("Critère d'attribution").selectOption({ label: 'Autre (saisir ci-dessous)' });
	await add.getByLabel('Autre critère').fill('Références similaires');
	await add.getByLabel('Échéance').fill('2030-03-15T18:00');
	await add.getByRole('button', { name: 'Ajouter la section' }).click();
	await expect(page.getByRole('status').getByText('Section « Annexes » ajoutée.')).toBeVisible();
	const common = page.locator('section', { has: page.getByRole('heading', { name: 'Commun à tous les lots' }) });
	await expect(common.getByRole('link', { name: 'Annexes', exact: true })).toBeVisible();
	await expect(common.getByRole('cell', { name: 'Références similaires' })).toBeVisible();
	await expect(common.locator('time')).toHaveText(/^15\/03\/2030 18:00\s*\(UTC\+01:00\)$/);
	expect(withDb((db) => db.prepare("select due_at from sections where bid_id = ? and title = 'Annexes'").get(s.bidId))).toEqual({
		due_at: Date.UTC(2030, 2, 15, 17, 0)
	});
	await screenshot(page, 'sections');
	await expectFitsPhone(page);

	// Chloé, a member, sees the outline but no controls.
	await s.partner!.page.goto(`/reponses/${s.bidId}/sections`);
	await expect(s.partner!.page.getByRole('link', { name: 'Méthodologie', exact: true })).toBeVisible();
	await expect(s.partner!.page.getByRole('button', { name: /^Monter/ })).toHaveCount(0);
	await s.close();
});

test('pieces: progress, mark an item provided with a PDF; an .exe renamed .pdf is refused in French', async ({ page, browser }) => {
	const s = await setUpBid(page, browser, { partner: true });
	await page.goto(`/reponses/${s.bidId}/pieces`);
	const total = count('select count(*) n from requirement_items where bid_id = ?', s.bidId);
	expect(total).toBeGreaterThan(5);
	await expect(page.getByText(`0 / ${total} pièces fournies`)).toBeVisible();
	// Per member (the tender does not ask the DC2 per lot): expanded with the member's organisation.
	await expect(
		page.getByRole('heading', { name: `DC2 — déclaration du candidat (ou DUME) — ${s.partner!.organisation}`, exact: true })
	).toBeVisible();

	const dc1 = page.locator('li', { has: page.getByRole('heading', { name: 'DC1 — lettre de candidature (ou DUME)' }) });
	await dc1.getByLabel('Statut', { exact: false }).selectOption({ label: 'Fourni' });
	await dc1.getByLabel('Responsable', { exact: false }).selectOption({ label: 'Chloé Bernard' });
	await dc1.getByLabel(/^Fichier/).setInputFiles({
		name: 'DC1-signe.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
	});
	await dc1.getByRole('button', { name: /^Enregistrer/ }).click();
	await expect(page.getByRole('status').getByText('Pièce enregistrée avec son fichier.')).toBeVisible();
	await expect(dc1.getByRole('link', { name: 'DC1-signe.pdf' })).toBeVisible();
	await expect(dc1.getByText('Responsable : Chloé Bernard')).toBeVisible();
	await expect(page.getByText(`1 / ${total} pièces fournies`)).toBeVisible();
	const item = withDb((db) =>
		db
			.prepare(
				"select i.status, f.mime, f.name from requirement_items i join requirements r on r.id = i.requirement_id join files f on f.id = i.file_id where i.bid_id = ? and r.label like 'DC1%'"
			)
			.get(s.bidId)
	);
	expect(item).toEqual({ status: 'provided', mime: 'application/pdf', name: 'DC1-signe.pdf' });
	const href = await dc1.getByRole('link', { name: 'DC1-signe.pdf' }).getAttribute('href');
	expect(href).toMatch(/^\/fichiers\/[a-z2-7]+$/);
	const download = await page.request.get(href!);
	expect(download.status()).toBe(200);
	expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

	// An executable renamed .pdf: refused by content, nothing stored, the choice kept.
	const files = count('select count(*) n from files where bid_id = ?', s.bidId);
	const rib = page.locator('li', { has: page.getByRole('heading', { name: 'RIB de chaque membre' }) });
	await rib.getByLabel('Statut', { exact: false }).selectOption({ label: 'Fourni' });
	await rib.getByLabel(/^Fichier/).setInputFiles({
		name: 'RIB.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff')
	});
	await rib.getByRole('button', { name: /^Enregistrer/ }).click();
	await expect(rib.getByText(/^Fichier : seuls les PDF, DOCX, XLSX, ODT et ZIP sont acceptés/)).toBeVisible();
	await expect(rib.getByLabel(/^Fichier/)).toHaveAttribute('aria-invalid', 'true');
	await expect(rib.getByLabel('Statut', { exact: false })).toHaveValue('provided');
	expect(count('select count(*) n from files where bid_id = ?', s.bidId)).toBe(files);
	expect(
		withDb((db) =>
			db
				.prepare(
					"select i.status from requirement_items i join requirements r on r.id = i.requirement_id where i.bid_id = ? and r.label = 'RIB de chaque membre'"
				)
				.get(s.bidId)
		)
	).toEqual({ status: 'todo' });

	// « Sans objet » counts as done.
	const habilitation = page.locator('li', { has: page.getByRole('heading', { name: 'Habilitation du mandataire par les membres' }) });
	await habilitation.getByLabel('Statut', { exact: false }).selectOption({ label: 'Sans objet' });
	await habilitation.getByRole('button', { name: /^Enregistrer/ }).click();
	await expect(page.getByText(`2 / ${total} pièces fournies`)).toBeVisible();
	await screenshot(page, 'pieces');
	await expectFitsPhone(page);
	await s.close();
});
