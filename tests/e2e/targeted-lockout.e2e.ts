/**
 * A competitor must not be able to lock a coordinator out on a deadline day by typing wrong
 * passwords, or asking for password resets, for her address. The owner's browser, which signed
 * in before, holds a device cookie: it signs in at once and still gets reset e-mails; a browser
 * without that cookie is slowed down. (docs/SECURITY.md, « Sign-in, sign-up, password reset ».)
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { linkIn, signOut, signUp, uniqueEmail, withDb } from './support';

const BASE = process.env.E2E_BASE_URL!;
const WRONG = 'pas le bon mot de passe';

function postForm(request: APIRequestContext, path: string, form: Record<string, string>) {
	return request.post(path, { form, headers: { origin: BASE, accept: 'text/html' }, maxRedirects: 0 });
}

function mailsTo(email: string): Array<{ id: number; body: string }> {
	return withDb((db) => db.prepare('select id, body from outbox where to_address = ? order by id').all(email)) as Array<{
		id: number;
		body: string;
	}>;
}

test('wrong passwords from elsewhere do not lock the owner out of a browser that signed in before', async ({ page, browser }) => {
	const email = uniqueEmail('coralie');
	await signUp(page, 'Coralie Coordinatrice', email);
	await signOut(page);

	// The attacker, from a client without cookies: five wrong passwords in a row, then two more
	// as soon as the growing delay allows.
	const attacker = await browser.newContext();
	const statuses: number[] = [];
	for (let i = 0; i < 5; i++) statuses.push((await postForm(attacker.request, '/connexion', { email, password: WRONG })).status());
	const slowed = await postForm(attacker.request, '/connexion', { email, password: WRONG });
	statuses.push(slowed.status());
	const slowedText = await slowed.text();
	for (const waitMs of [1100, 2100]) {
		await new Promise((r) => setTimeout(r, waitMs));
		statuses.push((await postForm(attacker.request, '/connexion', { email, password: WRONG })).status());
	}

	// A browser without the cookie, with the right password, must wait (4 s from the last failure).
	const fresh = await browser.newContext();
	const p2 = await fresh.newPage();
	await p2.goto('/connexion');
	await p2.getByLabel('Adresse e-mail').fill(email);
	await p2.getByLabel('Mot de passe').fill('une phrase de passe solide');
	await p2.getByRole('button', { name: 'Se connecter' }).click();
	await expect(p2.getByRole('alert')).toBeVisible();
	const freshAlert = await p2.getByRole('alert').textContent();
	await expect(p2).toHaveURL(/\/connexion/);
	await fresh.close();

	// The owner, in her browser, at once: signed in.
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('une phrase de passe solide');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/tableau-de-bord$/);
	// The attacker was refused at once after five failures, then allowed one try after 1 s, 2 s.
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 400, 400]);
	expect(slowedText).toContain('Réessayez dans');
	expect(freshAlert).toContain('Trop de tentatives');
	expect(freshAlert).toContain('Réessayez dans');
	const device = (await page.context().cookies()).find((c) => c.name === 'cotrait_device');
	expect(device, 'a device cookie is issued on sign-up and kept').toBeDefined();
	expect(device!.httpOnly).toBe(true);
	expect(device!.sameSite).toBe('Lax');
	expect(device!.path).toBe('/');
	const days = (device!.expires * 1000 - Date.now()) / 86_400_000;
	expect(days).toBeGreaterThan(360);
	expect(days).toBeLessThan(370);
	// Only a hash is stored.
	const [id, secret] = device!.value.split('.');
	const stored = withDb((db) => db.prepare('select secret_hash from device_cookies where id = ?').get(id)) as { secret_hash: Buffer };
	expect(stored.secret_hash.length).toBe(32);
	expect(stored.secret_hash.toString('utf8')).not.toContain(secret);

	// Reset requests: the attacker's extra ones send nothing (same answer), the owner's still does.
	await signOut(page);
	const before = mailsTo(email).length;
	for (let i = 0; i < 5; i++) {
		const r = await postForm(attacker.request, '/mot-de-passe-oublie', { email });
		expect(r.status()).toBe(200);
		expect(await r.text()).toContain('Si un compte existe pour cette adresse');
	}
	expect(mailsTo(email).length - before).toBe(3);
	await attacker.close();

	await page.goto('/mot-de-passe-oublie');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(page.getByRole('main').getByRole('status')).toContainText('Si un compte existe pour cette adresse');
	const mails = mailsTo(email);
	expect(mails.length - before).toBe(4);
	await page.goto(linkIn(mails.at(-1)!.body));
	await page.getByLabel('Nouveau mot de passe').fill('un tout nouveau secret');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page).toHaveURL(/\/tableau-de-bord$/);
});
