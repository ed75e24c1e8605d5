/**
 * Images in a section (issue 15, item 1), as two people in one section would, in Chromium against
 * the built server: Anne inserts a picture with the « Image » button and its description — Chloé
 * sees it; Anne pastes a picture file and drops another (each described in the dialog), pastes HTML
 * with a data: picture (uploaded) and another site's (dropped); Chloé adds
 * one while offline — kept on her device, « Image en cours d’envoi » for nobody yet, uploaded on
 * reconnect and then seen by Anne; the draft DOCX and PDF of the bid contain the pictures. The
 * document stores file ids only, never a data: URL.
 */
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { screenshot, withDb } from './support';
import { coordinatorWithBid, editorStatus, firstSection, openSection, partnerJoins, storedText } from './editor-fixtures';

const OFFLINE = 'Hors ligne — vos modifications sont enregistrées sur cet appareil';

/** A PNG (a 2-colour picture, 160 × 96 unless told) drawn by the page's own canvas, as base64. */
async function pngBase64(page: Page, colour: string, width = 160, height = 96): Promise<string> {
	return page.evaluate(
		async ([fill, w, h]) => {
			const canvas = new OffscreenCanvas(w, h);
			const g = canvas.getContext('2d')!;
			g.fillStyle = fill;
			g.fillRect(0, 0, w, h);
			g.fillStyle = '#ffffff';
			g.fillRect(w / 8, h / 8, w / 4, h / 4);
			const blob = await canvas.convertToBlob({ type: 'image/png' });
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let s = '';
			for (const b of bytes) s += String.fromCharCode(b);
			return btoa(s);
		},
		[colour, width, height] as const
	);
}

/** Fills the description dialog and inserts. */
async function describe(page: Page, alt: string, caption = '') {
	const dialog = page.getByRole('dialog', { name: 'Insérer une image' });
	await expect(dialog).toBeVisible();
	await dialog.getByLabel('Description de l’image (texte alternatif)').fill(alt);
	if (caption) await dialog.getByLabel('Légende (facultative)').fill(caption);
	await dialog.getByRole('button', { name: 'Insérer' }).click();
	await expect(dialog).toBeHidden();
}

test('pictures inserted, pasted, dropped and added offline reach the other person and the exports', async ({ page, browser }) => {
	const { bidId } = await coordinatorWithBid(page, 'Tiers-lieu de Bellac');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);
	const anneText = await openSection(page, bidId, section.id);
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await anneText.click();
	await page.keyboard.type('Notre organisation en image.');

	// 1. The « Image » button: a file and its description, required unless decorative.
	// Wider than the text: shown capped to its width.
	const png = Buffer.from(await pngBase64(page, '#1f5fa8', 1400, 500), 'base64');
	await page.getByRole('button', { name: 'Insérer une image' }).click();
	const dialog = page.getByRole('dialog', { name: 'Insérer une image' });
	await dialog.getByLabel('Fichier image').setInputFiles({ name: 'organigramme.png', mimeType: 'image/png', buffer: png });
	await dialog.getByRole('button', { name: 'Insérer' }).click();
	await expect(dialog.getByText('Description : décrivez l’image, ou cochez « Image décorative ».')).toBeVisible();
	await expect(dialog.getByLabel('Description de l’image (texte alternatif)')).toBeFocused();
	await screenshot(page, 'image-dialog', { fullPage: false });
	await describe(page, 'Organigramme du groupement', 'Qui fait quoi dans le groupement');
	const first = chloeText.getByRole('img', { name: 'Organigramme du groupement' });
	await expect(first).toBeVisible();
	await expect(first).toHaveAttribute('src', /^\/fichiers\/[a-z2-7]{24}$/);
	await expect(chloeText.getByText('Qui fait quoi dans le groupement')).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Envoi de l’image…' })).toHaveCount(0);
	const src = (await first.getAttribute('src'))!;
	const served = await chloe.page.request.get(src);
	expect(served.headers()['content-type']).toBe('image/png');
	expect(served.headers()['x-content-type-options']).toBe('nosniff');
	expect(served.headers()['content-disposition']).toMatch(/^inline;/);

	// 2. Paste a picture file (a ClipboardEvent holding a PNG File), after the first paragraph.
	await anneText.getByText('Notre organisation en image.').click();
	await page.keyboard.press('End');
	const b64 = await pngBase64(page, '#2e7d32');
	await anneText.evaluate((el, data) => {
		const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
		const transfer = new DataTransfer();
		transfer.items.add(new File([bytes], 'photo-chantier.png', { type: 'image/png' }));
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
	}, b64);
	await describe(page, 'Photo du chantier de Bellac');
	await expect(chloeText.getByRole('img', { name: 'Photo du chantier de Bellac' })).toHaveAttribute('src', /^\/fichiers\//);

	// 2b. Pasted HTML: a data: picture is uploaded (never stored as such), another site's is dropped.
	const b64html = await pngBase64(page, '#ef6c00');
	await anneText.getByText('Notre organisation en image.').click();
	await page.keyboard.press('End');
	await anneText.evaluate((el, data) => {
		const transfer = new DataTransfer();
		transfer.setData(
			'text/html',
			`<p>Collé depuis un traitement de texte</p><img src="data:image/png;base64,${data}" alt="Schéma collé"><img src="https://tracker.example/pixel.png" alt="Pixel externe">`
		);
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
	}, b64html);
	await expect(chloeText.getByRole('img', { name: 'Schéma collé' })).toHaveAttribute('src', /^\/fichiers\/[a-z2-7]{24}$/);
	await expect(chloeText).toContainText('Collé depuis un traitement de texte');
	await expect(anneText.getByRole('img', { name: 'Pixel externe' })).toHaveCount(0);

	// 3. Drop a picture file onto the text.
	const b64drop = await pngBase64(page, '#c62828');
	await anneText.evaluate((el, data) => {
		const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
		const transfer = new DataTransfer();
		transfer.items.add(new File([bytes], 'atelier.png', { type: 'image/png' }));
		const box = el.getBoundingClientRect();
		const at = { clientX: box.left + 10, clientY: box.top + 10, dataTransfer: transfer, bubbles: true, cancelable: true };
		el.dispatchEvent(new DragEvent('dragover', at));
		el.dispatchEvent(new DragEvent('drop', at));
	}, b64drop);
	await describe(page, 'Atelier numérique avec des habitants');
	await expect(chloeText.getByRole('img', { name: 'Atelier numérique avec des habitants' })).toHaveAttribute('src', /^\/fichiers\//);

	// 4. Chloé, offline, adds a picture: shown from her device, uploaded once back online.
	await chloe.context.setOffline(true);
	await expect(editorStatus(chloe.page)).toHaveText(OFFLINE);
	await chloeText.click();
	await chloe.page.getByRole('button', { name: 'Insérer une image' }).click();
	await chloe.page
		.getByRole('dialog', { name: 'Insérer une image' })
		.getByLabel('Fichier image')
		.setInputFiles({ name: 'hors-ligne.png', mimeType: 'image/png', buffer: Buffer.from(await pngBase64(page, '#6a1b9a'), 'base64') });
	await describe(chloe.page, 'Plan du tiers-lieu');
	const offlineImage = chloeText.getByRole('img', { name: 'Plan du tiers-lieu' });
	await expect(offlineImage).toHaveAttribute('src', /^blob:/);
	await expect(chloeText.getByText('Envoi de l’image…')).toBeVisible();
	await chloe.context.setOffline(false);
	await expect(editorStatus(chloe.page)).toHaveText('En ligne');
	await expect(offlineImage).toHaveAttribute('src', /^\/fichiers\/[a-z2-7]{24}$/);
	await expect(anneText.getByRole('img', { name: 'Plan du tiers-lieu' })).toHaveAttribute('src', /^\/fichiers\//);
	await expect(anneText.getByRole('img')).toHaveCount(5);

	// The stored document holds file ids, never the bytes or a local address.
	await expect.poll(() => (storedText(section.id).match(/fileId="[a-z2-7]{24}"/g) ?? []).length).toBe(5);
	expect(storedText(section.id)).not.toMatch(/data:|blob:|base64/);
	// One upload per picture: Chloé's offline one was sent once.
	expect(withDb((db) => db.prepare('select count(*) as n from section_images where bid_id = ?').get(bidId))).toEqual({ n: 5 });

	// Anne selects the first picture and changes its description.
	await anneText.getByRole('img', { name: 'Organigramme du groupement' }).click();
	await page.getByRole('button', { name: 'Modifier la description' }).click();
	const edit = page.getByRole('dialog', { name: 'Modifier la description de l’image' });
	await edit.getByLabel('Description de l’image (texte alternatif)').fill('Organigramme : Anne coordonne, Chloé anime');
	await edit.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(chloeText.getByRole('img', { name: 'Organigramme : Anne coordonne, Chloé anime' })).toBeVisible();
	await page.evaluate(() => window.scrollTo(0, 0));
	await screenshot(page, 'section-with-images');

	// 5. The draft exports carry the pictures.
	const docx = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.docx`);
	const parts = unzipSync(new Uint8Array(await docx.body()));
	expect(Object.keys(parts).filter((n) => /^word\/media\/.+/.test(n))).toHaveLength(5);
	const pdf = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.pdf`);
	expect((await pdf.body()).toString('latin1').match(/\/Subtype\s*\/Image/g)?.length).toBeGreaterThanOrEqual(5);
	await chloe.context.close();
});
