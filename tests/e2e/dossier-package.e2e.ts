/**
 * Issue 14's closing journey, walked in the built app: a group of two CAEs answers a two-lot
 * tender (lot 2 with a page limit), imports the buyer's DQE on lot 1 and prices its lines, adds a
 * shared line on lot 2; the « Dépôt » tab refuses while a section is empty or a lot's mémoire is
 * over its limit, with the reason and a link; once everything is written, validated, provided and
 * accepted the coordinator approves, downloads the ZIP and records the deposit. The ZIP is then
 * read back: its layout, the manifest's SHA-256 against the bytes and the page, DC1's members and
 * prestations, each ATTRI1's per-member amounts against the split's export, the filled workbook
 * against the uploaded one, and no person's net, contribution or coordination fee in any file.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { PDFParse } from 'pdf-parse';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { setUpBid, type LotFields } from './fixtures';
import { withDb } from './support';
import { openSection, storedText } from './editor-fixtures';

const SHOTS = '/work/shots/dossier';

const LOTS: LotFields[] = [
	{
		number: 1,
		title: 'Ateliers numériques',
		estimate: '9 000',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '60']
		]
	},
	{
		number: 2,
		title: 'Diagnostic des commerces',
		estimate: '4 000',
		pageLimit: '1',
		criteria: [
			['Prix', '50'],
			['Valeur technique', '50']
		]
	}
];

/** The buyer's DQE rows for lot 1: code, label, unit, quantity, and the price the group sets. */
const DQE_LINES = [
	{ row: 5, code: '1.1', label: 'Ateliers collectifs pour débuter', unit: 'séance', qty: 6, price: '487,30', who: ['Anne Martin'] },
	{
		row: 6,
		code: '1.2',
		label: 'Accompagnement individuel des commerçants',
		unit: 'heure',
		qty: 40,
		price: '61,15',
		who: ['Chloé Bernard']
	},
	{
		row: 7,
		code: '1.3',
		label: 'Supports pédagogiques imprimés',
		unit: 'forfait',
		qty: 1,
		price: '1 318,45',
		who: ['Anne Martin', 'Chloé Bernard']
	}
] as const;
const LOT2_LINE = { label: 'Diagnostic numérique partagé', qty: '3', unit: 'jour', price: '1 157,90' };

/** The buyer's workbook: a merged title, a header row, three priced rows with formulas, a total, an instructions sheet. */
async function buyerDqe(): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Communauté de communes du Haut-Limousin';
	const ws = wb.addWorksheet('DQE Lot 1');
	ws.columns = [{ width: 8 }, { width: 48 }, { width: 10 }, { width: 8 }, { width: 16 }, { width: 16 }];
	ws.mergeCells('A1:F1');
	ws.getCell('A1').value = 'DÉTAIL QUANTITATIF ESTIMATIF — Lot 1 : Ateliers numériques';
	ws.getCell('A1').font = { bold: true, size: 14 };
	ws.getRow(3).values = ['N°', 'Désignation des prestations', 'Unité', 'Qté', 'Prix unitaire HT', 'Montant HT'];
	ws.getRow(3).font = { bold: true };
	ws.mergeCells('A4:F4');
	ws.getCell('A4').value = '1. Accompagnement';
	for (const l of DQE_LINES) {
		ws.getRow(l.row).values = [l.code, l.label, l.unit, l.qty];
		ws.getCell(`E${l.row}`).numFmt = '#,##0.00 €';
		ws.getCell(`F${l.row}`).value = { formula: `D${l.row}*E${l.row}`, result: 0 };
		ws.getCell(`F${l.row}`).numFmt = '#,##0.00 €';
	}
	ws.getCell('B9').value = 'Total général HT';
	ws.getCell('F9').value = { formula: 'SUM(F5:F7)', result: 0 };
	const notice = wb.addWorksheet('Mode d’emploi');
	notice.getCell('A1').value = 'Complétez uniquement la colonne des prix unitaires.';
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A one-page PDF saying `line` (the habilitation the members signed, scanned by the coordinator). */
function tinyPdf(line: string): Buffer {
	const stream = `BT /F1 14 Tf 72 720 Td (${line}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

async function shots(page: Page, name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

/** fr-FR formatting puts narrow or plain no-break spaces in amounts: one plain space everywhere. */
function normalise(s: string): string {
	return s.replace(/[\u202f\u00a0\s]+/g, ' ');
}

/** « 1 234,56 € », as the forms write an amount (spaces normalised). */
function euros(cents: number): string {
	return normalise(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));
}

/** « 1 234,56 »: the figure alone, as it may appear in any text. */
function figure(cents: number): string {
	return euros(cents).replace(/ €$/, '');
}

/** Whether `text` holds the figure as a whole number (not the tail or head of a longer one). */
function holdsFigure(text: string, cents: number): boolean {
	const f = figure(cents).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\d,])${f}(?![\\d])`).test(text);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
	const parser = new PDFParse({ data: new Uint8Array(bytes) });
	try {
		return normalise((await parser.getText()).text);
	} finally {
		await parser.destroy();
	}
}

function unescapeXml(s: string): string {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

/** A DOCX's body as text, one paragraph a line, and its table rows' texts. */
function docxText(bytes: Uint8Array): { text: string; rows: string[] } {
	const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
	const toText = (x: string) => normalise(unescapeXml(x.replace(/<w:p[ >]/g, ' $&').replace(/<[^>]+>/g, '')));
	const rows = xml
		.split(/<w:tr[ >]/)
		.slice(1)
		.map((chunk) => toText(chunk.split('</w:tr>')[0]!));
	return { text: toText(xml), rows };
}

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	return wb;
}

/** Every cell of a workbook as text (values, formulas' cached results) and its numbers. */
function workbookContent(wb: ExcelJS.Workbook): { text: string; numbers: number[] } {
	const texts: string[] = [];
	const numbers: number[] = [];
	for (const ws of wb.worksheets)
		ws.eachRow({ includeEmpty: false }, (row) =>
			row.eachCell({ includeEmpty: false }, (cell) => {
				const v = cell.value as unknown;
				const result = v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v;
				if (typeof result === 'number') numbers.push(result);
				texts.push(normalise(cell.text ?? ''));
			})
		);
	return { text: texts.join('\n'), numbers };
}

/** The words the buyer must not read in the deposit: the group's internal split speaks them. */
const FORBIDDEN_WORDS = /\bnets?\b|contributions?|frais de coordination/gi;

/** What a deposited file says: PDF text, DOCX body, XLSX cells (texts and numbers), or plain text. */
async function readable(path: string, bytes: Uint8Array): Promise<{ text: string; numbers: number[] }> {
	if (path.endsWith('.pdf')) return { text: await pdfText(bytes), numbers: [] };
	if (path.endsWith('.docx')) return { text: docxText(bytes).text, numbers: [] };
	if (path.endsWith('.xlsx')) return workbookContent(await workbook(bytes));
	return { text: normalise(strFromU8(bytes)), numbers: [] };
}

/** The forbidden words and the secret figures (« 1 234,56 », or a cell's number) a file shows. */
function leaks(content: { text: string; numbers: number[] }, secret: number[]): string[] {
	const words = [...content.text.matchAll(FORBIDDEN_WORDS)].map((m) => m[0].toLowerCase());
	const figures = secret.filter((c) => holdsFigure(content.text, c) || content.numbers.includes(c / 100)).map(figure);
	return [...new Set([...words, ...figures])];
}

/** The split's export (the répartition page's JSON): the oracle of every amount. */
interface SplitExport {
	lots: Array<{ number: number; amountCents: number; members: Array<{ organisationId: string; name: string; amountCents: number }> }>;
	lines: Array<{ label: string; lotNumber: number; unitPriceCents: number; quantityMilli: number; amountCents: number }>;
	people: Array<{
		name: string;
		netCents: number;
		contributionCents: number;
		feePaidCents: number;
		feeReceivedCents: number;
	}>;
	organisations: Array<{ name: string; netCents: number; contributionCents: number; feePaidCents: number; feeReceivedCents: number }>;
	feeInvoices: Array<{ amountHtCents: number; vatCents: number; amountTtcCents: number }>;
	totals: { offerCents: number; feeCents: number; contributionCents: number; netCents: number };
}

async function validateSection(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Valider', exact: true }).click();
	await expect(page.getByText('Validée — verrouillée')).toBeVisible();
}

async function editLine(page: Page, label: string, price: string, people: readonly string[]): Promise<void> {
	await page.getByRole('link', { name: `Modifier « ${label} »` }).click();
	const edit = page.locator('#modifier');
	await edit.getByLabel('Prix unitaire HT (€)').fill(price);
	for (const name of people) await edit.getByRole('checkbox', { name: new RegExp(name) }).check();
	await edit.getByRole('button', { name: 'Enregistrer la prestation' }).click();
	await expect(page.locator('#modifier')).toHaveCount(0);
}

async function accept(page: Page, bidId: string): Promise<void> {
	await page.goto(`/reponses/${bidId}/repartition`);
	await page.getByRole('button', { name: "J'accepte cette répartition" }).click();
	await expect(page.getByRole('button', { name: "J'accepte cette répartition" })).toHaveCount(0);
}

function blockers(page: Page): Locator {
	return page.getByRole('region', { name: 'Prêt pour le dépôt ?' }).getByRole('listitem');
}

test('a group of two CAEs goes from the buyer’s DQE to the ZIP it deposits, and the ZIP tells the buyer only what is theirs', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(420_000);
	const s = await setUpBid(page, browser, { partner: true, lots: LOTS, title: 'Transition numérique des commerces du Haut-Limousin' });
	const chloe = s.partner!;
	const anneOrg = s.coordinator.organisation;
	const chloeOrg = chloe.organisation;

	// The coordination fee is agreed first.
	await page.goto(`/reponses/${s.bidId}/repartition`);
	await page.getByLabel('Frais de coordination (%)').fill('6');
	await page.getByRole('button', { name: 'Enregistrer le taux' }).click();
	await expect(page.getByRole('heading', { name: /Frais de coordination : 6\s%/ })).toBeVisible();

	// The buyer's DQE on lot 1: uploaded, the guessed columns confirmed, its lines created.
	await page.goto(`/reponses/${s.bidId}/prestations`);
	const lot1 = page.locator('section.group', { has: page.getByRole('heading', { name: /Lot 1 — Ateliers numériques/ }) });
	await lot1.getByRole('link', { name: /^Importer le bordereau de l['’]acheteur \(\.xlsx\)$/ }).click();
	const original = await buyerDqe();
	await page
		.getByLabel('Classeur de l’acheteur')
		.setInputFiles({ name: 'DQE-lot-1.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(original) });
	await page.getByRole('button', { name: 'Importer le bordereau' }).click();
	await expect(page.getByText('DQE-lot-1.xlsx', { exact: true })).toBeVisible();
	await expect(page.getByLabel('Désignation', { exact: true })).toHaveValue('B');
	await expect(page.getByLabel('Prix unitaire', { exact: true })).toHaveValue('E');
	await expect(page.getByLabel('Ligne des titres')).toHaveValue('3');
	await expect(page.getByRole('region', { name: /Lignes de prix qui seront créées \(3\)/ }).locator('tbody tr')).toHaveCount(3);
	await page.getByRole('button', { name: 'Créer les lignes de prix' }).click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${s.bidId}/prestations`));
	for (const l of DQE_LINES) await expect(lot1.getByText(`ligne ${l.row} du bordereau`)).toBeVisible();

	// The imported lines priced and assigned; a line on lot 2 shared by both people.
	for (const l of DQE_LINES) await editLine(page, l.label, l.price, l.who);
	const add = page.locator('[data-form="new"]');
	await add.getByLabel('Lot').selectOption({ label: 'Lot 2 — Diagnostic des commerces' });
	await add.getByLabel('Désignation').fill(LOT2_LINE.label);
	await add.getByLabel('Quantité').fill(LOT2_LINE.qty);
	await add.getByLabel('Unité (facultatif)').fill(LOT2_LINE.unit);
	await add.getByLabel('Prix unitaire HT (€)').fill(LOT2_LINE.price);
	for (const name of ['Anne Martin', 'Chloé Bernard']) await add.getByRole('checkbox', { name: new RegExp(name) }).check();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.locator('tr[id^="ligne-"]').filter({ hasText: LOT2_LINE.label })).toBeVisible();

	// Before anything is written: the « Dépôt » tab lists what blocks, the empty sections among
	// them with a link to each, and approving is not offered.
	const sections = withDb(
		(db) =>
			db
				.prepare(
					'select s.id, s.title, l.number as lot from sections s left join lots l on l.id = s.lot_id where s.bid_id = ? order by s.position'
				)
				.all(s.bidId) as Array<{ id: string; title: string; lot: number | null }>
	);
	expect(sections.length).toBeGreaterThan(2);
	await page.goto(`/reponses/${s.bidId}/depot`);
	const approve = page.getByRole('button', { name: 'Approuver et figer la réponse…' });
	await expect(approve).toBeDisabled();
	const first = sections[0]!;
	const emptyLink = page.getByRole('link', { name: `Section vide : « ${first.title} » (lot ${first.lot}) — écrivez son contenu.` });
	await expect(emptyLink).toBeVisible();
	await expect(blockers(page).filter({ hasText: 'Section vide' })).toHaveCount(sections.length);
	await expect(blockers(page).filter({ hasText: /n’a pas encore accepté la répartition/ })).toHaveCount(2);
	await expect(blockers(page).filter({ hasText: /Pièce à fournir : Habilitation du mandataire/ })).toHaveCount(1);
	await shots(page, 'depot-blockers');
	await emptyLink.click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${s.bidId}/sections/${first.id}$`));

	// The server refuses too, with the reasons, whatever the page shows.
	const refused = await page.request.post(`/reponses/${s.bidId}/depot?/submit`, {
		headers: { origin: baseURL!, 'x-sveltekit-action': 'true' },
		form: {}
	});
	const refusal = await refused.text();
	expect(refusal).toContain('Dépôt impossible');
	expect(refusal).toContain(`Section vide : « ${first.title} »`);

	// Lot 2's mémoire over its one page: Chloé pastes a long methodology; the blocker names the lot.
	const lot2Method = sections.find((x) => x.lot === 2 && x.title === 'Méthodologie')!;
	const long = 'Chaque commerce reçoit une visite, un questionnaire et un plan d’action partagé avec la chambre consulaire. '.repeat(40);
	let editor = await openSection(chloe.page, s.bidId, lot2Method.id);
	await editor.click();
	await chloe.page.keyboard.insertText(long);
	await expect.poll(() => storedText(lot2Method.id).length).toBeGreaterThan(long.length);
	await page.goto(`/reponses/${s.bidId}/depot`);
	const overLimit = page.getByRole('link', { name: /^Le mémoire du lot 2 dépasse sa limite : ≈\s[\d,]+\spages? pour 1\spage au plus\.$/ });
	await expect(overLimit).toBeVisible();
	await expect(overLimit).toHaveAttribute('href', `/reponses/${s.bidId}/sections`);
	await expect(approve).toBeDisabled();
	const overRefusal = await (
		await page.request.post(`/reponses/${s.bidId}/depot?/submit`, { headers: { origin: baseURL!, 'x-sveltekit-action': 'true' }, form: {} })
	).text();
	expect(overRefusal).toContain('Le mémoire du lot 2 dépasse sa limite');
	// Fixed: the methodology cut down to a paragraph.
	editor = await openSection(chloe.page, s.bidId, lot2Method.id);
	await editor.click();
	await chloe.page.keyboard.press('ControlOrMeta+a');
	await chloe.page.keyboard.insertText('Une visite par commerce, puis un plan d’action partagé.');
	await expect.poll(() => storedText(lot2Method.id)).not.toContain('questionnaire');
	await page.goto(`/reponses/${s.bidId}/depot`);
	await expect(page.getByText(/Le mémoire du lot 2 dépasse sa limite/)).toHaveCount(0);

	// Every section written and validated.
	for (const sec of sections) {
		if (sec.id !== lot2Method.id) {
			const text = await openSection(page, s.bidId, sec.id);
			await text.click();
			await page.keyboard.type(`Lot ${sec.lot}, ${sec.title} : notre démarche auprès des commerçants.`);
			await expect.poll(() => storedText(sec.id)).toContain(`${sec.title} : notre démarche`);
		} else await page.goto(`/reponses/${s.bidId}/sections/${sec.id}`);
		await validateSection(page);
	}

	// Pieces: the habilitation signed and attached; what does not apply marked « Sans objet ».
	await page.goto(`/reponses/${s.bidId}/depot`);
	const pieceBlockers = (
		await blockers(page)
			.filter({ hasText: /Pièce à fournir/ })
			.allTextContents()
	).map(normalise);
	expect(pieceBlockers.length).toBeGreaterThan(1);
	await page.goto(`/reponses/${s.bidId}/pieces`);
	const items = page.locator('li.piece');
	const count = await items.count();
	for (let i = 0; i < count; i++) {
		const item = items.nth(i);
		const title = normalise((await item.locator('h4').textContent())!);
		// DC1, DC2, ATTRI1, the mémoire and lot 1's schedule are written by Cotrait at approval.
		if (/^(DC1|DC2|Acte d’engagement|Mémoire technique)/.test(title) || title === 'Bordereau des prix (BPU/DQE ou DPGF) — lot 1') continue;
		if (title.startsWith('Habilitation du mandataire')) {
			await item.getByLabel(/^Fichier/).setInputFiles({
				name: 'habilitation-signee.pdf',
				mimeType: 'application/pdf',
				buffer: tinyPdf('Habilitation du mandataire signee par les deux membres')
			});
			await item.getByRole('button', { name: /^Enregistrer/ }).click();
			await expect(item.getByText('Fichier joint :')).toBeVisible();
		} else {
			await item.getByLabel('Statut', { exact: false }).selectOption({ label: 'Sans objet' });
			await item.getByRole('button', { name: /^Enregistrer/ }).click();
			await expect(item.getByLabel('Statut', { exact: false })).toHaveValue('na');
		}
	}

	// Both accept the split, then the coordinator approves.
	await accept(page, s.bidId);
	await accept(chloe.page, s.bidId);
	const oracle = (await (await page.request.get(`/reponses/${s.bidId}/repartition/export.json`)).json()) as SplitExport;
	await page.goto(`/reponses/${s.bidId}/depot`);
	await expect(page.getByText('Tout est prêt')).toBeVisible();
	await page.getByRole('button', { name: 'Approuver et figer la réponse…' }).click();
	await page.getByRole('button', { name: "Confirmer l'approbation" }).click();
	await expect(page.getByRole('heading', { name: 'Réponse figée — à déposer sur la plateforme de l’acheteur' })).toBeVisible({
		timeout: 60_000
	});
	const header = page.locator('header.bid-header');
	await expect(header.getByText('Figée — à déposer', { exact: true })).toBeVisible();
	// The next step names the DLRO once, with the time left, inside its sentence.
	const record = page.getByRole('region', { name: /^Réponse figée/ });
	await expect(record.getByRole('listitem').filter({ hasText: 'Déposez-le sur' })).toContainText(/avant le .+ — dans \d+/);
	await expect(record.getByText('Date limite de remise des offres')).toHaveCount(0);
	await shots(page, 'depot-figee');

	// The ZIP, downloaded as the coordinator would.
	const zipLink = page.getByRole('link', { name: /^Télécharger le dossier à déposer \(ZIP, [\d,]+ (ko|Mo)\)$/ });
	const [download] = await Promise.all([page.waitForEvent('download'), zipLink.click()]);
	expect(download.suggestedFilename()).toMatch(/^dossier-.*\.zip$/);
	const zipBytes = new Uint8Array(readFileSync(await download.path()));
	const zip = unzipSync(zipBytes);
	const paths = Object.keys(zip).sort();

	// The files the page lists, with their SHA-256.
	const shown = new Map<string, string>();
	const rows = page.locator('table tbody tr');
	for (let i = 0; i < (await rows.count()); i++) {
		const name = (await rows.nth(i).getByRole('link').textContent())!.trim();
		shown.set(name, (await rows.nth(i).locator('code').textContent())!.trim());
	}
	expect(shown.get(download.suggestedFilename())).toBe(createHash('sha256').update(zipBytes).digest('hex'));

	// The layout platforms expect.
	const anneDc2 = paths.find((p) => p.startsWith('1-Candidature/DC2-CAE-GAMMA'));
	const chloeDc2 = paths.find((p) => p.startsWith('1-Candidature/DC2-CAE-DELTA'));
	expect(anneDc2, paths.join('\n')).toMatch(/\.pdf$|\.docx$/);
	expect(chloeDc2, paths.join('\n')).toMatch(/\.pdf$|\.docx$/);
	for (const p of [
		'1-Candidature/DC1.docx',
		'1-Candidature/DC1.pdf',
		'1-Candidature/Habilitation-du-mandataire-par-les-membres.pdf',
		'2-Offre/Lot-1/ATTRI1-Lot-1.docx',
		'2-Offre/Lot-1/ATTRI1-Lot-1.pdf',
		'2-Offre/Lot-1/Memoire-technique-Lot-1.pdf',
		'2-Offre/Lot-1/Repartition-prestations-Lot-1.pdf',
		'2-Offre/Lot-1/DQE-lot-1-complete.xlsx',
		'2-Offre/Lot-2/ATTRI1-Lot-2.docx',
		'2-Offre/Lot-2/ATTRI1-Lot-2.pdf',
		'2-Offre/Lot-2/Memoire-technique-Lot-2.pdf',
		'2-Offre/Lot-2/Repartition-prestations-Lot-2.pdf',
		'manifeste-sha256.txt'
	])
		expect(paths, p).toContain(p);
	expect(paths.filter((p) => p.startsWith('1-Candidature/DC2-'))).toHaveLength(4); // DOCX and PDF per member
	expect(paths.filter((p) => p.startsWith('2-Offre/Lot-2/') && p.endsWith('.xlsx'))).toEqual([]);
	// Nothing internal: no annex, no DOCX working copy of the mémoire.
	expect(paths.filter((p) => /annexe|repartition-interne|Memoire.*\.docx/i.test(p))).toEqual([]);

	// The manifest: « <sha256>  <path> » per file, matching the bytes and the page.
	const manifest = strFromU8(zip['manifeste-sha256.txt']!);
	const listed = manifest
		.trimEnd()
		.split('\n')
		.map((line) => {
			const m = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
			expect(m, line).not.toBeNull();
			return { sha: m![1]!, path: m![2]! };
		});
	expect(listed.map((l) => l.path).sort()).toEqual(paths.filter((p) => p !== 'manifeste-sha256.txt'));
	for (const { sha, path } of listed) {
		expect(createHash('sha256').update(zip[path]!).digest('hex'), path).toBe(sha);
		expect(shown.get(path.split('/').pop()!), path).toBe(sha);
	}
	expect(shown.size).toBe(listed.length + 1);

	// DC1 names both members, each with the prestations it performs (from the lines' assignees).
	const performs = (person: string) =>
		[...DQE_LINES.filter((l) => (l.who as readonly string[]).includes(person)).map((l) => l.label), LOT2_LINE.label] as string[];
	const dc1 = docxText(zip['1-Candidature/DC1.docx']!);
	const dc1Pdf = await pdfText(zip['1-Candidature/DC1.pdf']!);
	for (const [org, person, other] of [
		[anneOrg, 'Anne Martin', 'Chloé Bernard'],
		[chloeOrg, 'Chloé Bernard', 'Anne Martin']
	] as const) {
		expect(dc1Pdf).toContain(org);
		for (const label of performs(person)) expect(dc1Pdf).toContain(label);
		const row = dc1.rows.find((r) => r.includes(org) && r.includes('SIRET'));
		expect(row, org).toBeDefined();
		for (const label of performs(person)) expect(row, `${org} performs ${label}`).toContain(label);
		for (const label of performs(other).filter((l) => !performs(person).includes(l)))
			expect(row, `${org} not ${label}`).not.toContain(label);
	}

	// Each ATTRI1: each member's amount is the split's per-lot amount for that member.
	for (const lot of oracle.lots) {
		expect(lot.members).toHaveLength(2);
		const docx = docxText(zip[`2-Offre/Lot-${lot.number}/ATTRI1-Lot-${lot.number}.docx`]!);
		const pdf = await pdfText(zip[`2-Offre/Lot-${lot.number}/ATTRI1-Lot-${lot.number}.pdf`]!);
		const breakdown = await pdfText(zip[`2-Offre/Lot-${lot.number}/Repartition-prestations-Lot-${lot.number}.pdf`]!);
		for (const m of lot.members) {
			const row = docx.rows.find((r) => r.includes(m.name) && r.includes('€') && !r.includes('SIRET'));
			expect(row, `lot ${lot.number}, ${m.name}`).toBeDefined();
			expect(row).toContain(euros(m.amountCents));
			expect(pdf).toContain(euros(m.amountCents));
			expect(breakdown).toContain(euros(m.amountCents));
		}
		expect(docx.text).toContain(euros(lot.amountCents));
		expect(lot.members.reduce((sum, m) => sum + m.amountCents, 0)).toBe(lot.amountCents);
	}

	// The filled workbook: the lines' unit prices at their rows, every other cell as uploaded.
	const filled = await workbook(zip['2-Offre/Lot-1/DQE-lot-1-complete.xlsx']!);
	const before = await workbook(original);
	const sheet = filled.getWorksheet('DQE Lot 1')!;
	for (const l of DQE_LINES) {
		const line = oracle.lines.find((x) => x.label === l.label)!;
		expect(sheet.getCell(`E${l.row}`).value, l.label).toBe(line.unitPriceCents / 100);
		expect(sheet.getCell(`F${l.row}`).value, l.label).toEqual({ formula: `D${l.row}*E${l.row}`, result: line.amountCents / 100 });
	}
	const written = new Set(DQE_LINES.flatMap((l) => [`E${l.row}`, `F${l.row}`]));
	expect(filled.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name));
	for (const ws of before.worksheets) {
		const other = filled.getWorksheet(ws.name)!;
		for (let r = 1; r <= 12; r++)
			for (let c = 1; c <= 8; c++) {
				const cell = ws.getCell(r, c);
				if (ws.name === 'DQE Lot 1' && written.has(cell.address)) continue;
				const facts = (x: ExcelJS.Cell) => JSON.stringify({ value: x.value, style: x.style, type: x.type });
				expect(facts(other.getCell(r, c)), `${ws.name}!${cell.address}`).toBe(facts(cell));
			}
	}

	// What the buyer must never read: each person's and organisation's net, contribution and
	// fee, the fee invoices. The amounts were chosen so that none of those figures is, or is part
	// of, an amount the deposit legitimately shows (checked here, so a change of figures that
	// made them meet would fail loudly rather than pass by luck).
	const secret = [
		...oracle.people.flatMap((p) => [p.netCents, p.contributionCents, p.feePaidCents, p.feeReceivedCents]),
		...oracle.organisations.flatMap((o) => [o.netCents, o.contributionCents, o.feePaidCents, o.feeReceivedCents]),
		...oracle.feeInvoices.flatMap((f) => [f.amountHtCents, f.vatCents, f.amountTtcCents]),
		oracle.totals.feeCents,
		oracle.totals.contributionCents,
		oracle.totals.netCents
	].filter((c) => c > 0);
	expect(oracle.totals.feeCents).toBeGreaterThan(0);
	expect(oracle.totals.contributionCents).toBeGreaterThan(0);
	const vat = (c: number) => Math.round(c * 0.2);
	const shownAmounts = [
		...oracle.lines.flatMap((l) => [l.unitPriceCents, l.amountCents]),
		...oracle.lots.flatMap((l) => [
			l.amountCents,
			vat(l.amountCents),
			l.amountCents + vat(l.amountCents),
			...l.members.map((m) => m.amountCents)
		]),
		oracle.totals.offerCents
	];
	for (const c of secret)
		for (const d of shownAmounts) expect(holdsFigure(euros(d), c), `${figure(c)} within the deposited ${euros(d)}`).toBe(false);

	for (const path of paths) {
		const content = await readable(path, zip[path]!);
		expect(content.text.length, path).toBeGreaterThan(20);
		expect(leaks(content, secret), path).toEqual([]);
	}
	// The detector does see them where they belong: the group's internal split, kept apart.
	const internal = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: /^annexe-repartition-.*\.pdf$/ }) });
	const annexName = (await internal.getByRole('link').textContent())!.trim();
	const annex = await page.request.get((await internal.getByRole('link').getAttribute('href'))!);
	const found = leaks(await readable(annexName, new Uint8Array(await annex.body())), secret);
	expect(found).toContain('frais de coordination');
	expect(found.filter((f) => /^\d/.test(f)).length).toBeGreaterThanOrEqual(oracle.people.length);

	// The deposit on the platform recorded: only now is the bid « Déposée ».
	await page.getByRole('button', { name: 'Enregistrer le dépôt' }).click();
	await expect(page.getByRole('heading', { name: 'Réponse déposée' })).toBeVisible();
	await expect(header.getByText('Déposée', { exact: true })).toBeVisible();
	await expect(header.getByText('Figée — à déposer', { exact: true })).toHaveCount(0);
	await shots(page, 'depot-deposee');
	await s.close();
});
