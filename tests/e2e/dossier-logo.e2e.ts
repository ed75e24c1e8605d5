/**
 * The group's logo (issue 14 item 7): on the bid's overview the coordinator's GIF is refused in
 * French naming the file, a PNG (built here) is kept and shown, and the draft mémoire from the
 * « Dépôt » tab carries it on its cover (an image part under word/media/). Screenshots of the
 * overview with the logo at 1280 and 390 px go to /work/shots/logo/ when that folder exists.
 */
import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { setUpBid } from './fixtures';
import { pngBytes } from '../support/images';

test.setTimeout(120_000);

const SHOTS = '/work/shots/logo';

test('the coordinator uploads the group’s logo and the draft mémoire’s cover carries it', async ({ page, browser }) => {
	const s = await setUpBid(page, browser);
	try {
		await page.goto(`/reponses/${s.bidId}`);
		const card = page.locator('section', { has: page.getByRole('heading', { name: 'Logo du groupement' }) });
		await expect(card.getByText('Aucun logo')).toBeVisible();

		await card
			.getByLabel('Ajouter un logo')
			.setInputFiles({ name: 'anime.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x02\x00\x01\x00') });
		await card.getByRole('button', { name: 'Enregistrer le logo' }).click();
		await expect(card.getByText('Logo : « anime.gif » refusé, seuls les PNG et JPEG sont acceptés')).toBeVisible();

		await card
			.getByLabel('Ajouter un logo')
			.setInputFiles({ name: 'logo-gamma.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes(160, 64)) });
		await card.getByRole('button', { name: 'Enregistrer le logo' }).click();
		await expect(page.getByText('Logo « logo-gamma.png » enregistré.')).toBeVisible();
		const img = card.getByRole('img', { name: 'Logo du groupement (logo-gamma.png)' });
		await expect(img).toBeVisible();
		expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(160);
		await expect(card.getByRole('button', { name: 'Retirer le logo' })).toBeVisible();
		if (existsSync(SHOTS)) {
			await page.setViewportSize({ width: 1280, height: 900 });
			await card.scrollIntoViewIfNeeded();
			await page.screenshot({ path: `${SHOTS}/overview-1280.png`, fullPage: true });
			await page.setViewportSize({ width: 390, height: 844 });
			await page.screenshot({ path: `${SHOTS}/overview-390.png`, fullPage: true });
		}

		await page.goto(`/reponses/${s.bidId}/depot`);
		const href = `/reponses/${s.bidId}/brouillon/memoire-lot-1.docx`;
		await expect(page.locator(`a[href="${href}"]`)).toBeVisible();
		const response = await page.request.get(href);
		expect(response.status()).toBe(200);
		const parts = Object.keys(unzipSync(new Uint8Array(await response.body())));
		expect(parts.some((p) => /^word\/media\/.+\.png$/.test(p))).toBe(true);
	} finally {
		await s.close();
	}
});
