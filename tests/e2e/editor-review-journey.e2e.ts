/**
 * Issue 15's « done when », as one review of a section by two people in two browsers: Chloé
 * comments on words while Anne types before them (the comment stays on the same words); Chloé
 * suggests an insertion and a deletion while Anne types elsewhere; Anne accepts one and refuses
 * the other (both browsers show the same text); Chloé pastes a picture, Anne sees it; the draft
 * DOCX and PDF hold exactly the accepted text and the picture; offline, a suggestion and a comment
 * reach Anne on reconnect; the kept version compared with the text shows the change, and
 * restoring it brings the text back for both.
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './support';
import {
	caretAfterPhrase,
	coordinatorWithBid,
	editorStatus,
	editorText,
	firstSection,
	openSection,
	partnerJoins,
	selectText,
	storedText
} from './editor-fixtures';
import { docxContent, pdfContent } from './export-files';

const P1 = 'Nous animerons des ateliers hebdomadaires dans chaque commune.';
const P2 = 'Calendrier :';
const P3 = 'Chaque atelier réunit douze personnes au plus.';

/** Puts the caret at the end of the paragraph that contains `text`. */
async function caretAtEndOf(page: Page, text: string): Promise<void> {
	await editorText(page).locator('p', { hasText: text }).click();
	await page.keyboard.press('End');
}

/** Comments the selection with `body`. */
async function comment(page: Page, body: string): Promise<void> {
	await page.getByRole('button', { name: 'Commenter la sélection' }).click();
	await page.getByLabel('Votre commentaire sur ce passage').fill(body);
	await page.getByRole('button', { name: 'Publier' }).first().click();
}

const highlights = (page: Page) => page.locator('.section-text .comment-anchor');
const threads = (page: Page) => page.getByRole('region', { name: /Commentaires dans le texte/ });

test('two people review a section: comments follow their words, suggestions are accepted or refused, a pasted picture, offline, exports, compare and restore', async ({
	page,
	browser
}) => {
	test.slow(); // one long journey of two people through every review tool
	const { bidId } = await coordinatorWithBid(page, 'Ateliers numériques du Pays de Guéret');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	// Anne writes three paragraphs and keeps a version of them.
	const anneText = await openSection(page, bidId, section.id);
	await anneText.click();
	await page.keyboard.type(P1);
	await page.keyboard.press('Enter');
	await page.keyboard.type(P2);
	await page.keyboard.press('Enter');
	await page.keyboard.type(P3);
	await expect.poll(() => storedText(section.id)).toContain(P3);
	await page.getByLabel('Nom de la version (facultatif)').fill('Avant relecture');
	await page.getByRole('button', { name: 'Enregistrer une version' }).click();
	await expect(page.getByText('Version enregistrée.')).toBeVisible();

	// 1. Chloé comments « douze personnes » while Anne types before those words.
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await expect(chloeText).toContainText(P3);
	await selectText(chloe.page, 'douze personnes');
	await comment(chloe.page, 'Douze, ou quinze comme dans le cahier des charges ?');
	await expect(highlights(page)).toHaveText('douze personnes');
	await anneText.locator('p', { hasText: P3 }).click();
	await page.keyboard.press('Home');
	await page.keyboard.type('Sur inscription, ');
	await expect(chloeText).toContainText('Sur inscription, Chaque atelier réunit douze personnes au plus.');
	for (const p of [page, chloe.page]) await expect(highlights(p)).toHaveText('douze personnes');

	// 2. Chloé suggests removing « hebdomadaires » and adding « ensemble » (apart: suggestions that touch
	// join into one) while Anne types in P2.
	await chloe.page.getByRole('button', { name: 'Suggérer', exact: true }).click();
	await selectText(chloe.page, 'hebdomadaires');
	await caretAtEndOf(page, P2);
	await Promise.all([chloe.page.keyboard.press('Backspace'), page.keyboard.type(' de mars')]);
	await expect(anneText.locator('del')).toHaveText('hebdomadaires');
	await expect(chloeText).toContainText('Calendrier : de mars');
	await caretAfterPhrase(chloe.page, 'Nous animerons');
	await Promise.all([chloe.page.keyboard.type(' ensemble'), page.keyboard.type(' à juin.')]);
	for (const text of [anneText, chloeText]) {
		await expect(text.locator('ins')).toHaveText(' ensemble');
		await expect(text.locator('del')).toHaveText('hebdomadaires');
		await expect(text).toContainText('Calendrier : de mars à juin.');
	}
	await screenshot(page, 'review-journey-pending');

	// Anne accepts the insertion and refuses the deletion: the same text in both browsers.
	const suggestions = page.getByRole('region', { name: /Suggestions/ });
	await suggestions.getByRole('button', { name: 'Accepter : ajout de « ensemble »' }).click();
	await suggestions.getByRole('button', { name: 'Refuser : suppression de « hebdomadaires »' }).click();
	const settled = 'Nous animerons ensemble des ateliers hebdomadaires dans chaque commune.';
	for (const text of [anneText, chloeText]) {
		await expect(text.locator('p').first()).toHaveText(settled);
		await expect(text.locator('ins, del')).toHaveCount(0);
	}
	expect(await anneText.textContent()).toBe(await chloeText.textContent());

	// 3. Chloé, back in « Modifier », pastes a picture under P3: Anne sees it.
	await chloe.page.getByRole('button', { name: 'Modifier', exact: true }).click();
	await caretAtEndOf(chloe.page, 'douze personnes');
	await chloeText.evaluate(async (el) => {
		const canvas = new OffscreenCanvas(200, 120);
		const g = canvas.getContext('2d')!;
		g.fillStyle = '#1565c0';
		g.fillRect(0, 0, 200, 120);
		const blob = await canvas.convertToBlob({ type: 'image/png' });
		const transfer = new DataTransfer();
		transfer.items.add(new File([blob], 'organigramme.png', { type: 'image/png' }));
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
	});
	const dialog = chloe.page.getByRole('dialog', { name: 'Insérer une image' });
	await dialog.getByLabel('Description de l’image (texte alternatif)').fill('Organigramme du groupement');
	await dialog.getByRole('button', { name: 'Insérer' }).click();
	await expect(anneText.getByRole('img', { name: 'Organigramme du groupement' })).toHaveAttribute('src', /^\/fichiers\//);

	// 4. The draft exports hold exactly the accepted text, and the picture.
	await expect.poll(() => storedText(section.id)).toContain('ensemble des ateliers hebdomadaires');
	const docx = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.docx`);
	expect(docx.status()).toBe(200);
	const word = docxContent(new Uint8Array(await docx.body()));
	expect(word.text).toContain(settled);
	expect(word.text).toContain('Calendrier : de mars à juin.');
	expect(word.media.length).toBeGreaterThanOrEqual(1);
	const pdf = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.pdf`);
	expect(pdf.status()).toBe(200);
	const pdfBytes = await pdf.body();
	// Read before parsing: the parser takes the bytes over (their buffer is detached).
	expect(pdfBytes.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
	expect(await pdfContent(new Uint8Array(pdfBytes))).toContain('animerons ensemble des ateliers hebdomadaires');

	// 5. Offline, Chloé suggests a word and comments another; both reach Anne on reconnect.
	await chloe.context.setOffline(true);
	await expect(editorStatus(chloe.page)).toHaveText(/Hors ligne/);
	await chloe.page.getByRole('button', { name: 'Suggérer', exact: true }).click();
	await caretAtEndOf(chloe.page, 'de mars à juin.');
	await chloe.page.keyboard.type(' Hors vacances scolaires.');
	await selectText(chloe.page, 'chaque commune');
	await comment(chloe.page, 'Les communes nouvelles comptent-elles pour une ?');
	await expect(threads(chloe.page).getByText('En attente d’envoi')).toBeVisible();
	await expect(anneText).not.toContainText('Hors vacances scolaires.');
	await chloe.context.setOffline(false);
	await expect(editorStatus(chloe.page)).toHaveText('En ligne');
	await expect(anneText.locator('ins')).toHaveText(' Hors vacances scolaires.');
	await expect(threads(page).getByText('Les communes nouvelles comptent-elles pour une ?')).toBeVisible();
	await expect(highlights(page).filter({ hasText: 'chaque commune' })).toHaveCount(1);
	expect(await anneText.textContent()).toBe(await chloeText.textContent());

	// 6. Compare the version kept before the review with the text now, then restore it.
	await page.getByRole('link', { name: 'Avant relecture' }).click();
	await page.getByLabel('Comparer cette version avec').selectOption({ label: 'le texte actuel' });
	await page.getByRole('button', { name: 'Comparer' }).click();
	const diff = page.getByRole('region', { name: '« Avant relecture » → texte actuel' });
	await expect(diff.locator('ins')).toContainText(['ensemble']);
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Restaurer cette version' }).click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${bidId}/sections/${section.id}`));
	for (const text of [editorText(page), chloeText]) {
		await expect(text.locator('p').first()).toHaveText(P1);
		await expect(text).toContainText(P3);
		await expect(text).not.toContainText('ensemble');
	}
	await expect.poll(() => storedText(section.id)).not.toContain('ensemble');
	await chloe.context.close();
});
