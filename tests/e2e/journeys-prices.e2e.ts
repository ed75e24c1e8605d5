/**
 * Issue 12, price lines, fee and répartition, walked as the group would in the built app: the
 * fee agreed before any line, lines entered by the coordinator and by the members themselves,
 * assignees ticked in the order wanted (no edit afterwards), the lot and unit kept from one line
 * to the next, and the DOMAIN.md worked example's figures to the cent; then the order changed
 * with the keyboard, and the fee invoice read one way on the page and in the CSV. Runs on its
 * own demo server (the demo's people: Anne and Bruno of CAE GAMMA 11 %, Chloé of CAE DELTA 9 %).
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { formatEuros } from '../../src/lib/domain/money';
import { DEMO_PASSWORD, useDemoServer } from './demo-server';
import { addLot, createBid, createTender, type LotFields } from './fixtures';
import { linkIn } from './support';

test.describe.configure({ mode: 'serial' });
const demo = useDemoServer();
const SHOTS = '/work/shots/prices';

const LOTS: LotFields[] = [
	{
		number: 1,
		title: 'Ateliers',
		estimate: '13 000',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '60']
		]
	},
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

let bidId = '';
let anne: Page;
let bruno: Page;
let chloe: Page;

async function signIn(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: demo.url(''), locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/connexion/);
	return page;
}

async function open(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 20_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

interface LineEntry {
	/** Only when it changes: the form keeps the lot of the previous line. */
	lot?: string;
	code: string;
	label: string;
	quantity: string;
	unit?: string;
	price: string;
	/** Ticked in this order, with a weight when not 1. */
	people: Array<[string, string?]>;
}

/** Fills the add form as a person would: tick the people in the order wanted, no edit afterwards. */
async function addLine(page: Page, l: LineEntry): Promise<Locator> {
	const add = page.locator('[data-form="new"]');
	if (l.lot) await add.getByLabel('Lot').selectOption({ label: l.lot });
	await add.getByLabel('Code (facultatif)').fill(l.code);
	await add.getByLabel('Désignation').fill(l.label);
	await add.getByLabel('Quantité').fill(l.quantity);
	if (l.unit !== undefined) await add.getByLabel('Unité (facultatif)').fill(l.unit);
	await add.getByLabel('Prix unitaire HT (€)').fill(l.price);
	for (const [name, weight] of l.people) {
		await add.getByRole('checkbox', { name: new RegExp(name) }).check();
		if (weight) await add.getByLabel(`Poids pour ${name}`).fill(weight);
	}
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	const row = lineRow(page, l.label);
	await expect(row).toBeVisible();
	return row;
}

/** The line's row in its lot's table (the « Par personne » table names the lines too). */
function lineRow(page: Page, label: string): Locator {
	return page.locator('tr[id^="ligne-"]').filter({ hasText: label });
}

function personRow(page: Page, name: string) {
	return page.getByRole('table', { name: 'Répartition par personne' }).getByRole('row', { name: new RegExp(name) });
}

test('the group sets its fee first, then enters its lines by ticking people in order: DOMAIN.md to the cent', async ({ browser }) => {
	anne = await signIn(browser, 'anne@demo.test');
	await createTender(anne, { title: 'Parcours numérique des TPE', reference: '2027-PN-01', estimate: '33 000' });
	for (const lot of LOTS) await addLot(anne, lot);
	bidId = await createBid(anne, LOTS);

	bruno = await signIn(browser, 'bruno@demo.test');
	chloe = await signIn(browser, 'chloe@demo.test');
	for (const [page, email] of [
		[bruno, 'bruno@demo.test'],
		[chloe, 'chloe@demo.test']
	] as const) {
		await anne.goto(`/reponses/${bidId}`);
		await anne.getByLabel('Adresse e-mail').fill(email);
		await anne.getByRole('button', { name: "Envoyer l'invitation" }).click();
		await expect(anne.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
		const body = demo.db(
			(db) => (db.prepare('select body from outbox where to_address = ? order by id desc limit 1').get(email) as { body: string }).body
		);
		await page.goto(linkIn(body));
		await page.getByRole('button', { name: "Accepter l'invitation" }).click();
		await expect(page).toHaveURL(new RegExp(`/reponses/${bidId}$`));
	}

	// Item 4: the fee is agreed before pricing; the field is there with no line yet.
	await open(anne, `/reponses/${bidId}/repartition`);
	await expect(anne.getByText("Aucune prestation pour l'instant")).toBeVisible();
	await anne.getByLabel('Frais de coordination (%)').fill('4');
	await anne.getByRole('button', { name: 'Enregistrer le taux' }).click();
	await expect(anne.getByRole('heading', { name: /Frais de coordination : 4\s%/ })).toBeVisible();
	await shoot(anne, 'repartition-fee-first');

	// Items 1 and 6: Anne enters her lines; the lot and unit stay from one line to the next, focus back on « Lot ».
	await open(anne, `/reponses/${bidId}/prestations`);
	const add = anne.locator('[data-form="new"]');
	await addLine(anne, {
		code: 'L1-1',
		label: 'Ateliers collectifs',
		quantity: '12',
		unit: 'atelier',
		price: '645,00',
		people: [['Anne Martin']]
	});
	await expect(add.getByLabel('Lot')).toBeFocused();
	await expect(add.getByLabel('Unité (facultatif)')).toHaveValue('atelier');
	await addLine(anne, {
		code: 'L1-3',
		label: 'Bilan et évaluation',
		quantity: '2,5',
		unit: 'jour',
		price: '419,90',
		people: [['Anne Martin'], ['Chloé Bernard']]
	});
	await addLine(anne, {
		lot: 'Lot 2 — Site et contenus',
		code: 'L2-2',
		label: 'Charte graphique',
		quantity: '1',
		unit: 'forfait',
		price: '5 000,00',
		// Not the form's order (coordinator first, then alphabetical): Bruno, Chloé, then Anne.
		people: [['Bruno Petit'], ['Chloé Bernard'], ['Anne Martin']]
	});
	await expect(add.getByLabel('Lot')).toBeFocused();
	await expect(add.getByLabel('Lot').locator('option:checked')).toHaveText('Lot 2 — Site et contenus');
	await expect(add.getByLabel('Unité (facultatif)')).toHaveValue('forfait');
	// No re-selection: this line lands in lot 2 with the previous one.
	const contents = await addLine(anne, {
		code: 'L2-3',
		label: 'Rédaction des contenus',
		quantity: '7',
		price: '333,33',
		people: [
			['Bruno Petit', '60'],
			['Chloé Bernard', '40']
		]
	});
	await expect(
		anne.getByRole('table', { name: /Lot 2/ }).locator('tr[id^="ligne-"]').filter({ hasText: 'Rédaction des contenus' })
	).toHaveCount(1);
	await expect(contents).toContainText(formatEuros(139_999));

	// The shared line shows the order kept and who received the rounding cents.
	const charte = lineRow(anne, 'Charte graphique');
	await expect(charte.getByRole('listitem')).toHaveText([
		new RegExp(`^1\\.\\s*Bruno Petit\\s*${formatEuros(166_667)}$`),
		new RegExp(`^2\\.\\s*Chloé Bernard\\s*${formatEuros(166_667)}$`),
		new RegExp(`^3\\.\\s*Anne Martin\\s*${formatEuros(166_666)}$`)
	]);
	await expect(charte).toContainText("centimes d'arrondi : Bruno Petit, Chloé Bernard");

	// Item 11: members enter their own lines, themselves ticked from the start.
	await open(bruno, `/reponses/${bidId}/prestations`);
	const brunoAdd = bruno.locator('[data-form="new"]');
	await expect(brunoAdd.getByRole('checkbox', { name: /Bruno Petit/ })).toBeChecked();
	await addLine(bruno, {
		lot: 'Lot 1 — Ateliers',
		code: 'L1-2',
		label: 'Supports pédagogiques',
		quantity: '1',
		price: '3 875,25',
		people: []
	});
	await open(chloe, `/reponses/${bidId}/prestations`);
	await addLine(chloe, {
		lot: 'Lot 2 — Site et contenus',
		code: 'L2-1',
		label: 'Site internet',
		quantity: '1',
		price: '12 499,00',
		people: []
	});
	// She may change the lines she is on, not Anne's own.
	await expect(chloe.getByRole('link', { name: 'Modifier « Site internet »' })).toBeVisible();
	await expect(chloe.getByRole('link', { name: 'Modifier « Charte graphique »' })).toBeVisible();
	await expect(chloe.getByRole('link', { name: 'Modifier « Ateliers collectifs »' })).toHaveCount(0);
	await expect(bruno.getByRole('link', { name: 'Modifier « Site internet »' })).toHaveCount(0);
	await shoot(chloe, 'prestations-member');

	// The répartition: DOMAIN.md's worked example, to the cent.
	await open(anne, `/reponses/${bidId}/repartition`);
	await expect(personRow(anne, 'Anne Martin')).toContainText(formatEuros(993_154));
	await expect(personRow(anne, 'Anne Martin')).toContainText(formatEuros(90_263));
	await expect(personRow(anne, 'Anne Martin')).toContainText(formatEuros(964_241));
	await expect(personRow(anne, 'Bruno Petit')).toContainText(formatEuros(694_191));
	await expect(personRow(anne, 'Bruno Petit')).toContainText(formatEuros(27_768));
	await expect(personRow(anne, 'Bruno Petit')).toContainText(formatEuros(593_116));
	await expect(personRow(anne, 'Chloé Bernard')).toContainText(formatEuros(1_562_386));
	await expect(personRow(anne, 'Chloé Bernard')).toContainText(formatEuros(62_495));
	await expect(personRow(anne, 'Chloé Bernard')).toContainText(formatEuros(1_364_901));
	const lots = anne.getByRole('table', { name: 'Montant par lot et membre du groupement' });
	for (const [lot, org, cents] of [
		['Lot 1', 'CAE GAMMA', 1_214_013],
		['Lot 1', 'CAE DELTA', 52_487],
		['Lot 2', 'CAE GAMMA', 473_332],
		['Lot 2', 'CAE DELTA', 1_509_899]
	] as const) {
		const row = lots
			.getByRole('row')
			.filter({ hasText: lot })
			.filter({ has: anne.getByRole('rowheader', { name: new RegExp(`^${org}`) }) });
		await expect(row.getByRole('cell').last()).toHaveText(formatEuros(cents));
	}

	// Item 3: the fee invoice says who invoices whom, the same way on the page and in the CSV.
	const invoices = anne.getByRole('table', { name: 'Factures de frais de coordination' });
	const billed = invoices.getByRole('row', { name: /CAE GAMMA facture 624,95\s€ HT à CAE DELTA/ });
	await expect(billed).toContainText(formatEuros(74_994));
	await expect(invoices.getByText('→')).toHaveCount(0);
	const csv = await (await anne.request.get(`/reponses/${bidId}/repartition/export.csv`)).text();
	const lines = csv.split('\r\n');
	const header = lines.indexOf('Frais de coordination entre structures') + 1;
	expect(lines[header]).toBe('Émetteur de la facture;Facturé à;Facture;Libellé;HT;TVA (%);TVA;TTC');
	expect(lines.slice(header + 1)).toContainEqual(
		expect.stringMatching(/^CAE GAMMA;CAE DELTA;oui;CAE GAMMA facture 624,95\s€ HT à CAE DELTA;624,95;20,00;124,99;749,94$/)
	);
	const json = (await (await anne.request.get(`/reponses/${bidId}/repartition/export.json`)).json()) as {
		feeInvoices: Array<{ issuerName: string; billedName: string; statement: string; internal: boolean }>;
	};
	expect(json.feeInvoices.filter((f) => !f.internal).map((f) => [f.issuerName, f.billedName])).toEqual([['CAE GAMMA', 'CAE DELTA']]);
	await shoot(anne, 'repartition');
});

test('the order of a line is changed with the keyboard on edit, and the rounding cent follows it', async () => {
	await open(anne, `/reponses/${bidId}/prestations`);
	await anne.getByRole('link', { name: 'Modifier « Bilan et évaluation »' }).click();
	const edit = anne.locator('#modifier');
	const order = edit.getByRole('list', { name: 'Ordre sur la ligne' });
	await expect(order.getByRole('listitem')).toHaveText([/^\s*1\.\s*Anne Martin/, /^\s*2\.\s*Chloé Bernard/]);
	await edit.getByRole('button', { name: 'Monter Chloé Bernard' }).focus();
	await anne.keyboard.press('Enter');
	await expect(order.getByRole('listitem')).toHaveText([/^\s*1\.\s*Chloé Bernard/, /^\s*2\.\s*Anne Martin/]);
	// « Monter » is now disabled at the top: the focus stays on Chloé's controls.
	await expect(edit.getByRole('button', { name: 'Descendre Chloé Bernard' })).toBeFocused();
	await expect(edit.getByText(/centime d'arrondi : Chloé Bernard/)).toBeVisible();
	await shoot(anne, 'prestations-edit-order');
	await edit.getByRole('button', { name: 'Enregistrer la prestation' }).click();
	const bilan = lineRow(anne, 'Bilan et évaluation');
	await expect(bilan.getByRole('listitem')).toHaveText([
		new RegExp(`^1\\.\\s*Chloé Bernard\\s*${formatEuros(52_488)}$`),
		new RegExp(`^2\\.\\s*Anne Martin\\s*${formatEuros(52_487)}$`)
	]);
	await expect(bilan).toContainText("centime d'arrondi : Chloé Bernard");
});
