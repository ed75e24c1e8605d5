import { expect, test } from '@playwright/test';
import {
	appRoutes,
	createOrganisation,
	lastMail,
	linkIn,
	PASSWORD,
	screenshot,
	signIn,
	signOut,
	signUp,
	uniqueEmail,
	withDb
} from './support';

test('sign up, sign out, sign in; a wrong password gives a French error and keeps the address', async ({ page }) => {
	const email = uniqueEmail('alice');
	await signUp(page, 'Alice Durand', email);
	await expect(page.getByRole('heading', { level: 1, name: 'Votre organisation' })).toBeVisible();
	await signOut(page);

	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
	await expect(page.getByLabel('Mot de passe')).toHaveValue('');
	await screenshot(page, 'sign-in-error');

	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/tableau-de-bord$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Alice Durand');
});

test('the session cookie is HttpOnly, SameSite=Lax, Path=/', async ({ page, context }) => {
	await signUp(page, 'Cookie Test', uniqueEmail('cookie'));
	const cookie = (await context.cookies()).find((c) => c.name === 'cotrait_session');
	expect(cookie).toBeDefined();
	expect(cookie!.httpOnly).toBe(true);
	expect(cookie!.sameSite).toBe('Lax');
	expect(cookie!.path).toBe('/');
	expect(cookie!.value).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
	// The browser's copy is not what the database stores.
	const stored = withDb((db) => db.prepare('select secret_hash from sessions where id = ?').get(cookie!.value.split('.')[0])) as {
		secret_hash: Buffer;
	};
	expect(stored.secret_hash.toString('utf8')).not.toContain(cookie!.value.split('.')[1]);
});

test('password reset through the e-mailed link, same answer for unknown addresses', async ({ page }) => {
	const email = uniqueEmail('bob');
	await signUp(page, 'Bob Moreau', email);
	await signOut(page);

	await page.goto('/mot-de-passe-oublie');
	await page.getByLabel('Adresse e-mail').fill(uniqueEmail('personne'));
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	const generic = await page.getByRole('main').getByRole('status').textContent();
	expect(generic).toContain('Si un compte existe pour cette adresse');

	await page.goto('/mot-de-passe-oublie');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText(generic!);

	const mail = lastMail(email);
	expect(mail.subject).toContain('réinitialisation');
	const link = linkIn(mail.body);
	await page.goto(link);
	await page.getByLabel('Nouveau mot de passe').fill('un tout nouveau secret');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page).toHaveURL(/\/tableau-de-bord$/);
	await signOut(page);
	await signIn(page, email, 'un tout nouveau secret');

	// Single use.
	await page.goto(link);
	await expect(page.getByRole('alert')).toContainText('invalide');
});

test('an organisation admin invites a second person, who accepts', async ({ page, browser }) => {
	const adminEmail = uniqueEmail('admin');
	await signUp(page, 'Camille Admin', adminEmail);
	await createOrganisation(page, 'CAE Les Tisserands', '11,5');
	await screenshot(page, 'organisation');

	const inviteeEmail = uniqueEmail('invitee');
	await page.getByLabel('Adresse e-mail').fill(inviteeEmail);
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${inviteeEmail}.`)).toBeVisible();

	const other = await browser.newContext();
	const p2 = await other.newPage();
	await p2.goto(linkIn(lastMail(inviteeEmail).body));
	await expect(p2.getByRole('heading', { name: 'Rejoindre CAE Les Tisserands' })).toBeVisible();
	await p2.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await p2.getByLabel('Nom').fill('Dominique Invitée');
	await p2.getByLabel('Adresse e-mail').fill(inviteeEmail);
	await p2.getByLabel('Mot de passe').fill(PASSWORD);
	await p2.getByRole('button', { name: 'Créer mon compte' }).click();
	await p2.getByRole('button', { name: "Accepter l'invitation" }).click();
	await expect(p2.getByRole('heading', { level: 1, name: 'CAE Les Tisserands' })).toBeVisible();
	await expect(p2.getByRole('cell', { name: /^Camille Admin/ })).toBeVisible();
	await other.close();

	await page.reload();
	await expect(page.getByRole('cell', { name: /^Dominique Invitée/ })).toBeVisible();
	// The admin sets Dominique's own rate.
	await page.getByLabel('Taux personnel de Dominique Invitée (%)').fill('9');
	await page.getByLabel('Taux personnel de Dominique Invitée (%)').press('Enter');
	await expect(page.getByText('Taux enregistré.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Taux personnel de Dominique Invitée (%)')).toHaveValue('9');
});

test('« Se déconnecter partout » signs out another browser', async ({ page, browser }) => {
	const email = uniqueEmail('partout');
	await signUp(page, 'Eve Partout', email);
	const other = await browser.newContext();
	const p2 = await other.newPage();
	await signIn(p2, email);
	await p2.goto('/profil');
	await expect(p2.getByRole('heading', { name: 'Mon profil' })).toBeVisible();

	await page.goto('/profil');
	await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
	await expect(page).toHaveURL(/\/connexion/);

	await p2.reload();
	await expect(p2).toHaveURL(/\/connexion\?retour=%2Fprofil/);
	await other.close();
});

test('every page of the signed-in area sends an anonymous visitor to sign-in', async ({ page }) => {
	const routes = appRoutes();
	expect(routes).toEqual(expect.arrayContaining(['/organisation', '/profil', '/tableau-de-bord']));
	for (const route of routes) {
		await page.goto(route);
		await expect(page, route).toHaveURL(
			new RegExp(`/connexion\\?retour=${encodeURIComponent(route).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
		);
	}
});

test('bad input: French field errors, input kept, nothing half-saved', async ({ page }) => {
	await page.goto('/inscription');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByText('Nom : ce champ est obligatoire.')).toBeVisible();
	await expect(page.getByText('Adresse e-mail : ce champ est obligatoire.')).toBeVisible();

	const longName = 'N'.repeat(10_000);
	const email = uniqueEmail('bad');
	await page.getByLabel('Nom').evaluate((el, v) => {
		(el as HTMLInputElement).removeAttribute('maxlength');
		(el as HTMLInputElement).value = v;
	}, longName);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('court');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByText('Nom : 120 caractères au maximum.')).toBeVisible();
	await expect(page.getByText('Le mot de passe doit contenir au moins 10 caractères.')).toHaveCount(0); // first error per form only for the name
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(email);
	expect(withDb((db) => db.prepare('select count(*) n from users where email = ?').get(email)) as { n: number }).toEqual({ n: 0 });

	// Script tags in a name are stored and shown as text.
	const scripty = '<script>window.__pwned = 1</script> Zoé';
	await page.getByLabel('Nom').fill(scripty);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page).toHaveURL(/\/organisation$/);

	// Organisation: invalid SIRET and a 150 % rate.
	await page.getByLabel("Nom de l'organisation").fill('CAE Mauvaise Saisie');
	await page.getByLabel('SIRET').fill('12345678901234');
	await page.getByLabel('Taux de contribution coopérative (%)').fill('150');
	await page.getByRole('button', { name: "Créer l'organisation" }).click();
	await expect(page.getByText('SIRET : 14 chiffres avec une clé de contrôle valide')).toBeVisible();
	await expect(page.getByText('Taux de contribution : indiquez un pourcentage entre 0 et 100')).toBeVisible();
	await expect(page.getByLabel("Nom de l'organisation")).toHaveValue('CAE Mauvaise Saisie');
	expect(withDb((db) => db.prepare("select count(*) n from organisations where name = 'CAE Mauvaise Saisie'").get())).toEqual({ n: 0 });

	await page.goto('/tableau-de-bord');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bonjour ${scripty}`);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('too many failed sign-ins answer 429 in French', async ({ request }) => {
	const email = uniqueEmail('brute');
	let last = 0;
	let body = '';
	for (let i = 0; i < 6; i++) {
		const r = await request.post('/connexion', {
			form: { email, password: 'mauvais mot de passe ' + i },
			headers: { origin: process.env.E2E_BASE_URL!, accept: 'text/html' }
		});
		last = r.status();
		body = await r.text();
	}
	expect(last).toBe(429);
	expect(body).toContain('Trop de tentatives');
});
