/**
 * The library inside the section editor (issue 16, items 2–3; the first « done when »):
 * Chloé selects a reference she wrote in a section of the group's bid and saves it to her
 * library, shared with her groups; Anne, in that group, finds it from another section's
 * « Bibliothèque » panel by searching « accessibilité » and « accessibilite » and inserts it at
 * the caret; Chloé edits the entry; Anne's section offers « Mise à jour disponible » and applying
 * it replaces the inserted text; once Anne has deleted the copy, the next update goes to her caret
 * with a word to review by hand; a stranger's search never finds it and the panel's endpoint is
 * not found for them. Screenshots of the dialog and the panel, desktop and 390 px.
 */
import { expect, test } from '@playwright/test';
import { PASSWORD, screenshot, signUp, createOrganisation, uniqueEmail, withDb } from './support';
import { coordinatorWithBid, editorText, openSection, partnerJoins, selectText, storedText } from './editor-fixtures';

const REFERENCE = 'Audit d’accessibilité du portail de la Mairie de Guéret, 2025, 30 pages corrigées.';
const UPDATED = 'Audit d’accessibilité RGAA du portail de la Mairie de Guéret, 2025, suivi de 12 mois.';
const THIRD = 'Deux audits RGAA pour la Mairie de Guéret, 2025 et 2026 : deux audits suivis.';
const TITLE = 'Référence Guéret accessibilité';

test('Chloé saves a reference from a section; Anne finds it, inserts it and applies Chloé’s update; a stranger never finds it', async ({
	page,
	browser
}) => {
	test.slow(); // two people, sign-ups and an invitation, then the whole journey
	const { bidId } = await coordinatorWithBid(page, 'Portail accessible de Guéret');
	const chloe = await partnerJoins(browser, page, bidId);
	const sections = withDb(
		(db) =>
			db.prepare('select id, title from sections where bid_id = ? order by position limit 2').all(bidId) as Array<{
				id: string;
				title: string;
			}>
	);
	const first = sections[0]!;
	const second = sections[1]!;

	// Chloé writes the reference in the first section, selects it and saves it to her library.
	const chloeText = await openSection(chloe.page, bidId, first.id);
	await chloeText.click();
	await chloe.page.keyboard.type(REFERENCE);
	await selectText(chloe.page, REFERENCE);
	await chloe.page.getByRole('button', { name: 'Enregistrer dans la bibliothèque' }).click();
	const dialog = chloe.page.getByRole('dialog', { name: 'Enregistrer dans la bibliothèque' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByLabel('Visible par')).toHaveValue('private');
	await dialog.getByLabel('Titre').fill(TITLE);
	await dialog.getByLabel('Type de fiche').selectOption('reference');
	await dialog.getByLabel('Visible par').selectOption('groups');
	await screenshot(chloe.page, 'library-editor-save');
	await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(dialog).toBeHidden();
	const link = chloe.page.getByRole('link', { name: 'Voir la fiche' });
	await expect(link).toBeVisible();
	const entryPath = (await link.getAttribute('href'))!;
	expect(entryPath).toMatch(/^\/bibliotheque\/[a-z0-9]+$/);

	// Anne, in the same group, searches from the second section's panel, with and without accents.
	const anneText = await openSection(page, bidId, second.id);
	const panel = page.getByRole('region', { name: 'Bibliothèque' });
	for (const q of ['accessibilité', 'accessibilite']) {
		await panel.getByLabel('Rechercher une fiche à insérer').fill(q);
		await panel.getByRole('button', { name: 'Chercher' }).click();
		await expect(panel.getByRole('list', { name: 'Fiches trouvées' }).getByRole('link', { name: TITLE })).toBeVisible();
	}
	await anneText.click();
	await panel.getByRole('button', { name: `Insérer « ${TITLE} » au curseur` }).click();
	await expect(anneText).toHaveText(REFERENCE);
	await expect(panel.getByText('Insérées dans cette section')).toBeVisible();
	await expect(panel.getByText('version 1, insérée par Anne Martin')).toBeVisible();
	await expect(panel.getByText('Mise à jour disponible')).toHaveCount(0);
	await screenshot(page, 'library-editor-panel');

	// Chloé edits the entry in her library.
	await chloe.page.goto(entryPath);
	const entryText = chloe.page.getByRole('textbox', { name: 'Texte de la fiche' });
	await expect(entryText).toBeVisible();
	await entryText.click();
	await chloe.page.keyboard.press('ControlOrMeta+a');
	await chloe.page.keyboard.type(UPDATED);
	await chloe.page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(chloe.page.getByRole('region', { name: 'Texte de la fiche' })).toContainText('suivi de 12 mois');

	// Anne's section offers the update; applying it replaces the inserted text.
	await openSection(page, bidId, second.id);
	await expect(panel.getByText('Mise à jour disponible')).toBeVisible();
	await screenshot(page, 'library-editor-update');
	await panel.getByRole('button', { name: `Mettre à jour « ${TITLE} »` }).click();
	await expect(editorText(page)).toHaveText(UPDATED);
	await expect(panel.getByText('version 2, insérée par Anne Martin')).toBeVisible();
	await expect(panel.getByText('Mise à jour disponible')).toHaveCount(0);

	// Anne deletes the copy; Chloé edits the entry again: the update cannot find the old text, so
	// the new version goes to the caret and Anne is told to review by hand.
	await editorText(page).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Backspace');
	await page.keyboard.type('Nos références : ');
	await expect.poll(() => storedText(second.id)).not.toContain('Guéret');
	await entryText.click();
	await chloe.page.keyboard.press('ControlOrMeta+a');
	await chloe.page.keyboard.type(THIRD);
	await chloe.page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(chloe.page.getByRole('region', { name: 'Texte de la fiche' })).toContainText('deux audits');
	await openSection(page, bidId, second.id);
	await expect(panel.getByText('Mise à jour disponible')).toBeVisible();
	await editorText(page).click();
	await page.keyboard.press('ControlOrMeta+End');
	await panel.getByRole('button', { name: `Mettre à jour « ${TITLE} »` }).click();
	await expect(page.getByText(/Le texte inséré auparavant a été modifié ou supprimé entre-temps/)).toBeVisible();
	await expect(editorText(page)).toHaveText(`Nos références : ${THIRD}`);
	await expect(panel.getByText('version 3, insérée par Anne Martin')).toBeVisible();

	// In « Suggérer », an insertion from the library is a suggested insertion like typed text.
	await page.getByRole('button', { name: 'Suggérer' }).click();
	await editorText(page).click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.press('Enter');
	await panel.getByLabel('Rechercher une fiche à insérer').fill('Guéret');
	await panel.getByRole('button', { name: 'Chercher' }).click();
	await panel.getByRole('button', { name: `Insérer « ${TITLE} » au curseur` }).click();
	await expect(page.locator('.section-text ins.suggestion-insertion').filter({ hasText: 'deux audits suivis' })).toHaveCount(1);
	await chloe.context.close();

	// A stranger: the search finds nothing, the panel's endpoint and the entry are not found.
	const context = await browser.newContext();
	const stranger = await context.newPage();
	await signUp(stranger, 'Personne Étrangère', uniqueEmail('etranger'), PASSWORD);
	await createOrganisation(stranger, `CAE EPSILON ${Date.now().toString(36)}`, '10');
	await stranger.goto('/recherche?q=accessibilite');
	await expect(stranger.getByText('Aucun résultat pour « accessibilite »')).toBeVisible();
	expect((await stranger.request.get(`/reponses/${bidId}/sections/${second.id}/bibliotheque?q=accessibilite`)).status()).toBe(404);
	expect((await stranger.goto(entryPath))?.status()).toBe(404);
	await context.close();
});
