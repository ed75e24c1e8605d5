/**
 * The whole journey of issue 7 with three people of two organisations: create, invite,
 * co-write, price lines, accept the split, review and validate every section, provide the
 * pieces, approve and submit; then the bid is frozen (typing and raw WebSocket updates change
 * nothing) and the DOCX and PDF download with the stored SHA-256.
 */
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { createHash } from 'node:crypto';
import { lastMail, linkIn, PASSWORD, screenshot, withDb } from './support';
import { setUpBid } from './fixtures';
import { editorText, openSection, storedText } from './editor-fixtures';

test.setTimeout(240_000);

async function accept(page: Page, bidId: string) {
	await page.goto(`/reponses/${bidId}/repartition`);
	await page.getByRole('button', { name: "J'accepte cette répartition" }).click();
	await expect(page.getByRole('button', { name: "J'accepte cette répartition" })).toHaveCount(0);
}

test('three people of two organisations go from tender to a frozen, exported submission', async ({ page, browser, baseURL }) => {
	const s = await setUpBid(page, browser, { partner: true, title: 'Numérique responsable en Haute-Vienne' });
	const chloe = s.partner!;

	// Bruno joins Anne's CAE, then the bid.
	const brunoEmail = `bruno-${Date.now().toString(36)}@e2e.test`;
	await page.goto('/organisation');
	await page.getByLabel('Adresse e-mail').fill(brunoEmail);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${brunoEmail}.`)).toBeVisible();
	const brunoContext = await browser.newContext();
	const bruno = await brunoContext.newPage();
	await bruno.goto(linkIn(lastMail(brunoEmail).body));
	await bruno.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await bruno.getByLabel('Nom').fill('Bruno Petit');
	await bruno.getByLabel('Adresse e-mail').fill(brunoEmail);
	await bruno.getByLabel('Mot de passe').fill(PASSWORD);
	await bruno.getByRole('button', { name: 'Créer mon compte' }).click();
	await bruno.getByRole('button', { name: "Accepter l'invitation" }).click();
	await page.goto(`/reponses/${s.bidId}`);
	await page.getByLabel('Adresse e-mail').fill(brunoEmail);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${brunoEmail}.`)).toBeVisible();
	await bruno.goto(linkIn(lastMail(brunoEmail).body));
	await bruno.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(bruno).toHaveURL(new RegExp(`/reponses/${s.bidId}$`));

	// Co-writing: Chloé writes the methodology, Anne sees it live.
	const sections = withDb(
		(db) =>
			db.prepare('select id, title from sections where bid_id = ? order by position').all(s.bidId) as Array<{ id: string; title: string }>
	);
	const methodo = sections.find((x) => x.title === 'Méthodologie')!;
	const anneEditor = await openSection(page, s.bidId, methodo.id);
	const chloeEditor = await openSection(chloe.page, s.bidId, methodo.id);
	await chloeEditor.click();
	await chloe.page.keyboard.type('Trois ateliers par commune, animés en binôme.');
	await expect(anneEditor).toContainText('Trois ateliers par commune, animés en binôme.');

	// Price line shared by the three of them.
	await page.goto(`/reponses/${s.bidId}/prestations`);
	const add = page.locator('#ajouter');
	await add.getByLabel('Désignation').fill('Ateliers de sensibilisation');
	await add.getByLabel('Quantité').fill('12');
	await add.getByLabel('Prix unitaire HT (€)').fill('645');
	for (const name of ['Anne Martin', 'Bruno Petit', 'Chloé Bernard']) await add.getByRole('checkbox', { name: new RegExp(name) }).check();
	await add.getByRole('button', { name: 'Ajouter la prestation' }).click();
	await expect(page.getByRole('cell', { name: 'Ateliers de sensibilisation' }).first()).toBeVisible();

	// Everyone accepts the split.
	await accept(page, s.bidId);
	await accept(chloe.page, s.bidId);
	await accept(bruno, s.bidId);

	// Review: the methodology goes to review first (Anne is its author by default), and Chloé,
	// who is not an author, is not offered the button; then Anne writes what is still empty (an
	// empty section cannot be validated) and validates every section.
	await chloe.page.goto(`/reponses/${s.bidId}/sections/${methodo.id}`);
	await expect(chloe.page.getByRole('button', { name: 'Demander une relecture' })).toHaveCount(0);
	await page.goto(`/reponses/${s.bidId}/sections/${methodo.id}`);
	await page.getByRole('button', { name: 'Demander une relecture' }).click();
	await expect(page.getByText('En relecture', { exact: true })).toBeVisible();
	for (const sec of sections) {
		if (sec.id !== methodo.id) {
			const text = await openSection(page, s.bidId, sec.id);
			await text.click();
			await page.keyboard.type(`Notre réponse pour « ${sec.title} ».`);
			await expect.poll(() => storedText(sec.id)).toContain(`Notre réponse pour « ${sec.title} ».`);
		} else await page.goto(`/reponses/${s.bidId}/sections/${sec.id}`);
		await page.getByRole('button', { name: 'Valider', exact: true }).click();
		await expect(page.getByText('Validée — verrouillée')).toBeVisible();
	}

	// Pieces: the readiness panel lists them until they are provided or not applicable.
	await page.goto(`/reponses/${s.bidId}/depot`);
	await expect(page.getByText(/Pièce à fournir : Habilitation du mandataire/)).toBeVisible();
	// The DC1 is written by Cotrait at submission: never asked for.
	await expect(page.getByText(/Pièce à fournir : DC1/)).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Approuver et figer la réponse…' })).toBeDisabled();
	await page.goto(`/reponses/${s.bidId}/pieces`);
	const items = page.locator('li', { has: page.getByLabel('Statut', { exact: false }) });
	const count = await items.count();
	expect(count).toBeGreaterThan(0);
	for (let i = 0; i < count; i++) {
		const item = items.nth(i);
		await item.getByLabel('Statut', { exact: false }).selectOption({ label: 'Sans objet' });
		await item.getByRole('button', { name: /^Enregistrer/ }).click();
		await expect(item.getByLabel('Statut', { exact: false })).toHaveValue('na');
	}

	// Approve and submit.
	await page.goto(`/reponses/${s.bidId}/depot`);
	await expect(page.getByText('Tout est prêt')).toBeVisible();
	await screenshot(page, 'depot-ready');
	await page.getByRole('button', { name: 'Approuver et figer la réponse…' }).click();
	await page.getByRole('button', { name: "Confirmer l'approbation" }).click();
	// Approved is frozen, not yet on the buyer's platform: the page says so, and what to do next.
	await expect(page.getByRole('heading', { name: 'Réponse figée — à déposer sur la plateforme de l’acheteur' })).toBeVisible({
		timeout: 30_000
	});
	await expect(page.getByText('Figée — à déposer', { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Télécharger le dossier à déposer \(ZIP/ })).toBeVisible();
	await screenshot(page, 'depot-done');
	expect(withDb((db) => db.prepare('select status from bids where id = ?').get(s.bidId))).toEqual({ status: 'submitted' });

	// The DOCX and PDF download, and match the SHA-256 kept in the record.
	const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
	const n = await rows.count();
	// The package and each file the buyer receives, every one with its SHA-256.
	expect(n).toBeGreaterThan(8);
	for (let i = 0; i < n; i++) {
		const link = rows.nth(i).getByRole('link');
		const name = (await link.textContent())!;
		const sha = (await rows.nth(i).locator('code').textContent())!.trim();
		const res = await page.request.get((await link.getAttribute('href'))!);
		expect(res.status(), name).toBe(200);
		const body = await res.body();
		expect(createHash('sha256').update(body).digest('hex'), name).toBe(sha);
		if (name.endsWith('.pdf')) expect(body.subarray(0, 5).toString()).toBe('%PDF-');
		else expect(body.subarray(0, 2).toString()).toBe('PK');
	}

	// Frozen: Chloé's editor is read-only and her typing changes nothing…
	await chloe.page.goto(`/reponses/${s.bidId}/sections/${methodo.id}`);
	await expect(editorText(chloe.page)).toHaveAttribute('contenteditable', 'false');
	await editorText(chloe.page).click();
	await chloe.page.keyboard.type(' AJOUT APRÈS DÉPÔT');
	await expect(editorText(chloe.page)).not.toContainText('AJOUT APRÈS DÉPÔT');

	// …and a raw WebSocket update from her session is dropped by the server. The server handles
	// one socket's frames in order, so a sync step 1 sent after the update is answered (sync step
	// 2: the server's whole document) only once the update was handled: that answer is the
	// barrier, and it must not hold the injected text. What is stored comes from that document.
	const cookie = (await chloe.context.cookies()).find((c) => c.name === 'cotrait_session')!;
	const wsUrl = `${baseURL!.replace(/^http/, 'ws')}/collab/section/${methodo.id}`;
	const ws = new WebSocket(wsUrl, { headers: { cookie: `cotrait_session=${cookie.value}`, origin: baseURL! } });
	const frames: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
	const syncFrame = (kind: number) => frames.find((f) => f[0] === 0 && f[1] === kind);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	// The room is loaded once the server greets with its own sync step 1.
	await expect.poll(() => syncFrame(syncProtocol.messageYjsSyncStep1) !== undefined).toBe(true);
	const rogue = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('TEXTE INJECTÉ PAR WEBSOCKET')]);
	rogue.getXmlFragment('default').insert(0, [p]);
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, 0); // sync message
	syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(rogue));
	ws.send(encoding.toUint8Array(enc));
	const ask = encoding.createEncoder();
	encoding.writeVarUint(ask, 0);
	syncProtocol.writeSyncStep1(ask, new Y.Doc()); // "I have nothing": the answer is everything
	ws.send(encoding.toUint8Array(ask));
	await expect.poll(() => syncFrame(syncProtocol.messageYjsSyncStep2) !== undefined).toBe(true);
	ws.close();
	const answer = decoding.createDecoder(syncFrame(syncProtocol.messageYjsSyncStep2)!);
	decoding.readVarUint(answer); // sync message
	decoding.readVarUint(answer); // step 2
	const live = new Y.Doc();
	Y.applyUpdate(live, decoding.readVarUint8Array(answer));
	const liveText = live.getXmlFragment('default').toString();
	expect(liveText).toContain('Trois ateliers par commune');
	expect(liveText).not.toContain('TEXTE INJECTÉ');
	expect(liveText).not.toContain('AJOUT APRÈS DÉPÔT');
	expect(storedText(methodo.id)).toContain('Trois ateliers par commune');
	expect(storedText(methodo.id)).not.toContain('TEXTE INJECTÉ');
	expect(storedText(methodo.id)).not.toContain('AJOUT APRÈS DÉPÔT');

	// Membership is frozen too.
	await page.goto(`/reponses/${s.bidId}`);
	await expect(page.getByRole('button', { name: "Envoyer l'invitation" })).toHaveCount(0);
	await brunoContext.close();
	await s.close();
});
