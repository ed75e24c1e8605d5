/**
 * Security II in the browser: what a person sees when the collaboration server refuses their
 * change (a section past its size cap), and what everyone else keeps; a forged presence never
 * reaches the presence bar.
 */
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { readFileSync } from 'node:fs';
import { screenshot } from './support';
import { coordinatorWithBid, editorText, firstSection, openSection, partnerJoins } from './editor-fixtures';

/** Pastes `length` characters of plain text at the end of the editor, as the clipboard would. */
async function pasteText(page: Page, char: string, length: number): Promise<void> {
	await editorText(page).click();
	await page.keyboard.press('Control+End');
	await page.evaluate(
		({ char, length }) => {
			const data = new DataTransfer();
			data.setData('text/plain', char.repeat(length));
			document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
		},
		{ char, length }
	);
}

test('a change that would pass the size cap is refused: the writer is told, keeps the text, and starts again from the server’s copy; others keep theirs', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const { bidId } = await coordinatorWithBid(page, 'Schéma directeur des mobilités douces');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const anneText = await openSection(page, bidId, section.id);
	const chloeText = await openSection(chloe.page, bidId, section.id);
	await chloeText.click();
	await chloe.page.keyboard.type('Introduction de Chloé.');
	await expect(anneText).toContainText('Introduction de Chloé.');

	// 300 000 characters pasted are taken (under the 512 KB cap); 300 000 more are not.
	await pasteText(page, 'a', 300_000);
	await expect
		.poll(() => chloe.page.evaluate(() => document.querySelector('[role="textbox"]')!.textContent!.length), { timeout: 30_000 })
		.toBeGreaterThan(300_000);
	await pasteText(page, 'b', 300_000);

	const alert = page.getByRole('alert').filter({ hasText: 'Le texte affiché ici contient cette modification refusée' });
	await expect(alert).toBeVisible({ timeout: 30_000 });
	await expect(alert).toContainText('Cette section a atteint sa taille maximale');
	await expect(page.getByRole('status').filter({ hasText: 'Modification refusée' })).toBeVisible();
	await expect(anneText).toHaveAttribute('contenteditable', 'false');
	await alert.scrollIntoViewIfNeeded();
	await page.evaluate(() => window.scrollBy(0, -120));
	await screenshot(page, 'editor-change-refused', { fullPage: false }); // a full page of 300 000 characters is beyond Chromium's capture

	// Nothing of it reached Chloé, whose editor still works.
	await chloeText.click();
	await chloe.page.keyboard.press('Control+Home');
	await chloe.page.keyboard.type('Toujours là. ');
	await expect(chloeText).toContainText('Toujours là. Introduction de Chloé.');
	expect(await chloe.page.evaluate(() => document.querySelector('[role="textbox"]')!.textContent!.includes('bbbb'))).toBe(false);

	// Anne keeps what she pasted (download), then starts again from the server's text.
	const download = page.waitForEvent('download');
	await alert.getByRole('button', { name: 'Télécharger mon texte (.txt)' }).click();
	const body = readFileSync((await (await download).path())!, 'utf8');
	expect(body).toContain('bbbb');
	await alert.getByRole('button', { name: 'Repartir du texte du serveur' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'En ligne' })).toBeVisible({ timeout: 30_000 });
	await expect(anneText).toContainText('Toujours là. Introduction de Chloé.');
	await expect(anneText).toHaveAttribute('contenteditable', 'true');
	expect(await page.evaluate(() => document.querySelector('[role="textbox"]')!.textContent!.includes('bbbb'))).toBe(false);
	await chloe.context.close();
});

test('a presence forged over the socket shows the sender’s real name in the others’ presence bar', async ({ page, browser, baseURL }) => {
	const { bidId } = await coordinatorWithBid(page, 'Étude de programmation culturelle');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);
	await openSection(page, bidId, section.id);

	// Chloé, with her own session cookie, speaks the protocol by hand and claims to be someone else.
	const cookie = (await chloe.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const ws = new WebSocket(`${baseURL!.replace('http', 'ws')}/collab/section/${section.id}`, { headers: { origin: baseURL!, cookie } });
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, 987654);
	encoding.writeVarUint(update, 1);
	encoding.writeVarString(update, JSON.stringify({ user: { id: 'agent-dgfip', name: 'Pierre Directeur (DGFiP)', color: '#000000' } }));
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, 1);
	encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
	ws.send(encoding.toUint8Array(frame));

	const presence = page.getByRole('list', { name: 'Dans la section :' });
	await expect(presence.getByText('Chloé Bernard')).toBeVisible();
	await expect(presence).not.toContainText('Pierre Directeur');
	await expect(page.getByText('Pierre Directeur')).toHaveCount(0);
	ws.close();
	await chloe.context.close();
});
