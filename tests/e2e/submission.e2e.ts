/**
 * The whole journey of issue 7 with three people of two organisations: create, invite,
 * co-write, price lines, accept the split, review and validate every section, provide the
 * pieces, approve and submit; then the bid is frozen (typing and raw WebSocket updates change
 * nothing) and the DOCX and PDF download with the stored SHA-256.
 */
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { createHash } from 'node:crypto';
import { lastMail, linkIn, PASSWORD, screenshot, withDb } from './support';
import { setUpBid } from './fixtures';
import { editorText, openSection } from './editor-fixtures';

test.setTimeout(240_000);

/** The text of a section's stored Yjs document (snapshot + update log), read from SQLite. */
function storedText(sectionId: string): string {
	const room = `section/${sectionId}`;
	const { snapshot, updates } = withDb((db) => ({
		snapshot: db.prepare('select state from collab_snapshots where room = ?').get(room) as { state: Buffer } | undefined,
		updates: db.prepare('select data from collab_updates where room = ? order by id').all(room) as Array<{ data: Buffer }>
	}));
	const doc = new Y.Doc();
	if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.state));
	for (const u of updates) Y.applyUpdate(doc, new Uint8Array(u.data));
	return doc.getXmlFragment('default').toString();
}

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
	const sections = withDb((db) => db.prepare('select id, title from sections where bid_id = ? order by position').all(s.bidId) as Array<{ id: string; title: string }>);
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
	// who is not an author, is not offered the button; then Anne validates every section.
	await chloe.page.goto(`/reponses/${s.bidId}/sections/${methodo.id}`);
	await expect(chloe.page.getByRole('button', { name: 'Demander une relecture' })).toHaveCount(0);
	await page.goto(`/reponses/${s.bidId}/sections/${methodo.id}`);
	await page.getByRole('button', { name: 'Demander une relecture' }).click();
	await expect(page.getByText('En relecture', { exact: true })).toBeVisible();
	for (const sec of sections) {
		await page.goto(`/reponses/${s.bidId}/sections/${sec.id}`);
		await page.getByRole('button', { name: 'Valider', exact: true }).click();
		await expect(page.getByText('Validée — verrouillée')).toBeVisible();
	}

	// Pieces: the readiness panel lists them until they are provided or not applicable.
	await page.goto(`/reponses/${s.bidId}/depot`);
	await expect(page.getByText(/Pièce à fournir : DC1/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Approuver et déposer…' })).toBeDisabled();
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
	await page.getByRole('button', { name: 'Approuver et déposer…' }).click();
	await page.getByRole('button', { name: "Confirmer l'approbation et le dépôt" }).click();
	await expect(page.getByRole('heading', { name: 'Réponse déposée' })).toBeVisible({ timeout: 30_000 });
	await screenshot(page, 'depot-done');
	expect(withDb((db) => db.prepare('select status from bids where id = ?').get(s.bidId))).toEqual({ status: 'submitted' });

	// The DOCX and PDF download, and match the SHA-256 kept in the record.
	const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
	const n = await rows.count();
	expect(n).toBe(4);
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

	// …and a raw WebSocket update from her session is dropped by the server.
	const cookie = (await chloe.context.cookies()).find((c) => c.name === 'cotrait_session')!;
	const wsUrl = `${baseURL!.replace(/^http/, 'ws')}/collab/section/${methodo.id}`;
	const ws = new WebSocket(wsUrl, { headers: { cookie: `cotrait_session=${cookie.value}`, origin: baseURL! } });
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	const rogue = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('TEXTE INJECTÉ PAR WEBSOCKET')]);
	rogue.getXmlFragment('default').insert(0, [p]);
	const enc = encoding.createEncoder();
	encoding.writeVarUint(enc, 0); // sync message
	syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(rogue));
	ws.send(encoding.toUint8Array(enc));
	await new Promise((r) => setTimeout(r, 600)); // longer than the server's write batch
	ws.close();
	expect(storedText(methodo.id)).toContain('Trois ateliers par commune');
	expect(storedText(methodo.id)).not.toContain('TEXTE INJECTÉ');
	expect(storedText(methodo.id)).not.toContain('AJOUT APRÈS DÉPÔT');

	// Membership is frozen too.
	await page.goto(`/reponses/${s.bidId}`);
	await expect(page.getByRole('button', { name: "Envoyer l'invitation" })).toHaveCount(0);
	await brunoContext.close();
	await s.close();
});
