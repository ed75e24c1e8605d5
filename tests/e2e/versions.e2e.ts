/**
 * Compare and restore versions (issue 15, item 4), as two people in one section would: Anne keeps
 * a version, Chloé rewrites the text, Anne compares the version with the text as it stands and
 * restores it; both editors show the restored text live, and the replaced text is kept as a version.
 */
import { expect, test } from '@playwright/test';
import { screenshot } from './support';
import { coordinatorWithBid, editorText, firstSection, openSection, partnerJoins, storedText } from './editor-fixtures';

test('a version compared with the current text, then restored: both people see it back, and the replaced text is kept', async ({
	page,
	browser
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Médiathèque du Pays de Saint-Yrieix');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const anneText = await openSection(page, bidId, section.id);
	await anneText.click();
	await page.keyboard.type('Trois ateliers par commune, animés en binôme.');
	await expect.poll(() => storedText(section.id)).toContain('Trois ateliers par commune');
	await page.getByLabel('Nom de la version (facultatif)').fill('Première rédaction');
	await page.getByRole('button', { name: 'Enregistrer une version' }).click();
	await expect(page.getByText('Version enregistrée.')).toBeVisible();

	// Chloé rewrites the paragraph; Anne sees it live.
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await chloeText.click();
	await chloe.page.keyboard.press('ControlOrMeta+a');
	await chloe.page.keyboard.type('Un seul atelier en ligne.');
	await expect(anneText).toHaveText('Un seul atelier en ligne.');
	await expect.poll(() => storedText(section.id)).toContain('Un seul atelier en ligne.');

	// Anne compares the version with the text as it stands.
	await page.getByRole('link', { name: 'Première rédaction' }).click();
	await page.getByLabel('Comparer cette version avec').selectOption({ label: 'le texte actuel' });
	await page.getByRole('button', { name: 'Comparer' }).click();
	const diff = page.getByRole('region', { name: '« Première rédaction » → texte actuel' });
	await expect(diff.locator('del')).toContainText(['Trois ateliers par commune']);
	await expect(diff.locator('ins').first()).toBeVisible();
	await screenshot(page, 'version-compare');

	// …and restores it: her editor and Chloé's show the version's text, live.
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Restaurer cette version' }).click();
	await expect(page).toHaveURL(new RegExp(`/reponses/${bidId}/sections/${section.id}`));
	await expect(editorText(page)).toHaveText('Trois ateliers par commune, animés en binôme.');
	await expect(chloeText).toHaveText('Trois ateliers par commune, animés en binôme.');
	await expect.poll(() => storedText(section.id)).toContain('Trois ateliers par commune, animés en binôme.');
	expect(storedText(section.id)).not.toContain('Un seul atelier en ligne.');
	// The replaced text is kept as a version, so the restore can itself be undone.
	await expect(page.getByRole('link', { name: 'Avant la restauration de « Première rédaction »' })).toBeVisible();
	await chloe.context.close();
});
