/**
 * The buyer's forms from the organisation's profile (issue 14): an admin fills in
 * « Identification pour les marchés (DC2) » (a wrong value is refused in French and what was typed
 * comes back), then the « Dépôt » tab lists the forms and the DC2 draft of the bid carries the
 * profile's values.
 */
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { setUpBid } from './fixtures';

test.setTimeout(120_000);

test('an admin fills the DC2 profile and the bid’s DC2 draft carries it', async ({ page, browser }) => {
	const s = await setUpBid(page, browser);
	try {
		await page.goto('/organisation');
		const card = page.locator('section', { has: page.getByRole('heading', { name: 'Identification pour les marchés (DC2)' }) });
		await card.getByLabel('Forme juridique').fill('SCOP SARL');
		await card.getByLabel('Adresse', { exact: true }).fill('3 place de la Halle, 23000 Guéret');
		await card.getByLabel('Courriel').fill('contact@gamma.example');
		await card.getByLabel('Téléphone').fill('05 55 12 34 56');
		await card.getByLabel('Représentant (nom)').fill('Anne Martin');
		await card.getByLabel('Représentant (qualité)').fill('Gérante');
		await card.getByLabel('Effectif moyen').fill('une douzaine');
		await card.getByLabel('Exercice 1', { exact: true }).fill('2025');
		await card.getByLabel('Chiffre d’affaires HT (exercice 1, €)').fill('812 000');
		await card.getByLabel('Références').fill('Ateliers numériques de la ville de Limoges (2024)');
		await card.getByRole('button', { name: 'Enregistrer l’identification' }).click();
		await expect(card.getByText('Effectif moyen : indiquez un nombre entier de personnes')).toBeVisible();
		await expect(card.getByLabel('Forme juridique')).toHaveValue('SCOP SARL');

		await card.getByLabel('Effectif moyen').fill('12');
		await card.getByRole('button', { name: 'Enregistrer l’identification' }).click();
		await expect(page.getByText('Identification pour les marchés enregistrée.')).toBeVisible();
		await page.reload();
		await expect(card.getByLabel('Effectif moyen')).toHaveValue('12');

		await page.goto(`/reponses/${s.bidId}/depot`);
		const forms = page.locator('section', { has: page.getByRole('heading', { name: /Formulaires/ }) });
		await expect(forms.getByText('Brouillon')).toBeVisible();
		await expect(forms.getByText(/^DC1 — /)).toBeVisible();
		const dc2 = forms.locator('li', { hasText: `DC2 — ${s.coordinator.organisation}` });
		const href = await dc2.getByRole('link', { name: 'DOCX' }).getAttribute('href');
		const response = await page.request.get(href!);
		expect(response.status()).toBe(200);
		const xml = strFromU8(unzipSync(new Uint8Array(await response.body()))['word/document.xml']!);
		const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
		expect(text).toContain('BROUILLON');
		expect(text).toContain('SCOP SARL');
		expect(text).toContain('3 place de la Halle, 23000 Guéret');
		expect(text).toContain('Anne Martin, Gérante');
		expect(text).toMatch(/812\s000,00\s€/);
		expect(text).toContain('Effectifs moyens annuels : 12');
		expect(text).toContain('Ateliers numériques de la ville de Limoges (2024)');

		const pdf = await page.request.get(`/reponses/${s.bidId}/brouillon/ATTRI1-Lot-1.pdf`);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await page.request.get(`/reponses/${s.bidId}/brouillon/DC9.pdf`)).status()).toBe(404);
	} finally {
		await s.close();
	}
});
