/**
 * The « come back to » target (`retour`) of sign-in and sign-up, against the built server: a
 * hostile value never sends a visitor to another host, and never answers 500. A Location is
 * judged the way a browser reads it: WHATWG URL parsing against the page's URL (which, like
 * browsers, drops tabs and newlines and treats backslashes as slashes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../support/server';
import { HttpSession } from '../../support/http-session';

const PASSWORD = 'une phrase de passe solide';

/** Values an attacker may put in `retour` (the raw string, before URL encoding). */
const HOSTILE = [
	'/\t/evil.example/phish',
	'/\n/evil.example',
	'/\r/evil.example',
	'/\r\n/evil.example',
	'/\t\t//evil.example',
	'\t//evil.example',
	' //evil.example',
	'/ /evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'//evil.example',
	'///evil.example',
	'//evil.example/%2F..',
	'/.//evil.example',
	'/..//evil.example',
	'/a/../..//evil.example',
	'https:evil.example',
	'https://evil.example/',
	'http:/evil.example',
	'javascript:alert(1)',
	'/\u0000/evil.example',
	'/\u000b/evil.example',
	'/\u0085/evil.example',
	'/\u00a0/evil.example',
	'/\u2028/evil.example',
	'/\u3000/evil.example',
	'/\u202e//evil.example',
	'/\u200b//evil.example',
	'/\ufeff//evil.example',
	// Encoded once more: decoded by nobody, they must at worst stay paths of this site.
	'/%09/evil.example',
	'/%2F/evil.example',
	'%2F%2Fevil.example',
	'/%5Cevil.example',
	'/%0d%0aSet-Cookie:%20x=1'
];

function expectSameOrigin(res: Response, origin: string, label: string) {
	expect(res.status, label).toBe(303);
	const location = res.headers.get('location') ?? '';
	// Printable ASCII only: no tab, newline or other character a browser would strip or rewrite.
	expect(location, label).toMatch(/^\/[\x21-\x7e]*$/);
	expect(location.startsWith('//') || location.startsWith('/\\'), label).toBe(false);
	expect(new URL(location, `${origin}/connexion`).origin, label).toBe(origin);
}

let server: RunningServer;
let dir: string;
const email = `retour-${Date.now()}@test.example`;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cotrait-retour-'));
	server = await startServer({ DATABASE_PATH: join(dir, 'db.sqlite'), DATA_DIR: join(dir, 'files'), SIGNUP_LIMIT_PER_IP: '1000' });
	await new HttpSession(server.url).signUp('Renée Retour', email, PASSWORD);
});

afterAll(async () => {
	server?.child.kill('SIGTERM');
	await server?.exited;
	rmSync(dir, { recursive: true, force: true });
});

describe('retour on /connexion and /inscription', () => {
	it('a signed-in visitor opening /connexion?retour=<hostile> stays on this site, without a 500', async () => {
		const visitor = new HttpSession(server.url);
		await visitor.signIn(email, PASSWORD);
		for (const value of HOSTILE) {
			const res = await visitor.get(`/connexion?retour=${encodeURIComponent(value)}`);
			expectSameOrigin(res, visitor.origin, JSON.stringify(value));
		}
		// Raw in the query string too (the server decodes %09, %0a… itself).
		for (const raw of [
			'/%09/evil.example/phish',
			'/%0a/evil.example',
			'/%0d/evil.example',
			'/%5C/evil.example',
			'/%E2%80%AE//evil.example'
		]) {
			const res = await visitor.get(`/connexion?retour=${raw}`);
			expectSameOrigin(res, visitor.origin, raw);
		}
	});

	it('signing in through the form with a hostile retour lands on this site', async () => {
		for (const value of HOSTILE) {
			const visitor = new HttpSession(server.url);
			const res = await visitor.post('/connexion', { email, password: PASSWORD, retour: value });
			expectSameOrigin(res, visitor.origin, JSON.stringify(value));
		}
	});

	it('signing up through the form with a hostile retour lands on this site', async () => {
		let n = 0;
		for (const value of HOSTILE) {
			const visitor = new HttpSession(server.url);
			const res = await visitor.post('/inscription', {
				name: 'Nouvelle Personne',
				email: `n${n++}-${Date.now()}@test.example`,
				password: PASSWORD,
				retour: value
			});
			expectSameOrigin(res, visitor.origin, JSON.stringify(value));
		}
	});

	it('a genuine path of the site is kept, query included, non-ASCII characters encoded', async () => {
		const visitor = new HttpSession(server.url);
		await visitor.signIn(email, PASSWORD);
		let res = await visitor.get(`/connexion?retour=${encodeURIComponent('/appels-d-offres?q=abc#liste')}`);
		expect(res.headers.get('location')).toBe('/appels-d-offres?q=abc#liste');
		res = await visitor.get(`/connexion?retour=${encodeURIComponent('/appels-d-offres?q=café')}`);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/appels-d-offres?q=caf%C3%A9');
		res = await new HttpSession(server.url).post('/connexion', { email, password: PASSWORD, retour: '/profil' });
		expect(res.headers.get('location')).toBe('/profil');
		// Anything refused goes to the dashboard (sign-in) or the organisation page (sign-up).
		res = await visitor.get(`/connexion?retour=${encodeURIComponent('/\t/evil.example')}`);
		expect(res.headers.get('location')).toBe('/tableau-de-bord');
		res = await new HttpSession(server.url).post('/inscription', {
			name: 'Autre',
			email: `autre-${Date.now()}@test.example`,
			password: PASSWORD,
			retour: '//evil.example'
		});
		expect(res.headers.get('location')).toBe('/organisation');
	});

	it('the sign-in form carries only a cleaned retour', async () => {
		const res = await new HttpSession(server.url).get(`/connexion?retour=${encodeURIComponent('/\t/evil.example')}`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('name="retour" value="/tableau-de-bord"');
		expect(html).not.toContain('evil.example');
	});
});
