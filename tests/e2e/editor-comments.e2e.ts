/**
 * Comments anchored in the text (issue 15, item 2), as two people in one section would: Anne
 * selects words and comments on them; Chloé types before them, and the highlight still covers the
 * same words in both browsers; a reply with a mention, resolve and reopen; a phone shows the
 * comments under the text; a comment written offline is posted once on reconnect; requesting
 * changes points at the reviewer's open comments.
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot, withDb } from './support';
import { coordinatorWithBid, firstSection, openSection, partnerJoins, selectText } from './editor-fixtures';

const highlights = (page: Page) => page.locator('.section-text .comment-anchor');
const threadsPanel = (page: Page) => page.getByRole('region', { name: /Commentaires dans le texte/ });

test('a comment on words follows them while another person types before them; reply, resolve, reopen, offline, changes requested', async ({
	page,
	browser
}) => {
	test.slow(); // one long journey of two people (sign-ups, invitation, every step of a thread)
	const { bidId } = await coordinatorWithBid(page, 'Tiers-lieu numérique de Bourganeuf');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const anneText = await openSection(page, bidId, section.id);
	await anneText.click();
	await page.keyboard.type('Nous proposons trois ateliers numériques par commune.');
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await expect(chloeText).toHaveText('Nous proposons trois ateliers numériques par commune.');

	// Anne selects « trois ateliers » and comments, mentioning Chloé.
	await selectText(page, 'trois ateliers');
	await page.getByRole('button', { name: 'Commenter la sélection' }).click();
	await expect(threadsPanel(page).getByText('« trois ateliers »')).toBeVisible();
	await page.getByLabel('Votre commentaire sur ce passage').fill('Combien de participants par atelier ? ');
	await page.getByLabel('Mentionner un membre dans ce commentaire').selectOption({ label: 'Chloé Bernard' });
	await page.getByRole('button', { name: 'Publier' }).first().click();
	await expect(page.getByText('Commentaire publié. La personne mentionnée est prévenue.')).toBeVisible();
	await expect(highlights(page)).toHaveText('trois ateliers');
	// Chloé sees it without reloading: the thread and the highlight.
	await expect(threadsPanel(chloe.page).getByText('Combien de participants par atelier ? @Chloé Bernard')).toBeVisible();
	await expect(highlights(chloe.page)).toHaveText('trois ateliers');

	// Chloé types before the words: the highlight still covers them, in both browsers.
	await chloeText.click();
	await chloe.page.keyboard.press('ControlOrMeta+Home');
	await chloe.page.keyboard.type('En 2027, ');
	await expect(anneText).toHaveText('En 2027, Nous proposons trois ateliers numériques par commune.');
	await expect(highlights(page)).toHaveText('trois ateliers');
	await expect(highlights(chloe.page)).toHaveText('trois ateliers');
	await screenshot(page, 'comments-margin');

	// Clicking the highlight makes the thread active; Chloé replies there.
	await highlights(chloe.page).click();
	const chloeThread = threadsPanel(chloe.page).getByRole('listitem').filter({ hasText: '« trois ateliers »' });
	await chloeThread.getByLabel('Répondre à ce commentaire').fill('Douze au plus, pour que chacun pratique.');
	await chloeThread.getByRole('button', { name: 'Répondre' }).click();
	await expect(threadsPanel(page).getByText('Douze au plus, pour que chacun pratique.')).toBeVisible();

	// Anne resolves it: kept in « Résolus », no highlight anymore; then she reopens it.
	await threadsPanel(page).getByRole('button', { name: 'Résoudre le commentaire sur « trois ateliers »' }).click();
	await expect(page.getByText('Commentaire résolu.')).toBeVisible();
	await expect(highlights(page)).toHaveCount(0);
	await expect(highlights(chloe.page)).toHaveCount(0);
	// Her thread was the active one: the history opens by itself to keep it in view.
	await expect(threadsPanel(page).getByRole('button', { name: /Résolus \(1 fil\)/ })).toHaveAttribute('aria-expanded', 'true');
	await expect(threadsPanel(page).getByText(/Résolu par Anne Martin/)).toBeVisible();
	await threadsPanel(page).getByRole('button', { name: 'Rouvrir le commentaire sur « trois ateliers »' }).click();
	await expect(highlights(page)).toHaveText('trois ateliers');
	await expect(highlights(chloe.page)).toHaveText('trois ateliers');

	// A phone shows the comments under the text.
	await chloe.page.setViewportSize({ width: 390, height: 844 });
	const textBox = (await chloeText.boundingBox())!;
	const listBox = (await threadsPanel(chloe.page).boundingBox())!;
	expect(listBox.y).toBeGreaterThan(textBox.y + textBox.height);
	await chloe.page.setViewportSize({ width: 1280, height: 900 });

	// Offline, Chloé comments « commune »: kept on her device, posted once when she is back.
	await chloe.context.setOffline(true);
	await selectText(chloe.page, 'commune');
	await chloe.page.getByRole('button', { name: 'Commenter la sélection' }).click();
	await chloe.page.getByLabel('Votre commentaire sur ce passage').fill('Et les communes nouvelles ?');
	await chloe.page.getByRole('button', { name: 'Publier' }).first().click();
	const pending = threadsPanel(chloe.page).getByRole('listitem').filter({ hasText: 'Et les communes nouvelles ?' });
	await expect(pending.getByText('En attente d’envoi')).toBeVisible();
	await chloe.context.setOffline(false);
	await expect(threadsPanel(page).getByText('Et les communes nouvelles ?')).toBeVisible();
	await expect(pending.getByText('En attente d’envoi')).toHaveCount(0);
	await expect(highlights(page).filter({ hasText: 'commune' })).toHaveCount(1);
	const stored = withDb((db) =>
		db.prepare("select count(*) as n from section_comments where section_id = ? and body = 'Et les communes nouvelles ?'").get(section.id)
	) as { n: number };
	expect(stored.n).toBe(1);

	// Anne asks for a review, then requests changes: her open comment is what is asked, no free text needed.
	await page.getByRole('button', { name: 'Demander une relecture' }).click();
	await expect(page.getByText('Relecture demandée.')).toBeVisible();
	await page.getByRole('button', { name: 'Demander des modifications' }).click();
	await expect(page.getByText('Votre commentaire ouvert dans le texte est la modification demandée :')).toBeVisible();
	await expect(page.getByRole('link', { name: '« trois ateliers »' })).toBeVisible();
	await screenshot(page, 'comments-request-changes');
	await page.getByRole('button', { name: 'Envoyer la demande' }).click();
	await expect(page.getByText('Demande de modifications envoyée.')).toBeVisible();
	await expect(page.getByText(/Modifications demandées par Anne Martin : 1 passage commenté dans le texte/)).toBeVisible();
	await chloe.context.close();
});

test('a comment on the very first words of a section is highlighted, stays on them when text is typed before, and after a reload', async ({
	page
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Itinérance numérique en Corrèze');
	const section = firstSection(bidId);
	const text = await openSection(page, bidId, section.id);
	await text.click();
	await page.keyboard.type('Nous proposons trois ateliers numériques par commune.');

	await selectText(page, 'Nous proposons');
	await page.getByRole('button', { name: 'Commenter la sélection' }).click();
	await page.getByLabel('Votre commentaire sur ce passage').fill('Qui, « nous » : le groupement entier ?');
	await page.getByRole('button', { name: 'Publier' }).first().click();
	await expect(highlights(page)).toHaveText('Nous proposons');

	await text.click();
	await page.keyboard.press('ControlOrMeta+Home');
	await page.keyboard.type('En 2027, ');
	await expect(text).toHaveText('En 2027, Nous proposons trois ateliers numériques par commune.');
	await expect(highlights(page)).toHaveText('Nous proposons');
	await page.reload();
	await expect(highlights(page)).toHaveText('Nous proposons');
	await expect(threadsPanel(page).getByText('« Nous proposons »').first()).toBeVisible();
});
