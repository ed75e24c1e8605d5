/**
 * The buyer's price schedule, round trip, as a coordinator walks it: a file that is not a
 * workbook is refused in French; the buyer's DQE (merged title, formulas, hidden column, three
 * sheets) is uploaded on lot 2, the guessed columns are confirmed, the lines appear with their
 * row, are priced through the line form, and the downloaded workbook holds exactly those prices
 * with every other cell as the buyer sent it.
 */
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { setUpBid, type LotFields } from './fixtures';
import { withDb } from './support';
import { dqeWorkbook } from '../unit/dossier/workbooks';

const SHOTS = '/work/shots/schedule';
const LOTS: LotFields[] = [
	{ number: 1, title: 'Ateliers', estimate: '12 000', criteria: [['Prix', '100']] },
	{
		number: 2,
		title: 'Site et contenus',
		estimate: '20 000',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '60']
		]
	}
];

async function shots(page: Page, name: string): Promise<void> {
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

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	return wb;
}

test('the coordinator imports the buyer’s DQE on lot 2, prices its lines and downloads the same workbook filled in', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const s = await setUpBid(page, browser, { lots: LOTS });
	await page.goto(`/reponses/${s.bidId}/prestations`);
	const lot2 = page.locator('section.group', { has: page.getByRole('heading', { name: /Lot 2 — Site et contenus/ }) });
	await lot2.getByRole('link', { name: /^Importer le bordereau de l['’]acheteur \(\.xlsx\)$/ }).click();
	await expect(page.getByRole('heading', { level: 2, name: /^Bordereau de prix de l['’]acheteur — lot 2$/ })).toBeVisible();

	// A text file named .xlsx is refused on the file field, in French, and nothing is kept.
	await page
		.getByLabel('Classeur de l’acheteur')
		.setInputFiles({ name: 'bordereau.xlsx', mimeType: 'text/plain', buffer: Buffer.from('prix') });
	await page.getByRole('button', { name: 'Importer le bordereau' }).click();
	await expect(page.getByText(/ce n’est pas un classeur Excel \(\.xlsx\)/)).toBeVisible();
	expect(withDb((db) => db.prepare('select count(*) n from price_schedules where bid_id = ?').get(s.bidId) as { n: number }).n).toBe(0);

	const original = await dqeWorkbook();
	await page
		.getByLabel('Classeur de l’acheteur')
		.setInputFiles({ name: 'DQE-lot-2.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(original) });
	await page.getByRole('button', { name: 'Importer le bordereau' }).click();
	await expect(page.getByText('DQE-lot-2.xlsx', { exact: true })).toBeVisible();

	// The sheets as tabs, the priced one shown, its columns guessed from the header row.
	const tabs = page.getByRole('navigation', { name: 'Feuilles du classeur' });
	await expect(tabs.getByRole('link')).toHaveText(['Mode d’emploi', 'DQE Lot 2', 'Récapitulatif']);
	await expect(tabs.getByRole('link', { name: 'DQE Lot 2' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByLabel('Désignation', { exact: true })).toHaveValue('B');
	await expect(page.getByLabel('Prix unitaire', { exact: true })).toHaveValue('E');
	await expect(page.getByLabel('Montant (facultatif)')).toHaveValue('F');
	await expect(page.getByLabel('Ligne des titres')).toHaveValue('3');
	const preview = page.getByRole('region', { name: /Lignes de prix qui seront créées \(4\)/ });
	await expect(preview.locator('tbody tr')).toHaveCount(4);
	await expect(preview.locator('tbody tr').first()).toContainText('Ateliers de conception avec les habitants');
	await shots(page, 'mapping');

	// Another sheet: nothing recognised there, said so.
	await tabs.getByRole('link', { name: 'Mode d’emploi' }).click();
	await expect(page.getByText(/n'a pas reconnu de ligne des titres/)).toBeVisible();
	await tabs.getByRole('link', { name: 'DQE Lot 2' }).click();
	await expect(page.getByLabel('Désignation', { exact: true })).toHaveValue('B');

	await page.getByRole('button', { name: 'Créer les lignes de prix' }).click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${s.bidId}/prestations`));
	await expect(lot2.getByText('ligne 5 du bordereau')).toBeVisible();
	await expect(lot2.getByText('ligne 10 du bordereau')).toBeVisible();

	// Prices set as a person would, line by line through the edit form.
	const prices: Array<[string, string]> = [
		['Ateliers de conception avec les habitants', '450'],
		['Maquettes graphiques', '3 200,50'],
		['Rédaction des contenus', '90,01'],
		['Développement du site', '11 500']
	];
	for (const [label, price] of prices) {
		await page.getByRole('link', { name: `Modifier « ${label} »` }).click();
		const edit = page.locator('#modifier');
		await edit.getByLabel('Prix unitaire HT (€)').fill(price);
		await edit.getByRole('checkbox', { name: /Anne Martin/ }).check();
		await edit.getByRole('button', { name: 'Enregistrer la prestation' }).click();
		await expect(page.locator('#modifier')).toHaveCount(0);
	}
	await expect(lot2.getByRole('cell', { name: '2 295,26 €', exact: true })).toBeVisible();
	await shots(page, 'prestations');

	await lot2.getByRole('link', { name: 'DQE-lot-2.xlsx' }).click();
	await expect(page.getByRole('heading', { name: /Lignes du bordereau \(4\)/ })).toBeVisible();
	await shots(page, 'confirmed');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Télécharger le bordereau complété' }).click()
	]);
	expect(download.suggestedFilename()).toBe('DQE-lot-2-complete.xlsx');
	const filled = await workbook(new Uint8Array(readFileSync(await download.path())));
	const before = await workbook(original);

	// The prices are the lines'; the amounts keep the buyer's formulas with the lines' amounts.
	const dqe = filled.getWorksheet('DQE Lot 2')!;
	expect([5, 6, 7, 10].map((r) => dqe.getCell(`E${r}`).value)).toEqual([450, 3200.5, 90.01, 11500]);
	expect([5, 6, 7, 10].map((r) => dqe.getCell(`F${r}`).value)).toEqual([
		{ formula: 'D5*E5', result: 1800 },
		{ formula: 'D6*E6', result: 3200.5 },
		{ formula: 'D7*E7', result: 2295.26 },
		{ formula: 'D10*E10', result: 11500 }
	]);
	// Every other cell of every sheet is the buyer's: value or formula, style, merges, hidden columns.
	const filledCells = new Set([5, 6, 7, 10].flatMap((r) => [`E${r}`, `F${r}`]));
	expect(filled.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name));
	for (const sheet of before.worksheets) {
		const other = filled.getWorksheet(sheet.name)!;
		expect((other.model as { merges: string[] }).merges).toEqual((sheet.model as { merges: string[] }).merges);
		for (let c = 1; c <= 8; c++) expect(other.getColumn(c).hidden, `${sheet.name} column ${c}`).toBe(sheet.getColumn(c).hidden);
		for (let r = 1; r <= 15; r++)
			for (let c = 1; c <= 8; c++) {
				const cell = sheet.getCell(r, c);
				if (sheet.name === 'DQE Lot 2' && filledCells.has(cell.address)) continue;
				const facts = (x: ExcelJS.Cell) => JSON.stringify({ value: x.value, style: x.style, type: x.type });
				expect(facts(other.getCell(r, c)), `${sheet.name}!${cell.address}`).toBe(facts(cell));
			}
	}
});
