import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { readFileSync } from 'node:fs';
import { screenshot, signIn, withDb } from './support';
import {
	coordinatorWithBid,
	editorStatus,
	editorText,
	firstSection,
	openSection,
	partnerJoins,
	storedText,
	supportStaffJoins
} from './editor-fixtures';

const OFFLINE = 'Hors ligne — vos modifications sont enregistrées sur cet appareil';

/** Puts the caret at the very end of the text and types. */
async function typeAtEnd(page: Page, text: string) {
	const editor = editorText(page);
	await editor.click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

test('two members co-write a section live, see each other, work offline and converge; the text is kept by the server', async ({
	page,
	browser
}) => {
	// The CSP allows connections to the page's own origin only: the editor's WebSocket must still
	// connect (Chromium's 'self' covers same-origin ws:), and nothing may be refused.
	const cspRefusals: string[] = [];
	page.on('console', (m) => {
		if (m.text().includes('Content Security Policy')) cspRefusals.push(m.text());
	});
	const { bidId, email: anneEmail } = await coordinatorWithBid(page, 'Tiers-lieu numérique de Bellac');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	// The bid overview does not load the editor chunk (Tiptap/ProseMirror/Yjs): it is lazy.
	const scripts: string[] = [];
	const onResponse = async (r: import('@playwright/test').Response) => {
		if (r.url().endsWith('.js')) scripts.push(await r.text().catch(() => ''));
	};
	page.on('response', onResponse);
	await page.goto(`/reponses/${bidId}`);
	await page.waitForLoadState('networkidle');
	expect(scripts.length).toBeGreaterThan(0);
	expect(scripts.filter((s) => s.includes('ProseMirror'))).toEqual([]);
	scripts.length = 0;

	const anneText = await openSection(page, bidId, section.id);
	expect(scripts.some((s) => s.includes('ProseMirror'))).toBe(true);
	page.off('response', onResponse);
	await expect(page.getByRole('heading', { level: 2, name: section.title })).toBeVisible();
	const chloeText = await openSection(chloe.page, bidId, section.id);

	// Live typing, both ways.
	await typeAtEnd(page, 'Notre groupement réunit deux coopératives.');
	await expect(chloeText).toContainText('Notre groupement réunit deux coopératives.');
	await typeAtEnd(chloe.page, ' Chloé anime les ateliers.');
	await expect(anneText).toContainText('deux coopératives. Chloé anime les ateliers.');
	expect(cspRefusals).toEqual([]);

	// Presence: names in the bar, and Chloé's named caret in Anne's editor.
	const annePresence = page.getByRole('list', { name: 'Dans la section :' });
	await expect(annePresence.getByText('Chloé Bernard')).toBeVisible();
	await expect(annePresence.getByText('Anne Martin (vous)')).toBeVisible();
	await expect(page.locator('.collab-caret-label[data-name="Chloé Bernard"]')).toBeVisible();
	await chloe.page.keyboard.press('Control+Home');
	await page.keyboard.press('Control+End');
	await expect(chloe.page.locator('.collab-caret-label[data-name="Anne Martin"]')).toBeVisible();

	// Toolbar: a heading and bold text, buttons with French names and aria-pressed.
	await page.keyboard.press('Enter');
	await page.getByRole('button', { name: 'Titre (niveau 2)' }).click();
	await page.keyboard.type('Nos moyens');
	await expect(page.getByRole('button', { name: 'Titre (niveau 2)' })).toHaveAttribute('aria-pressed', 'true');
	await expect(chloeText.locator('h2', { hasText: 'Nos moyens' })).toBeVisible();
	await page.keyboard.press('Enter');
	await page.getByRole('button', { name: 'Gras' }).click();
	await expect(page.getByRole('button', { name: 'Gras' })).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.type('Deux formatrices');
	await expect(chloeText.locator('strong', { hasText: 'Deux formatrices' })).toBeVisible();
	await page.getByRole('button', { name: 'Gras' }).click();

	// Undo only undoes your own changes.
	// A wait on purpose, not a barrier: the undo manager groups changes made within 500 ms into one
	// step, and only time separates two steps. Any wait longer than that is correct.
	await page.waitForTimeout(700);
	await page.keyboard.type(' XYZ-à-annuler');
	await expect(chloeText).toContainText('XYZ-à-annuler');
	await chloe.page.keyboard.type('Introduction. ');
	await expect(anneText).toContainText('Introduction. Notre groupement');
	await page.getByRole('button', { name: 'Annuler', exact: true }).click();
	await expect(anneText).not.toContainText('XYZ-à-annuler');
	await expect(chloeText).not.toContainText('XYZ-à-annuler');
	await expect(anneText).toContainText('Introduction. Notre groupement');
	await expect(chloeText).toContainText('Introduction. Notre groupement');

	await page.getByRole('heading', { level: 2, name: section.title }).scrollIntoViewIfNeeded();
	await screenshot(page, 'editor');

	// Chloé loses her connection: she is told, keeps typing; Anne types meanwhile.
	await chloe.context.setOffline(true);
	await expect(editorStatus(chloe.page)).toHaveText(OFFLINE);
	await typeAtEnd(chloe.page, ' Rédigé dans le train sans réseau.');
	await typeAtEnd(page, ' Anne pendant la coupure.');
	// Barrier: the server stores Anne's words (after sending them to every open socket). Chloé
	// typed before Anne: had her text left her browser, the server would hold it by now too.
	await expect.poll(() => storedText(section.id)).toContain('Anne pendant la coupure.');
	expect(storedText(section.id)).not.toContain('Rédigé dans le train');
	await expect(anneText).not.toContainText('Rédigé dans le train');
	await expect(chloeText).not.toContainText('Anne pendant la coupure.');
	await screenshot(chloe.page, 'editor-offline');

	// Back online: both copies hold both edits.
	await chloe.context.setOffline(false);
	await expect(editorStatus(chloe.page)).toHaveText('En ligne');
	for (const text of [anneText, chloeText]) {
		await expect(text).toContainText('Rédigé dans le train sans réseau.');
		await expect(text).toContainText('Anne pendant la coupure.');
	}
	expect(await anneText.textContent()).toBe(await chloeText.textContent());

	// A reload in a fresh browser (no local copy) shows the text: the server kept it.
	// The server stored both (its write batch runs shortly after each change).
	await expect.poll(() => storedText(section.id)).toContain('Rédigé dans le train sans réseau.');
	expect(storedText(section.id)).toContain('Anne pendant la coupure.');
	const fresh = await browser.newContext();
	const annePhone = await fresh.newPage();
	await signIn(annePhone, anneEmail);
	const freshText = await openSection(annePhone, bidId, section.id);
	await expect(freshText).toContainText('Rédigé dans le train sans réseau.');
	await expect(freshText).toContainText('Anne pendant la coupure.');
	await expect(freshText.locator('h2', { hasText: 'Nos moyens' })).toBeVisible();
	await fresh.close();

	// Discussion with a mention, and a named version viewed read-only.
	await page.getByLabel('Votre commentaire').fill('Peux-tu relire la partie moyens ? ');
	await page.getByLabel('Mentionner un membre du groupement').selectOption({ label: 'Chloé Bernard' });
	await expect(page.getByLabel('Votre commentaire')).toHaveValue('Peux-tu relire la partie moyens ? @Chloé Bernard ');
	await page.getByRole('button', { name: 'Publier' }).click();
	await expect(page.getByText('Commentaire publié. La personne mentionnée est prévenue.')).toBeVisible();
	await expect(page.locator('.comments strong.mention', { hasText: '@Chloé Bernard' })).toBeVisible();
	const mention = withDb((db) =>
		db.prepare("select message, link from notifications where kind = 'mention' order by id desc limit 1").get()
	) as { message: string; link: string };
	expect(mention.message).toContain('Anne Martin vous a mentionné·e');
	expect(mention.link).toContain(`/reponses/${bidId}/sections/${section.id}#commentaire-`);

	await page.getByLabel('Nom de la version (facultatif)').fill('Avant relecture');
	await page.getByRole('button', { name: 'Enregistrer une version' }).click();
	await expect(page.getByText('Version enregistrée.')).toBeVisible();
	await page.getByRole('link', { name: 'Avant relecture' }).click();
	await expect(page.getByRole('heading', { level: 2, name: `${section.title} — version « Avant relecture »` })).toBeVisible();
	const version = page.getByRole('article', { name: 'Texte de la version « Avant relecture »' });
	await expect(version).toContainText('Rédigé dans le train sans réseau.');
	await expect(version.locator('strong', { hasText: 'Deux formatrices' })).toBeVisible();
	await expect(version.locator('[contenteditable]')).toHaveCount(0);
	await screenshot(page, 'editor-version');

	// The coordinator validates the section while Chloé is in it: the server closes her socket
	// with 4205, she reconnects under her new rights and her editor turns read-only, saying why.
	await openSection(page, bidId, section.id);
	await page.getByRole('button', { name: 'Valider' }).click();
	await expect(chloeText).toHaveAttribute('contenteditable', 'false');
	await expect(chloe.page.getByText('Cette section est validée : son texte est verrouillé.', { exact: false })).toBeVisible();
	await expect(chloe.page.getByRole('toolbar', { name: 'Mise en forme du texte' })).toHaveCount(0);
	await expect(editorStatus(chloe.page)).toHaveText('En ligne');
	await expect(anneText).toHaveAttribute('contenteditable', 'false');

	await chloe.context.close();
});

test('text typed offline in a section validated meanwhile is not lost silently: the editor locks, says so, and hands the text over', async ({
	page,
	browser
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Signalétique du bourg de Felletin');
	const chloe = await partnerJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const chloeText = await openSection(chloe.page, bidId, section.id);
	await typeAtEnd(chloe.page, 'Écrit en ligne.');
	const anneText = await openSection(page, bidId, section.id);
	await expect(anneText).toContainText('Écrit en ligne.');

	// Chloé loses the network and goes on writing; meanwhile Anne validates the section.
	await chloe.context.setOffline(true);
	await expect(editorStatus(chloe.page)).toHaveText(OFFLINE);
	await chloe.page.keyboard.press('Enter');
	await chloe.page.keyboard.type('Ajouté dans la voiture, sans réseau.');
	await page.getByRole('button', { name: 'Valider' }).click();
	await expect(anneText).toHaveAttribute('contenteditable', 'false');

	// Back online, her connection is read-only: no 4205 reached her, the server says so itself.
	await chloe.context.setOffline(false);
	await expect(chloeText).toHaveAttribute('contenteditable', 'false');
	const warning = chloe.page.getByRole('alert').filter({ hasText: 'le texte affiché ici n’est que sur cet appareil' });
	await expect(warning).toBeVisible();
	await expect(chloeText).toContainText('Ajouté dans la voiture, sans réseau.');
	await expect(anneText).not.toContainText('Ajouté dans la voiture');
	await screenshot(chloe.page, 'editor-offline-locked');

	const download = chloe.page.waitForEvent('download');
	await warning.getByRole('button', { name: 'Télécharger mon texte (.txt)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`${section.title} — texte de cet appareil.txt`);
	const body = readFileSync((await file.path())!, 'utf8');
	expect(body).toContain('Écrit en ligne.');
	expect(body).toContain('Ajouté dans la voiture, sans réseau.');

	// Anne, who typed nothing offline, is not warned.
	await expect(page.getByRole('alert').filter({ hasText: 'que sur cet appareil' })).toHaveCount(0);
	await chloe.context.close();
});

test('an observer reads but cannot type, and says why; a socket without a session is refused with 4401', async ({
	page,
	browser,
	baseURL
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Accompagnement des TPE de la Creuse');
	const dora = await supportStaffJoins(browser, page, bidId);
	const section = firstSection(bidId);

	const anneText = await openSection(page, bidId, section.id);
	await typeAtEnd(page, 'Texte de la coordinatrice.');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Voir aussi la mairie.');

	// Words selected and linked faster than Chrome reports the selection (a keyboard macro,
	// assistive software): Ctrl+K in the same task as the selection still links those words.
	await page.evaluate(() => {
		const text = [...document.querySelectorAll('[role="textbox"] p')].find((p) => p.textContent === 'Voir aussi la mairie.')!.firstChild!;
		getSelection()!.setBaseAndExtent(text, 11, text, 20);
		document.activeElement!.dispatchEvent(
			new KeyboardEvent('keydown', { key: 'k', code: 'KeyK', ctrlKey: true, bubbles: true, cancelable: true })
		);
	});
	await expect(page.getByLabel('Adresse du lien')).toBeFocused();
	await page.getByLabel('Adresse du lien').fill('https://www.mairie-gueret.fr');
	await page.keyboard.press('Enter');
	await expect(anneText.getByRole('link', { name: 'la mairie', exact: true })).toHaveAttribute('href', 'https://www.mairie-gueret.fr/');

	// Keyboard: Escape leaves the text for the toolbar (one Tab stop, arrows move), Ctrl+K asks for a link.
	await page.keyboard.press('Escape');
	await expect(page.getByRole('button', { name: 'Titre (niveau 2)' })).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('button', { name: 'Sous-titre (niveau 3)' })).toBeFocused();
	await page.keyboard.press('End');
	// The last button: « Commenter la sélection » (the linked words are still selected), then undo before it.
	await expect(page.getByRole('button', { name: 'Commenter la sélection' })).toBeFocused();
	await page.keyboard.press('ArrowLeft');
	await expect(page.getByRole('button', { name: 'Annuler', exact: true })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(anneText).toBeFocused();
	// Select the first line as a person would, checking what they see before going on (just after
	// focus returns, ProseMirror may still put back the selection it had: retry like they would).
	await expect(async () => {
		await page.keyboard.press('Control+Home');
		await page.keyboard.press('Shift+End');
		expect(await page.evaluate(() => getSelection()?.toString())).toBe('Texte de la coordinatrice.');
	}).toPass();
	await page.keyboard.press('Control+k');
	const href = page.getByLabel('Adresse du lien');
	await expect(href).toBeFocused();
	await href.fill('javascript:alert(1)');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: 'Adresse : saisissez une adresse web' })).toBeVisible();
	await href.fill('www.creuse.fr');
	await page.getByRole('button', { name: 'Appliquer' }).click();
	await expect(anneText.getByRole('link', { name: 'Texte de la coordinatrice.' })).toHaveAttribute('href', 'https://www.creuse.fr/');
	// A table, then a row and a column more.
	await page.keyboard.press('Control+End');
	await page.getByRole('button', { name: 'Insérer un tableau' }).click();
	await page.keyboard.type('Lot');
	await page.getByRole('button', { name: 'Ajouter une ligne au tableau' }).click();
	await page.getByRole('button', { name: 'Ajouter une colonne au tableau' }).click();
	await expect(anneText.locator('tr')).toHaveCount(4);
	await expect(anneText.locator('tr').first().locator('th')).toHaveCount(4);

	const doraText = await openSection(dora.page, bidId, section.id);
	await expect(doraText).toContainText('Texte de la coordinatrice.');
	await expect(doraText.locator('tr')).toHaveCount(4);
	await expect(doraText).toHaveAttribute('contenteditable', 'false');
	await expect(doraText).toHaveAttribute('aria-readonly', 'true');
	await expect(
		dora.page.getByText(
			'Vous suivez cette réponse en tant qu’observateur·rice : vous pouvez lire le texte et participer à la discussion, mais pas le modifier.'
		)
	).toBeVisible();
	await expect(dora.page.getByRole('toolbar', { name: 'Mise en forme du texte' })).toHaveCount(0);
	await doraText.click();
	await dora.page.keyboard.type('Dora essaie d’écrire.');
	// Barriers, not a sleep. Anne writes after Dora typed: once Dora's editor shows Anne's words,
	// it has rendered whatever her own keys did before.
	await typeAtEnd(page, ' Repère de la coordinatrice.');
	await expect(doraText).toContainText('Repère de la coordinatrice.');
	await expect(doraText).not.toContainText('Dora essaie');
	// Present all the same (awareness works read-only).
	const presence = page.getByRole('list', { name: 'Dans la section :' });
	await expect(presence.getByText('Dora Lefèvre')).toBeVisible();
	// Dora leaves. The server handles a socket's frames in order and Anne's socket delivers in
	// order: once Anne sees her leave, she has received anything Dora's socket sent before.
	await dora.page.close();
	await expect(presence.getByText('Dora Lefèvre')).toHaveCount(0);
	await expect(anneText).not.toContainText('Dora essaie');
	dora.page = await dora.context.newPage();
	await openSection(dora.page, bidId, section.id);
	await expect(presence.getByText('Dora Lefèvre')).toBeVisible();
	await screenshot(dora.page, 'editor-observer');

	// Observers may comment (support staff advise).
	await dora.page.getByLabel('Votre commentaire').fill('Pensez à citer le critère environnemental.');
	await dora.page.getByRole('button', { name: 'Publier' }).click();
	await expect(dora.page.getByText('Commentaire publié.')).toBeVisible();
	// Anne, on the same section, sees it appear without reloading (a notice on the socket).
	await expect(page.getByText('Pensez à citer le critère environnemental.')).toBeVisible();
	await expect(page.getByRole('heading', { name: /Discussion/ })).toContainText('(1)');

	// Dora signs out in another tab: the server closes her open socket with 4401 at once (it does
	// not wait for a reconnection); the editor stops retrying and says so in French.
	await expect(editorStatus(dora.page)).toHaveText('En ligne');
	const signOut = await dora.page.request.post('/deconnexion', {
		form: {},
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signOut.status()).toBe(303);
	await expect(dora.page.getByRole('status').filter({ hasText: 'Votre session a expiré : reconnectez-vous.' })).toBeVisible();
	await expect(dora.page.getByRole('link', { name: 'Se reconnecter' })).toHaveAttribute(
		'href',
		`/connexion?retour=${encodeURIComponent(`/reponses/${bidId}/sections/${section.id}`)}`
	);
	await dora.context.close();

	// No cookie: the server accepts the upgrade only to close it with 4401.
	const url = `${baseURL!.replace(/^http/, 'ws')}/collab/section/${section.id}`;
	const code = await new Promise<number>((resolve, reject) => {
		const ws = new WebSocket(url, { headers: { origin: baseURL! } });
		ws.on('close', (c) => resolve(c));
		ws.on('error', reject);
	});
	expect(code).toBe(4401);
});
