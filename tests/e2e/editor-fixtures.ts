/**
 * Helpers of the editor journey (tests/e2e/editor.e2e.ts): a coordinator, a tender with one lot
 * and a bid built through the real UI; people of another CAE or of the coordinator's own
 * organisation joining through the e-mailed invitations. The server owns the SQLite file: tests
 * only read it.
 */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { createOrganisation, lastMail, linkIn, PASSWORD, signUp, uniqueEmail, withDb } from './support';

/** A Paris wall time N days from now at 12:00, as a datetime-local value. */
function parisLocalInDays(days: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}T12:00`;
}

export interface Person {
	name: string;
	email: string;
	page: Page;
	context: BrowserContext;
}

/** Anne creates her organisation, a tender with one lot and a bid on it; returns the bid id. */
export async function coordinatorWithBid(page: Page, title: string): Promise<{ bidId: string; email: string; organisation: string }> {
	const email = uniqueEmail('anne');
	const organisation = `CAE GAMMA ${Date.now().toString(36)}`;
	await signUp(page, 'Anne Martin', email);
	await createOrganisation(page, organisation, '11');

	await page.goto('/appels-d-offres/nouveau');
	await page.getByLabel('Acheteur').fill('Communauté de communes du Haut-Limousin');
	await page.getByLabel('Référence').fill('2026-HL-12');
	await page.getByLabel('Intitulé', { exact: true }).fill(title);
	await page.getByLabel('Montant estimé HT (€)').fill('35 000');
	await page.getByLabel('Date limite de remise des offres').fill(parisLocalInDays(20));
	await page.getByRole('button', { name: "Créer l'appel d'offres" }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

	const details = page.locator('details', { has: page.getByText('Ajouter un lot') });
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await page.getByLabel('Numéro').fill('1');
	await page.getByLabel('Intitulé du lot').fill('Ateliers numériques');
	const criteria: Array<[string, string]> = [
		['Prix', '40'],
		['Valeur technique', '60']
	];
	for (let i = 1; i <= 5; i++) {
		await page.getByLabel(`Critère ${i}`, { exact: true }).fill(criteria[i - 1]?.[0] ?? '');
		await page.getByLabel(`Pondération ${i} (%)`).fill(criteria[i - 1]?.[1] ?? '');
	}
	await page.getByRole('button', { name: 'Ajouter le lot' }).click();
	await expect(page.getByRole('cell', { name: 'Ateliers numériques', exact: true })).toBeVisible();

	await page.getByLabel('Lot 1 — Ateliers numériques').check();
	await page.getByRole('button', { name: 'Créer la réponse' }).click();
	await expect(page).toHaveURL(/\/reponses\/[a-z2-7]+$/);
	return { bidId: page.url().split('/').pop()!, email, organisation };
}

/** The coordinator (in `page`) invites `email` to the bid through the « Inviter » form. */
export async function inviteToBid(page: Page, bidId: string, email: string): Promise<void> {
	await page.goto(`/reponses/${bidId}`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
}

/** Accepts the bid invitation e-mailed to `person`. */
export async function acceptBidInvitation(person: Person, bidId: string): Promise<void> {
	await person.page.goto(linkIn(lastMail(person.email).body));
	await person.page.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(person.page).toHaveURL(new RegExp(`/reponses/${bidId}$`));
}

/** Chloé, from another CAE, joins the bid as a member (her own browser context). */
export async function partnerJoins(browser: Browser, coordinator: Page, bidId: string): Promise<Person> {
	const context = await browser.newContext();
	const page = await context.newPage();
	const person: Person = { name: 'Chloé Bernard', email: uniqueEmail('chloe'), page, context };
	await signUp(page, person.name, person.email);
	await createOrganisation(page, `CAE DELTA ${Date.now().toString(36)}`, '9');
	await inviteToBid(coordinator, bidId, person.email);
	await acceptBidInvitation(person, bidId);
	return person;
}

/**
 * Dora, « Chargé·e d'accompagnement » of the coordinator's organisation (invited there by the
 * coordinator, who is its admin), then invited to the bid: she joins as an observer.
 */
export async function supportStaffJoins(browser: Browser, coordinator: Page, bidId: string): Promise<Person> {
	const email = uniqueEmail('dora');
	await coordinator.goto('/organisation');
	await coordinator.getByLabel('Adresse e-mail').fill(email);
	await coordinator.getByLabel('Rôle').selectOption({ label: "Chargé·e d'accompagnement" });
	await coordinator.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(coordinator.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();

	const context = await browser.newContext();
	const page = await context.newPage();
	const person: Person = { name: 'Dora Lefèvre', email, page, context };
	await page.goto(linkIn(lastMail(email).body));
	await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await page.getByLabel('Nom').fill(person.name);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await page.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

	await inviteToBid(coordinator, bidId, email);
	await acceptBidInvitation(person, bidId);
	return person;
}

/** The first section of the bid's outline. */
export function firstSection(bidId: string): { id: string; title: string } {
	return withDb((db) => db.prepare('select id, title from sections where bid_id = ? order by position limit 1').get(bidId)) as {
		id: string;
		title: string;
	};
}

/** The connection status line of the editor. */
export function editorStatus(page: Page): Locator {
	// The connection line above the text, not a toast that happens to say « Hors ligne » too.
	return page.locator('.editor-top').getByRole('status');
}

/** The editor's text area. */
export function editorText(page: Page): Locator {
	return page.getByRole('textbox', { name: /^Texte de la section/ });
}

/** Opens the section page and waits until the editor is synced with the server. */
export async function openSection(page: Page, bidId: string, sectionId: string): Promise<Locator> {
	await page.goto(`/reponses/${bidId}/sections/${sectionId}`);
	await expect(editorStatus(page)).toHaveText('En ligne');
	return editorText(page);
}

/** The text of a section's stored Yjs document (snapshot + update log), read from SQLite. */
export function storedText(sectionId: string): string {
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

/** Selects `phrase` in the editor's text as a person would with the mouse. */
export async function selectText(page: Page, phrase: string): Promise<void> {
	await editorText(page).focus();
	await page.evaluate((phrase) => {
		const root = document.querySelector('.section-text.ProseMirror')!;
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const at = n.textContent!.indexOf(phrase);
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(n, at);
			range.setEnd(n, at + phrase.length);
			document.getSelection()!.removeAllRanges();
			document.getSelection()!.addRange(range);
			return;
		}
		throw new Error(`« ${phrase} » is not in the text`);
	}, phrase);
	// The editor takes a DOM selection on its next selectionchange; a key pressed before then (or
	// after a remote update moved it) would land elsewhere. Wait until the editor holds it.
	await expect.poll(() => editorSelection(page, phrase.length)).toEqual({ empty: false, before: phrase });
}

/**
 * Puts the caret right after `phrase`: selects it, then ArrowRight collapses the selection to its
 * end — one key whatever the text around, where counting arrow presses from the start drifts.
 */
export async function caretAfterPhrase(page: Page, phrase: string): Promise<void> {
	await selectText(page, phrase);
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => editorSelection(page, phrase.length)).toEqual({ empty: true, before: phrase });
}

/** The editor's own selection: whether it is empty, and the `length` characters ending where it ends. */
function editorSelection(page: Page, length: number): Promise<{ empty: boolean; before: string }> {
	return page.evaluate((length) => {
		type State = { selection: { from: number; to: number; empty: boolean }; doc: { textBetween(a: number, b: number): string } };
		const root = document.querySelector('.section-text.ProseMirror') as unknown as { editor: { state: State } };
		const { selection, doc } = root.editor.state;
		return { empty: selection.empty, before: doc.textBetween(Math.max(0, selection.to - length), selection.to) };
	}, length);
}
