/**
 * Suggested changes (issue 15, item 3), as two people in one section would: Chloé switches to
 * « Suggérer », proposes a word and the removal of another while Anne types elsewhere; Anne sees
 * them underlined and struck through, accepts one and refuses the other; both editors show the
 * same text and the draft exports contain exactly the accepted text. Then Chloé reviews the
 * section: she only suggests (no switch), and a suggestion made offline reaches Anne on reconnect.
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './support';
import {
	caretAfterPhrase,
	selectText,
	coordinatorWithBid,
	editorStatus,
	editorText,
	firstSection,
	openSection,
	partnerJoins,
	storedText
} from './editor-fixtures';
import { docxContent, pdfContent } from './export-files';

const BASE = 'Nous animerons des ateliers hebdomadaires dans chaque commune.';

async function typeAtEnd(page: Page, text: string): Promise<void> {
	await editorText(page).click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.type(text);
}

test('Chloé suggests while Anne types; Anne accepts one suggestion and refuses the other; the exports hold the accepted text', async ({
	page,
	browser
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Ateliers numériques du Haut-Limousin');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const anneText = await openSection(page, bidId, section.id);
	await typeAtEnd(page, BASE);
	await page.keyboard.press('Enter');
	await page.keyboard.type('Calendrier :');
	await expect.poll(() => storedText(section.id)).toContain('Calendrier :');

	const chloeText = await openSection(chloe.page, bidId, section.id);
	await expect(chloeText).toContainText(BASE);
	const suggest = chloe.page.getByRole('button', { name: 'Suggérer', exact: true });
	await suggest.click();
	await expect(suggest).toHaveAttribute('aria-pressed', 'true');

	// Chloé removes « hebdomadaires » and inserts « ensemble » while Anne types in the next
	// paragraph. Each caret is placed first: arrow keys are a person's hand, not the subject.
	await selectText(chloe.page, 'hebdomadaires');
	await Promise.all([chloe.page.keyboard.press('Backspace'), typeAtEnd(page, ' de mars')]);
	await expect(anneText.locator('del')).toHaveText('hebdomadaires');
	await expect(chloeText).toContainText('Calendrier : de mars');
	await caretAfterPhrase(chloe.page, 'Nous animerons');
	await Promise.all([chloe.page.keyboard.type(' ensemble'), page.keyboard.type(' à juin.')]);

	// Anne sees the proposals coloured and struck through, with who made them.
	for (const text of [anneText, chloeText]) {
		await expect(text.locator('ins')).toHaveText(' ensemble');
		await expect(text.locator('del')).toHaveText('hebdomadaires');
		await expect(text).toContainText('Calendrier : de mars à juin.');
	}
	const panel = page.getByRole('region', { name: /Suggestions/ });
	await expect(panel.getByText(/Suggestion de Chloé Bernard, le /)).toHaveCount(2);
	// Stored, but not settled: the server's reading (exports, counts) ignores them.
	await expect.poll(() => storedText(section.id)).toContain('ensemble');
	await screenshot(page, 'suggestions-pending');

	// Clicking a suggestion selects it in the text.
	await panel.getByRole('button', { name: /ajout de « ensemble »\. Voir dans le texte/ }).click();
	await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(' ensemble');

	await panel.getByRole('button', { name: 'Accepter : ajout de « ensemble »' }).click();
	await panel.getByRole('button', { name: 'Refuser : suppression de « hebdomadaires »' }).click();

	const settled = 'Nous animerons ensemble des ateliers hebdomadaires dans chaque commune.';
	for (const text of [anneText, chloeText]) {
		await expect(text.locator('p').first()).toHaveText(settled);
		await expect(text.locator('p').nth(1)).toHaveText('Calendrier : de mars à juin.');
		await expect(text.locator('ins, del')).toHaveCount(0);
	}
	// Nothing left to decide: the list goes away (Anne is not suggesting).
	await expect(panel).toHaveCount(0);

	// The draft exports hold exactly the accepted text.
	const docx = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.docx`);
	expect(docx.status()).toBe(200);
	const body = docxContent(new Uint8Array(await docx.body())).text;
	expect(body).toContain(settled);
	expect(body).toContain('Calendrier : de mars à juin.');
	const pdf = await page.request.get(`/reponses/${bidId}/brouillon/memoire-lot-1.pdf`);
	expect(pdf.status()).toBe(200);
	expect(await pdfContent(new Uint8Array(await pdf.body()))).toContain('animerons ensemble des ateliers');
	await chloe.context.close();
});

test('the reviewer of a section in review only suggests, and a suggestion made offline reaches the author on reconnect', async ({
	page,
	browser
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Médiation numérique en Creuse');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	// Anne makes Chloé the reviewer, writes and asks for the review.
	await page.goto(`/reponses/${bidId}/sections`);
	await page.getByRole('link', { name: `Modifier « ${section.title} »` }).click();
	const edit = page.locator('#modifier');
	await edit.getByLabel('Relecteur·rice').selectOption({ label: 'Chloé Bernard' });
	await edit.getByRole('button', { name: 'Enregistrer la section' }).click();
	await expect(page.locator('#modifier')).toHaveCount(0);
	const anneText = await openSection(page, bidId, section.id);
	await typeAtEnd(page, BASE);
	await expect.poll(() => storedText(section.id)).toContain(BASE);
	await page.getByRole('button', { name: 'Demander une relecture' }).click();
	await expect(page.getByText('En relecture', { exact: true })).toBeVisible();

	// Chloé reviews: no « Modifier », what she types is a suggestion.
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await expect(chloe.page.getByText('Vos modifications sont enregistrées comme des suggestions')).toBeVisible();
	await expect(chloe.page.getByRole('button', { name: 'Modifier', exact: true })).toHaveCount(0);
	await expect(chloe.page.getByRole('button', { name: 'Suggérer', exact: true })).toHaveCount(0);
	await expect(chloe.page.getByText('Mode suggestion', { exact: true })).toBeVisible();
	await typeAtEnd(chloe.page, ' Relu par Chloé.');
	await expect(anneText.locator('ins')).toHaveText(' Relu par Chloé.');
	await expect(chloe.page.getByRole('button', { name: /^Accepter/ })).toHaveCount(0);
	await screenshot(chloe.page, 'suggestions-reviewer');

	// Offline: Chloé proposes to remove a word; Anne types meanwhile.
	await chloe.context.setOffline(true);
	await expect(editorStatus(chloe.page)).toHaveText(/Hors ligne/);
	await selectText(chloe.page, 'hebdomadaires ');
	await chloe.page.keyboard.press('Delete');
	await expect(chloeText.locator('del')).toHaveText('hebdomadaires ');
	await typeAtEnd(page, ' Anne pendant la coupure.');
	await expect.poll(() => storedText(section.id)).toContain('Anne pendant la coupure.');
	await expect(anneText.locator('del')).toHaveCount(0);

	await chloe.context.setOffline(false);
	await expect(editorStatus(chloe.page)).toHaveText('En ligne');
	for (const text of [anneText, chloeText]) {
		await expect(text.locator('del')).toHaveText('hebdomadaires ');
		await expect(text).toContainText('Anne pendant la coupure.');
	}
	expect(await anneText.textContent()).toBe(await chloeText.textContent());
	// The server took the offline suggestion: Chloé is still connected, nothing was refused.
	await expect(chloe.page.getByText('Vous ne pouvez que suggérer')).toHaveCount(0);

	// Anne accepts everything: the word goes, the reviewer's sentence stays.
	await page.getByRole('button', { name: 'Tout accepter' }).click();
	const settled = 'Nous animerons des ateliers dans chaque commune. Relu par Chloé. Anne pendant la coupure.';
	for (const text of [anneText, chloeText]) await expect(text).toHaveText(settled);
	await chloe.context.close();
});
