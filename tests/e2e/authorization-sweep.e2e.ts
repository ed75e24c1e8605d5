/**
 * Authorization sweep: every page and endpoint of the signed-in area, taken from the route
 * tree, requested as an anonymous visitor, a signed-in stranger (another organisation), an
 * observer (Dora, support staff) and a member (Bruno) of the demo bid; each answer is checked
 * against the policy: anonymous → sign-in, stranger → 404 on anything of the bid or tender,
 * observer and member → 200.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { demoBid, useDemoServer } from './demo-server';
import { PASSWORD, uniqueEmail } from './support';

test.describe.configure({ mode: 'serial' });
const demo = useDemoServer();

/**
 * Every page (+page.svelte) and endpoint (+server.ts) under src/routes/(app), as a URL pattern;
 * `postOnly` for an endpoint that answers POST and no GET (an upload).
 */
function routeTree(): Array<{ route: string; postOnly: boolean }> {
	const root = join(process.cwd(), 'src', 'routes', '(app)');
	const out = new Map<string, boolean>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (name === '+page.svelte' || name === '+server.ts') {
				const route =
					'/' +
					relative(root, dir)
						.split(sep)
						.filter((s) => !/^\(.*\)$/.test(s))
						.join('/');
				const source = name === '+server.ts' ? readFileSync(p, 'utf8') : '';
				const postOnly = /export const POST\b/.test(source) && !/export const GET\b/.test(source);
				out.set(route, (out.get(route) ?? true) && postOnly);
			}
		}
	};
	walk(root);
	return [...out].map(([route, postOnly]) => ({ route, postOnly })).sort((a, b) => a.route.localeCompare(b.route));
}

async function signedIn(
	playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
	email: string,
	password: string
): Promise<APIRequestContext> {
	const ctx = await playwright.request.newContext({ baseURL: demo.url('') });
	const r = await ctx.post('/connexion', {
		form: { email, password },
		headers: { origin: demo.url(''), accept: 'text/html' },
		maxRedirects: 0
	});
	expect(r.status(), `sign-in of ${email}`).toBe(303);
	return ctx;
}

test('every route answers as the policy says for anonymous, stranger, observer and member', async ({ playwright, browser }) => {
	// Samples for every parameter: the demo bid, one of its sections, a version, a DCE file.
	const anne = await demo.signIn(browser, 'anne@demo.test');
	const ids = demo.db((db) => {
		const bid = demoBid(db);
		const section = db.prepare('select id from sections where bid_id = ? order by position limit 1').get(bid.id) as { id: string };
		const lot = db.prepare('select lot_id from bid_lots where bid_id = ? limit 1').get(bid.id) as { lot_id: string };
		return { bidId: bid.id, tenderId: bid.tender_id, sectionId: section.id, lotId: lot.lot_id };
	});
	await anne.goto(demo.url(`/appels-d-offres/${ids.tenderId}`));
	await anne
		.getByLabel('Ajouter un fichier')
		.setInputFiles({ name: 'reglement.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% RC\n') });
	await anne.getByRole('button', { name: 'Déposer' }).click();
	await expect(anne.getByRole('link', { name: 'reglement.pdf' })).toBeVisible();
	await anne.goto(demo.url(`/reponses/${ids.bidId}/sections/${ids.sectionId}`));
	await anne.getByLabel(/Nom de la version/).fill('Avant relecture');
	await anne.getByRole('button', { name: /Enregistrer une version|Créer la version/ }).click();
	await expect(anne.getByRole('link', { name: /Avant relecture/ })).toBeVisible();
	const sample = demo.db((db) => ({
		fileId: (db.prepare("select id from files where kind = 'dce'").get() as { id: string }).id,
		versionId: (db.prepare('select id from section_versions where section_id = ?').get(ids.sectionId) as { id: string }).id,
		// A library entry shared with the directory: every member of an organisation may read it.
		entryId: (db.prepare("select id from library_entries where visibility = 'directory' limit 1").get() as { id: string }).id
	}));
	await anne.context().close();

	const values: Record<string, string> = {
		'[id]': ids.bidId,
		'[sectionId]': ids.sectionId,
		'[versionId]': sample.versionId,
		'[file]': 'annexe.pdf',
		'[lotId]': ids.lotId
	};
	const routes = routeTree();
	const urls = routes.map(({ route: r, postOnly }) => {
		let url = r;
		if (r.startsWith('/appels-d-offres/[id]')) url = url.replace('[id]', ids.tenderId);
		if (r.startsWith('/fichiers/[id]')) url = url.replace('[id]', sample.fileId);
		if (r.startsWith('/bibliotheque/[id]')) url = url.replace('[id]', sample.entryId);
		for (const [k, v] of Object.entries(values)) url = url.replace(k, v);
		expect(url, `no sample for a parameter of ${r}`).not.toMatch(/\[/);
		return { route: r, url, scoped: /\[/.test(r), postOnly };
	});
	expect(routes.length).toBeGreaterThanOrEqual(20);

	// A stranger: signed in, in another organisation, not in the group.
	const strangerEmail = uniqueEmail('etranger');
	const anon = await playwright.request.newContext({ baseURL: demo.url('') });
	const signup = await anon.post('/inscription', {
		form: { name: 'Étienne Étranger', email: strangerEmail, password: PASSWORD },
		headers: { origin: demo.url(''), accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signup.status()).toBe(303);
	const stranger = await signedIn(playwright, strangerEmail, PASSWORD);
	const observer = await signedIn(playwright, 'dora@demo.test', 'cotrait-demo-2026');
	const member = await signedIn(playwright, 'bruno@demo.test', 'cotrait-demo-2026');
	const fresh = await playwright.request.newContext({ baseURL: demo.url('') });

	// An upload endpoint (POST only) is sent an empty form: sign-in for the anonymous, 404 for a
	// stranger, refused to an observer (who may not write), and to a member only for what is missing.
	const empty = { multipart: { note: '' }, headers: { origin: demo.url('') }, maxRedirects: 0 };
	for (const { route, url } of urls.filter((u) => u.postOnly)) {
		const a = await fresh.post(url, empty);
		expect(a.status(), `anonymous POST ${route}`).toBe(303);
		expect(a.headers()['location'], `anonymous POST ${route}`).toMatch(/^\/connexion\?retour=/);
		expect((await stranger.post(url, empty)).status(), `stranger POST ${route}`).toBe(404);
		expect((await observer.post(url, empty)).status(), `observer POST ${route}`).toBe(403);
		expect((await member.post(url, empty)).status(), `member POST ${route}`).toBe(400);
	}

	for (const { route, url, scoped } of urls.filter((u) => !u.postOnly)) {
		const a = await fresh.get(url, { maxRedirects: 0 });
		expect(a.status(), `anonymous ${route}`).toBe(303);
		expect(a.headers()['location'], `anonymous ${route}`).toMatch(/^\/connexion\?retour=/);

		// « Accompagnement » is the support staff's page: Dora's, not Bruno's (an entrepreneur).
		const support = route.startsWith('/accompagnement');
		const s = await stranger.get(url, { maxRedirects: 0 });
		expect(s.status(), `stranger ${route}`).toBe(scoped || support ? 404 : 200);

		// The demo's lots have no buyer's price schedule: its filled copy is absent for members too.
		const present = !route.endsWith('/bordereau-complete.xlsx');
		// « Demander à rejoindre » is for people without an organisation: the others go to theirs.
		const joining = route === '/organisation/rejoindre';
		const o = await observer.get(url, { maxRedirects: 0 });
		expect(o.status(), `observer ${route}`).toBe(joining ? 303 : present ? 200 : 404);
		if (joining) expect(o.headers()['location'], `observer ${route}`).toBe('/organisation');

		const m = await member.get(url, { maxRedirects: 0 });
		expect(m.status(), `member ${route}`).toBe(joining ? 303 : present && !support ? 200 : 404);
	}

	// Writes: an observer's well-formed actions on the bid are refused (403) and change nothing.
	const { lotId, brunoId } = demo.db((db) => ({
		lotId: (db.prepare('select lot_id from bid_lots where bid_id = ? limit 1').get(ids.bidId) as { lot_id: string }).lot_id,
		brunoId: (db.prepare("select id from users where email = 'bruno@demo.test'").get() as { id: string }).id
	}));
	const before = demo.db((db) => [
		db.prepare('select count(*) n from deliverables').get(),
		db.prepare('select count(*) n from bid_invitations').get()
	]);
	const writes: Array<[string, Record<string, string>]> = [
		[`/reponses/${ids.bidId}?/invite`, { email: 'nouvelle@exemple.fr', role: 'member' }],
		[
			`/reponses/${ids.bidId}/prestations?/create`,
			{ lotId, label: 'Ligne pirate', quantity: '1', unitPrice: '10', assignees: brunoId, [`weight-${brunoId}`]: '1' }
		]
	];
	for (const [action, form] of writes) {
		const r = await observer.post(action, { form, headers: { origin: demo.url(''), accept: 'text/html' }, maxRedirects: 0 });
		expect(r.status(), `observer POST ${action}`).toBe(403);
	}
	expect(
		demo.db((db) => [db.prepare('select count(*) n from deliverables').get(), db.prepare('select count(*) n from bid_invitations').get()])
	).toEqual(before);
	for (const c of [anon, stranger, observer, member, fresh]) await c.dispose();
});
