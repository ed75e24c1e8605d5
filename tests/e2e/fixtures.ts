/**
 * Builds a bid through the real UI (the server owns the SQLite file: tests only read it):
 * a coordinator with their organisation, a tender with lots, a bid, and optionally a partner
 * from another CAE who accepts the e-mailed invitation.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createOrganisation, lastMail, linkIn, signUp, uniqueEmail } from './support';

/** A Paris wall time N days from now at 12:00, as a datetime-local value. */
export function parisLocalInDays(days: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}T12:00`;
}

export interface TenderFields {
	buyer?: string;
	reference?: string;
	title: string;
	estimate?: string;
	dlroInDays?: number;
}

/** Creates a call for tenders; returns its id. */
export async function createTender(page: Page, t: TenderFields): Promise<string> {
	await page.goto('/appels-d-offres/nouveau');
	await page.getByLabel('Acheteur').fill(t.buyer ?? 'Communauté de communes du Haut-Limousin');
	await page.getByLabel('Référence').fill(t.reference ?? '2026-HL-07');
	await page.getByLabel('Intitulé', { exact: true }).fill(t.title);
	await page.getByLabel('Montant estimé HT (€)').fill(t.estimate ?? '35 000');
	await page.getByLabel('Date limite de remise des offres').fill(parisLocalInDays(t.dlroInDays ?? 20));
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
	return page.url().split('/').pop()!;
}

export interface LotFields {
	number: number;
	title: string;
	estimate?: string;
	pageLimit?: string;
	/** [label, weight %], up to 5, totalling 100. */
	criteria: Array<[string, string]>;
}

/** Adds a lot on the tender page the browser is on (and checks it was added, unless told not to). */
export async function addLot(page: Page, lot: LotFields, opts: { expectAdded?: boolean } = {}): Promise<void> {
	const details = page.locator('details', { has: page.getByText('Ajouter un lot') });
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await page.getByLabel('Numéro').fill(String(lot.number));
	await page.getByLabel('Intitulé du lot').fill(lot.title);
	await details.getByLabel('Montant estimé HT (€)').fill(lot.estimate ?? '');
	await page.getByLabel('Limite de pages').fill(lot.pageLimit ?? '');
	for (let i = 1; i <= 5; i++) {
		await page.getByLabel(`Critère ${i}`, { exact: true }).fill(lot.criteria[i - 1]?.[0] ?? '');
		await page.getByLabel(`Pondération ${i} (%)`).fill(lot.criteria[i - 1]?.[1] ?? '');
	}
	await page.getByRole('button', { name: 'Ajouter le lot' }).click();
	if (opts.expectAdded ?? true) await expect(page.getByRole('cell', { name: lot.title, exact: true })).toBeVisible();
}

/** Creates the bid on the tender page the browser is on, for the given lots; returns its id. */
export async function createBid(page: Page, lots: LotFields[]): Promise<string> {
	for (const lot of lots) await page.getByLabel(`Lot ${lot.number} — ${lot.title}`).check();
	await page.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(page).toHaveURL(/\/reponses\/[a-z2-7]+$/);
	return page.url().split('/').pop()!;
}

export interface Person {
	name: string;
	email: string;
	organisation: string;
}

export interface BidSetup {
	bidId: string;
	tenderId: string;
	coordinator: Person;
	/** Present when asked for: a member from another CAE, signed in in its own browser context. */
	partner?: Person & { page: Page; context: BrowserContext };
	lots: LotFields[];
	close(): Promise<void>;
}

export const DEFAULT_LOTS: LotFields[] = [
	{
		number: 1,
		title: 'Ateliers',
		estimate: '12 000',
		pageLimit: '20',
		criteria: [
			['Prix', '40'],
			['Valeur technique', '50'],
			['Performance environnementale', '10']
		]
	}
];

/**
 * Anne (CAE GAMMA) creates a tender, its lots and a bid in `page`; with `partner`, Chloé
 * (CAE DELTA) signs up in a second context and joins as a member through the e-mailed link.
 * Names carry a per-run suffix so that tests never see each other's data.
 */
export async function setUpBid(
	page: Page,
	browser: Browser,
	opts: { partner?: boolean; lots?: LotFields[]; title?: string } = {}
): Promise<BidSetup> {
	const lots = opts.lots ?? DEFAULT_LOTS;
	const coordinator: Person = { name: 'Anne Martin', email: uniqueEmail('anne'), organisation: `CAE GAMMA ${Date.now().toString(36)}` };
	await signUp(page, coordinator.name, coordinator.email);
	await createOrganisation(page, coordinator.organisation, '11');
	const tenderId = await createTender(page, { title: opts.title ?? 'Accompagnement numérique des TPE' });
	for (const lot of lots) await addLot(page, lot);
	const bidId = await createBid(page, lots);

	let partner: BidSetup['partner'];
	if (opts.partner) {
		const context = await browser.newContext();
		const other = await context.newPage();
		const p: Person = { name: 'Chloé Bernard', email: uniqueEmail('chloe'), organisation: `CAE DELTA ${Date.now().toString(36)}` };
		await signUp(other, p.name, p.email);
		await createOrganisation(other, p.organisation, '9');

		await page.goto(`/reponses/${bidId}`);
		await page.getByLabel('Adresse e-mail').fill(p.email);
		await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
		await expect(page.getByText(`Invitation envoyée à ${p.email}.`)).toBeVisible();

		await other.goto(linkIn(lastMail(p.email).body));
		await other.getByRole('button', { name: "Accepter l'invitation" }).click();
		await expect(other).toHaveURL(new RegExp(`/reponses/${bidId}$`));
		partner = { ...p, page: other, context };
	}
	return {
		bidId,
		tenderId,
		coordinator,
		partner,
		lots,
		close: async () => {
			await partner?.context.close();
		}
	};
}
