/**
 * Presence while nobody types (issue 17, item 5): the editor sends its presence only when it
 * changes and renews it every 20 s (src/lib/collab/awareness-wire.ts), where the server and the
 * other browsers drop a presence not renewed for 30 s. Two people idle for longer than that still
 * see each other and each other's caret, where it was left, even after typing at it; a person
 * who leaves disappears from the other's screen.
 */
import { expect, test } from '@playwright/test';
import { coordinatorWithBid, editorText, firstSection, openSection, partnerJoins } from './editor-fixtures';

test('idle co-authors stay present past the 30 s presence timeout, carets where they were left; one who leaves disappears', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const { bidId } = await coordinatorWithBid(page, 'Ateliers numériques de Felletin');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);
	const anneText = await openSection(page, bidId, section.id);
	const chloeText = await openSection(chloe.page, bidId, section.id);

	// Anne writes a sentence; Chloé types in the middle of it (her caret then stays after her words).
	await anneText.click();
	await page.keyboard.type('Nous animerons des ateliers.');
	await expect(chloeText).toContainText('Nous animerons des ateliers.');
	await chloeText.click();
	await chloe.page.keyboard.press('Control+Home');
	for (let i = 0; i < 'Nous animerons'.length; i++) await chloe.page.keyboard.press('ArrowRight');
	await chloe.page.keyboard.type(' ensemble');
	await expect(anneText).toContainText('Nous animerons ensemble des ateliers.');

	const annePresence = page.getByRole('list', { name: 'Dans la section :' });
	const chloeCaret = page.locator('.collab-caret-label[data-name="Chloé Bernard"]');
	await expect(annePresence.getByText('Chloé Bernard')).toBeVisible();
	await expect(chloeCaret).toBeVisible();

	// Nobody types for 40 s: longer than the 30 s after which an unrenewed presence is dropped.
	// A wait on purpose: it is the time-based behaviour under test.
	await page.waitForTimeout(40_000);
	await expect(annePresence.getByText('Chloé Bernard')).toBeVisible();
	await expect(chloe.page.getByRole('list', { name: 'Dans la section :' }).getByText('Anne Martin')).toBeVisible();
	// Chloé's caret is still drawn right after the words she typed.
	const caretFollows = await page.evaluate(() => {
		const caret = document.querySelector('.collab-caret');
		const before = caret?.previousSibling?.textContent ?? '';
		const after = caret?.nextSibling?.textContent ?? '';
		return { before: before.slice(-8), after: after.slice(0, 4) };
	});
	expect(caretFollows).toEqual({ before: 'ensemble', after: ' des' });
	await expect(editorText(page)).toContainText('Nous animerons ensemble des ateliers.');

	// Chloé leaves: she disappears from Anne's screen, without waiting for any timeout.
	await chloe.context.close();
	await expect(annePresence.getByText('Chloé Bernard')).toHaveCount(0, { timeout: 5000 });
	await expect(chloeCaret).toHaveCount(0);
});
