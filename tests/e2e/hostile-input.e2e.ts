/**
 * Hostile input: every form action of the app (found in the route tree) receives oversize,
 * malformed, script-bearing and Unicode-edge values in every field it reads, from the demo
 * coordinator (the user with the most rights). No answer may be a 5xx, the server stays up,
 * and script-bearing values that were saved are rendered as text.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { demoBid, useDemoServer } from './demo-server';

test.describe.configure({ mode: 'serial' });
const demo = useDemoServer();

interface ActionRoute {
	pattern: string;
	actions: string[];
	fields: string[];
}

/** Form actions per page, and the field names their code reads. */
function actionRoutes(): ActionRoute[] {
	const root = join(process.cwd(), 'src', 'routes');
	const out: ActionRoute[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (name === '+page.server.ts') {
				const src = readFileSync(p, 'utf8');
				const block = /export const actions[^{]*\{([\s\S]*)$/.exec(src)?.[1];
				if (!block) continue;
				const actions = [...block.matchAll(/^\t(\w+):/gm)].map((m) => m[1]!);
				const fields = new Set<string>(['email', 'password', 'name', 'title', 'label', 'comment', 'body', 'q']);
				for (const m of src.matchAll(/form\.get(?:All)?\('([\w-]+)'\)/g)) fields.add(m[1]!);
				for (const m of src.matchAll(
					/^\t(\w+): (?:text|longText|email|password|euros|parisDateTime|oneOf|z\.|rate|quantity|unitPrice|optionalInt)/gm
				))
					fields.add(m[1]!);
				const pattern =
					'/' +
					relative(root, dir)
						.split(sep)
						.filter((s) => !/^\(.*\)$/.test(s))
						.join('/');
				out.push({ pattern: pattern === '/' ? '/' : pattern, actions, fields: [...fields] });
			}
		}
	};
	walk(root);
	return out;
}

const HOSTILE = [
	'x'.repeat(100_000),
	'<script>window.__pwned=1</script><img src=x onerror=alert(1)>',
	'\u0000\u0001\u0002 nul',
	'\u202Egnp.exe\u202C',
	'𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧑🏽‍🌾 e\u0301',
	'-1e309',
	'1'.repeat(400),
	'../../../../etc/passwd',
	'%E0%A4%A',
	"'; drop table users; --",
	'   ',
	''
];

test('no form action answers 5xx to hostile values, and saved values render as text', async ({ playwright, browser }) => {
	const ids = demo.db((db) => {
		const bid = demoBid(db);
		const section = db.prepare('select id from sections where bid_id = ? order by position limit 1').get(bid.id) as { id: string };
		return { bidId: bid.id, tenderId: bid.tender_id, sectionId: section.id };
	});
	const page = await demo.signIn(browser, 'anne@demo.test');
	const cookie = (await page.context().cookies()).find((c) => c.name === 'cotrait_session')!;
	const api = await playwright.request.newContext({
		baseURL: demo.url(''),
		extraHTTPHeaders: { cookie: `cotrait_session=${cookie.value}` }
	});

	const routes = actionRoutes();
	expect(routes.length).toBeGreaterThanOrEqual(10);
	let requests = 0;
	for (const r of routes) {
		const url = r.pattern
			.replace(/^\/appels-d-offres\/\[id\]/, `/appels-d-offres/${ids.tenderId}`)
			.replace('[id]', ids.bidId)
			.replace('[sectionId]', ids.sectionId)
			.replace('[token]', 'a'.repeat(32));
		for (const action of r.actions) {
			if (/deconnexion/.test(url)) continue; // signing out would end the session this test uses
			for (const value of HOSTILE) {
				const form: Record<string, string> = {};
				for (const f of r.fields) form[f] = value;
				const target = action === 'default' ? url : `${url}?/${action}`;
				// One connection per request: some actions answer before reading a 1.5 MB body, and the
				// server then closes that connection rather than drain it.
				const res = await api.post(target, {
					form,
					headers: { origin: demo.url(''), accept: 'text/html', connection: 'close' },
					maxRedirects: 0
				});
				requests++;
				expect(res.status(), `${target} with ${JSON.stringify(value.slice(0, 30))}`).toBeLessThan(500);
			}
		}
	}
	expect(requests).toBeGreaterThan(100);
	const health = await api.get('/healthz');
	expect(health.status()).toBe(200);

	// Whatever was accepted is shown as text: no script ran on the main pages.
	for (const path of [
		'/tableau-de-bord',
		`/reponses/${ids.bidId}`,
		`/reponses/${ids.bidId}/sections`,
		`/reponses/${ids.bidId}/prestations`,
		`/appels-d-offres/${ids.tenderId}`,
		'/profil',
		'/organisation'
	]) {
		await page.goto(demo.url(path));
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
	}
	await api.dispose();
	await page.context().close();
});
