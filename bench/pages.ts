/**
 * Page-speed benchmark: `npm run bench:pages` (= node bench/run.mjs pages, which bundles this
 * file with esbuild and runs it). It builds nothing: run `npm run build` first — it measures
 * the BUILT production server (build/server.js) and the JavaScript in build/client.
 *
 * Seeds a temporary database: the demo people (COTRAIT_DEMO=1 seeding), then BIDS bids filled as
 * a group fills them (see seedBids): call for tenders, lot and bid through the services, Bruno
 * (CAE GAMMA) and Chloé (CAE DELTA) as members, price lines (deliverables.service), every section
 * written (Yjs updates through appendUpdates), checklist items, activity, notifications — all
 * before the server starts; the demo coordinator (Anne) coordinates all of them. Run it with
 * --bids 200 and --bids 2000 to see which pages grow with the number of Anne's bids, and with
 * --others N to see whether any grows with the bids of the instance (other people's). Then starts
 * build/server.js on that file, signs in over HTTP (POST /connexion, keeps the cookie) and
 * measures, for each page, the server time (request sent → full response body received, one
 * request at a time on a keep-alive connection) over N requests after a warm-up: median and p95.
 * Bid pages rotate over the seeded bids.
 *
 * JavaScript per page: its modulepreloads (Link header and HTML) and entry imports, plus every
 * static import they reach in build/client (a browser loads those before the page is
 * interactive), gzip sizes (zlib, level 9 as adapter-node's precompression); dynamic imports
 * reached from the page's own code are counted apart as "lazy" (for the section page: the
 * editor, loaded after the page).
 *
 * Budgets (issue 8): dashboard < 30 ms median server time; < 120 kB of JavaScript (gzip) on
 * every page but the editor. Peers in the same run: /healthz (a bare endpoint) and the public
 * home page / (anonymous) as the floor of what a request costs on this machine.
 *
 * Prints one JSON line at the end ({ bench, configuration, sessions, policy: 'production', peer:
 * /healthz, ratio: dashboard ÷ /healthz, pages… }). Options: --bids N (200), --requests N (60), --warmup N (15),
 * --others N (0): bids of another person in the same database, which the pages must not scan;
 * --profile DIR: CPU profile of the server process (node --cpu-prof) written into DIR.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { seedDemoIfEmpty } from '../src/lib/server/demo/seed';
import { createContext, type AppContext } from '../src/lib/server/context';
import type { Actor } from '../src/lib/server/policies/actor';
import { loadConfig } from '../src/lib/server/config';
import { addLot, createTender } from '../src/lib/server/tenders/tenders.service';
import { createBid } from '../src/lib/server/bids/create-bid';
import { createDeliverable } from '../src/lib/server/bids/deliverables.service';
import { updateChecklistItem } from '../src/lib/server/requirements/requirements.service';
import { appendUpdates } from '../src/lib/server/collab/persistence';
import { SECTION_FIELD } from '../src/lib/server/collab/text';
import { sectionRoom } from '../src/lib/server/sections/state';
import * as Y from 'yjs';
import { newId } from '../src/lib/server/ids';
import { arg, argString, quantile } from './lib';
import {
	assertFreshBuild,
	closeConnections,
	request,
	signIn,
	startBuiltServer as startServer,
	stopBuiltServer,
	type Response,
	type RunningServer
} from './server';

const BUDGET_DASHBOARD_MS = 30;
const BUDGET_JS_BYTES = 120 * 1024;
const CLIENT_DIR = resolve('build/client');

/** A path option, resolved against the working directory. */
function argPath(name: string): string | undefined {
	const value = argString(name);
	return value === undefined ? undefined : resolve(value);
}

// ------------------------------------------------------------------ seeding

/** A call for tenders with one lot, as its creator. */
async function tenderWithLot(ctx: AppContext, actor: Actor, i: number, prefix: string): Promise<{ tenderId: string; lotId: string }> {
	const tenderId = await createTender(ctx, actor, {
		buyer: `Communauté de communes n° ${i + 1}`,
		reference: `${prefix}-${String(i + 1).padStart(4, '0')}`,
		title: `Accompagnement et communication, marché ${i + 1}`,
		procedure: 'mapa',
		platformUrl: '',
		estimateCents: 4_000_000 + i * 10_000,
		questionsDeadline: null,
		dlro: Date.now() + (10 + (i % 60)) * 24 * 3600 * 1000
	});
	const lotId = await addLot(ctx, actor, tenderId, {
		number: 1,
		title: 'Lot unique',
		estimateCents: null,
		priceForm: 'forfait',
		pageLimit: 10,
		criteria: [
			{ label: 'Valeur technique', weightPct: 60 },
			{ label: 'Prix', weightPct: 40 }
		]
	});
	return { tenderId, lotId };
}

async function actorOf(ctx: AppContext, email: string): Promise<Actor & { organisationId: string }> {
	const user = await ctx.db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.select(['users.id', 'memberships.organisation_id', 'memberships.role'])
		.where('users.email', '=', email)
		.executeTakeFirstOrThrow();
	return { id: user.id, organisationId: user.organisation_id, orgRole: user.role };
}

const WORDS =
	'notre groupement accompagne les communes rurales dans la transition numérique avec des ateliers de proximité une méthode éprouvée des référents identifiés pour chaque lot du marché et un calendrier tenu'.split(
		' '
	);

/**
 * The stored Yjs update of a written section: PAGES pages of paragraphs (~2 500 characters a
 * page) under headings, as the editor stores them. Built once and written to every section.
 */
function sectionText(pages: number, seed: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = 1000 + seed;
	const fragment = doc.getXmlFragment(SECTION_FIELD);
	let chars = 0;
	let n = 0;
	while (chars < pages * 2500) {
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', '2');
		heading.insert(0, [new Y.XmlText(`Partie ${++n}`)]);
		const p = new Y.XmlElement('paragraph');
		const sentences: string[] = [];
		for (let k = 0; k < 8; k++) {
			const from = (n * 7 + k * 3 + seed) % 12;
			const sentence = WORDS.slice(from, from + 16).join(' ');
			sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
		}
		const text = sentences.join(' ');
		p.insert(0, [new Y.XmlText(text)]);
		fragment.insert(fragment.length, [heading, p]);
		chars += text.length;
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

const PRICE_LINES = 14;
const SECTION_PAGES = 3;

/**
 * Seeds `count` bids as a group fills them: a call for tenders with one lot and the bid, through
 * the services; two more members of two organisations; PRICE_LINES price lines shared between
 * them (deliverables.service); every section written (SECTION_PAGES pages, stored through
 * appendUpdates as the collaboration server stores them); a few checklist items provided; the
 * activity the services log; notifications for every member.
 */
async function seedBids(
	ctx: AppContext,
	count: number,
	prefix: string,
	coordinator: Actor & { organisationId: string },
	members: Array<Actor & { organisationId: string }>,
	texts: Uint8Array[]
): Promise<string[]> {
	const bidIds: string[] = [];
	const everyone = [coordinator, ...members];
	for (let i = 0; i < count; i++) {
		const { tenderId, lotId } = await tenderWithLot(ctx, coordinator, i, prefix);
		const bidId = await createBid(ctx, coordinator, tenderId, [lotId]);
		bidIds.push(bidId);
		const now = Date.now();
		await ctx.db
			.insertInto('bid_members')
			.values(
				members.map((m, k) => ({
					bid_id: bidId,
					user_id: m.id,
					organisation_id: m.organisationId,
					role: 'member' as const,
					joined_at: now + k
				}))
			)
			.execute();
		for (let l = 0; l < PRICE_LINES; l++) {
			await createDeliverable(ctx, coordinator, bidId, {
				lotId,
				code: `L1-${l + 1}`,
				label: `Prestation ${l + 1} : ateliers, maquettes et suivi`,
				quantityMilli: (1 + (l % 5)) * 1000,
				unit: l % 3 === 0 ? 'jour' : 'forfait',
				unitPriceCents: 45_000 + l * 5_000,
				assignees: [{ userId: everyone[l % everyone.length]!.id, weight: 1 }]
			});
		}
		const sections = await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bidId).orderBy('position').execute();
		for (const [k, section] of sections.entries()) await appendUpdates(ctx.db, sectionRoom(section.id), [texts[k % texts.length]!], now);
		const items = await ctx.db.selectFrom('requirement_items').select('id').where('bid_id', '=', bidId).orderBy('id').limit(3).execute();
		for (const item of items) await updateChecklistItem(ctx, coordinator, bidId, item.id, { status: 'provided', ownerId: coordinator.id });
		await ctx.db
			.insertInto('notifications')
			.values(
				everyone.flatMap((person) =>
					[0, 1, 2].map((k) => ({
						user_id: person.id,
						bid_id: bidId,
						kind: 'bench',
						message: `Réponse ${prefix}-${i + 1} : la section ${k + 1} attend votre relecture.`,
						link: `/reponses/${bidId}`,
						created_at: now + k,
						read_at: k === 0 ? now + 10 : null,
						emailed_at: null
					}))
				)
			)
			.execute();
	}
	return bidIds;
}

async function seed(
	dbPath: string,
	dataDir: string,
	count: number,
	others: number
): Promise<{ email: string; bidIds: string[]; sectionId: string }> {
	const ctx = await createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: dataDir, COTRAIT_DEMO: '1', LOG_LEVEL: 'error' }));
	await seedDemoIfEmpty(ctx);
	try {
		const email = 'anne@demo.test';
		const anne = await actorOf(ctx, email);
		const bruno = await actorOf(ctx, 'bruno@demo.test');
		const chloe = await actorOf(ctx, 'chloe@demo.test');
		const texts = Array.from({ length: 3 }, (_, k) => sectionText(SECTION_PAGES, k));
		// Anne's groups: Anne (CAE GAMMA) coordinates, Bruno (GAMMA) and Chloé (CAE DELTA) are members.
		const bidIds = await seedBids(ctx, count, 'BENCH', anne, [bruno, chloe], texts);
		// Other people's bids in the same instance, just as full: what Anne's pages must not scan through.
		const others_ = await otherPeople(ctx, 2);
		await seedBids(ctx, others, 'AUTRE', others_[0]!, [others_[1]!], texts);
		const section = await ctx.db
			.selectFrom('sections')
			.select('id')
			.where('bid_id', '=', bidIds[0]!)
			.orderBy('position')
			.executeTakeFirstOrThrow();
		return { email, bidIds, sectionId: section.id };
	} finally {
		await ctx.close();
	}
}

/** `count` people of a third organisation, strangers to Anne's bids. */
async function otherPeople(ctx: AppContext, count: number): Promise<Array<Actor & { organisationId: string }>> {
	const now = Date.now();
	const organisationId = newId();
	await ctx.db
		.insertInto('organisations')
		.values({
			id: organisationId,
			name: 'CAE EPSILON',
			kind: 'cae',
			siret: `bench-${organisationId}`,
			contribution_rate_bp: 1000,
			region: '',
			created_at: now
		})
		.execute();
	const out: Array<Actor & { organisationId: string }> = [];
	for (let i = 0; i < count; i++) {
		const id = newId();
		await ctx.db
			.insertInto('users')
			.values({
				id,
				email: `autre${i}@bench.test`,
				name: `Autre ${i}`,
				password_hash: 'not-used',
				trade: '',
				skills: '[]',
				department: '',
				region: '',
				bio: '',
				public_fields: '[]',
				created_at: now
			})
			.execute();
		await ctx.db
			.insertInto('memberships')
			.values({
				id: newId(),
				organisation_id: organisationId,
				user_id: id,
				role: i === 0 ? 'admin' : 'entrepreneur',
				contribution_rate_bp: null,
				created_at: now
			})
			.execute();
		out.push({ id, organisationId, orgRole: i === 0 ? 'admin' : 'entrepreneur' });
	}
	return out;
}

// ------------------------------------------------------------------ JavaScript per page

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
	let size = gzipCache.get(file);
	if (size === undefined) {
		size = gzipSync(readFileSync(file), { level: zlibConstants.Z_BEST_COMPRESSION }).byteLength;
		gzipCache.set(file, size);
	}
	return size;
}

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`$]+\.js)["'`]\s*\)/g;

function importsOf(file: string, pattern: RegExp): string[] {
	const code = readFileSync(file, 'utf8');
	const out: string[] = [];
	for (const m of code.matchAll(pattern)) {
		const spec = m[1]!;
		if (spec.startsWith('.')) out.push(resolve(dirname(file), spec));
	}
	return out;
}

/** Every file reachable from `roots` through static imports. */
function staticClosure(roots: string[]): Set<string> {
	const seen = new Set<string>();
	const stack = [...roots];
	while (stack.length > 0) {
		const file = stack.pop()!;
		if (seen.has(file) || !existsSync(file)) continue;
		seen.add(file);
		stack.push(...importsOf(file, STATIC_IMPORT));
	}
	return seen;
}

interface PageJs {
	files: number;
	gzip: number;
	lazyFiles: number;
	lazyGzip: number;
}

function pageJavaScript(html: string, linkHeader: string, pageUrl: string): PageJs {
	const roots = new Set<string>();
	const toFile = (href: string) => join(CLIENT_DIR, new URL(href, pageUrl).pathname);
	// SvelteKit sends the modulepreloads of a server-rendered page as a Link header.
	for (const m of linkHeader.matchAll(/<([^>]+)>;([^,]*)/g)) if (/rel="?modulepreload/.test(m[2]!)) roots.add(toFile(m[1]!));
	for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
		if (!/rel=["']?modulepreload/.test(tag)) continue;
		const href = /href=["']([^"']+)["']/.exec(tag)?.[1];
		if (href) roots.add(toFile(href));
	}
	for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
		for (const m of script.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) roots.add(toFile(m[1]!));
		const src = /<script\b[^>]*\bsrc=["']([^"']+)["']/.exec(script)?.[1];
		if (src) roots.add(toFile(src));
	}
	const loaded = staticClosure([...roots]);
	// Lazy: dynamic imports in the page's own code (not in the app entry, whose route table
	// imports every page of the app).
	const lazyRoots: string[] = [];
	for (const file of loaded) if (!/\/entry\/app\.[^/]+\.js$/.test(file)) lazyRoots.push(...importsOf(file, DYNAMIC_IMPORT));
	const lazy = [...staticClosure(lazyRoots)].filter((f) => !loaded.has(f));
	const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gzipBytes(f), 0);
	return { files: loaded.size, gzip: sum(loaded), lazyFiles: lazy.length, lazyGzip: sum(lazy) };
}

// ------------------------------------------------------------------ measurement

interface PageResult {
	name: string;
	path: string;
	status: number;
	medianMs: number;
	p95Ms: number;
	htmlBytes: number;
	js: PageJs | null;
}

async function measure(
	server: RunningServer,
	name: string,
	paths: (i: number) => string,
	cookie: string | null,
	requests: number,
	warmup: number
): Promise<PageResult> {
	const headers: Record<string, string> = { accept: 'text/html' };
	if (cookie) headers.cookie = cookie;
	for (let i = 0; i < warmup; i++) await request(server.url, paths(i), { headers });
	const times: number[] = [];
	let last: Response | null = null;
	for (let i = 0; i < requests; i++) {
		last = await request(server.url, paths(warmup + i), { headers });
		if (last.status !== 200) throw new Error(`${name}: HTTP ${last.status} for ${paths(warmup + i)}`);
		times.push(last.ms);
	}
	times.sort((a, b) => a - b);
	const isHtml = String(last!.headers['content-type'] ?? '').includes('text/html');
	return {
		name,
		path: paths(0),
		status: last!.status,
		medianMs: quantile(times, 0.5),
		p95Ms: quantile(times, 0.95),
		htmlBytes: Buffer.byteLength(last!.body),
		js: isHtml ? pageJavaScript(last!.body, String(last!.headers.link ?? ''), new URL(paths(warmup + requests - 1), server.url).href) : null
	};
}

async function main(): Promise<void> {
	// The database is seeded with the source's migrations: the build must know every one of them.
	assertFreshBuild('bench:pages');
	const count = arg('bids', 200);
	const others = arg('others', 0);
	const requests = arg('requests', 60);
	const warmup = arg('warmup', 15);
	const stamp = existsSync('build/.stamp') ? readFileSync('build/.stamp', 'utf8').trim() : 'unknown';
	process.stdout.write(
		`bench:pages — build of ${stamp}; ${count} bids; ${requests} requests per page after ${warmup} warm-up, one at a time\n`
	);

	const dir = mkdtempSync(join(tmpdir(), 'cotrait-pages-'));
	let server: RunningServer | null = null;
	try {
		const dbPath = join(dir, 'pages.db');
		const dataDir = join(dir, 'files');
		let t = performance.now();
		const { email, bidIds, sectionId } = await seed(dbPath, dataDir, count, others);
		process.stdout.write(
			`seeded ${bidIds.length} bids (+ ${others} of someone else) through the services in ${Math.round(performance.now() - t)} ms\n`
		);

		t = performance.now();
		server = await startServer({ DATABASE_PATH: dbPath, DATA_DIR: dataDir }, argPath('profile'));
		process.stdout.write(`build/server.js listening in ${Math.round(performance.now() - t)} ms\n`);
		const cookie = await signIn(server, email);

		const bid = (i: number) => bidIds[i % bidIds.length]!;
		const results: PageResult[] = [];
		const run = async (name: string, paths: (i: number) => string, withCookie = true) => {
			const r = await measure(server!, name, paths, withCookie ? cookie : null, requests, warmup);
			results.push(r);
			const js = r.js
				? `; JS ${(r.js.gzip / 1024).toFixed(1)} kB gzip in ${r.js.files} files` +
					(r.js.lazyFiles ? ` (+ lazy ${(r.js.lazyGzip / 1024).toFixed(1)} kB in ${r.js.lazyFiles} files)` : '')
				: '';
			process.stdout.write(
				`  ${name.padEnd(22)} median ${r.medianMs.toFixed(1).padStart(6)} ms, p95 ${r.p95Ms.toFixed(1).padStart(6)} ms; HTML ${(r.htmlBytes / 1024).toFixed(1)} kB${js}\n`
			);
		};
		await run('/healthz (floor)', () => '/healthz', false);
		await run('/ anonymous (floor)', () => '/', false);
		await run('dashboard', () => '/tableau-de-bord');
		await run('bid overview', (i) => `/reponses/${bid(i)}`);
		await run('bid sections', (i) => `/reponses/${bid(i)}/sections`);
		await run('bid prestations', (i) => `/reponses/${bid(i)}/prestations`);
		await run('bid répartition', (i) => `/reponses/${bid(i)}/repartition`);
		await run('section editor', () => `/reponses/${bidIds[0]}/sections/${sectionId}`);

		const dashboard = results.find((r) => r.name === 'dashboard')!;
		const editor = results.find((r) => r.name === 'section editor')!;
		const nonEditor = results.filter((r) => r !== editor && r.js);
		const maxJs = Math.max(...nonEditor.map((r) => r.js!.gzip));
		const floor = results.find((r) => r.name.startsWith('/healthz'))!;
		const dashOk = dashboard.medianMs < BUDGET_DASHBOARD_MS;
		const jsOk = maxJs < BUDGET_JS_BYTES;
		process.stdout.write(
			`budgets: dashboard median ${dashboard.medianMs.toFixed(1)} ms (< ${BUDGET_DASHBOARD_MS}: ${dashOk ? 'met' : 'MISSED'}; ` +
				`floor /healthz ${floor.medianMs.toFixed(1)} ms); largest JS outside the editor ${(maxJs / 1024).toFixed(1)} kB gzip ` +
				`(< ${BUDGET_JS_BYTES / 1024}: ${jsOk ? 'met' : 'MISSED'}); editor page ${(editor.js!.gzip / 1024).toFixed(1)} kB + lazy ${(editor.js!.lazyGzip / 1024).toFixed(1)} kB\n`
		);
		const round = (n: number) => Math.round(n * 10) / 10;
		const kb = (n: number) => Math.round(n / 102.4) / 10;
		process.stdout.write(
			JSON.stringify({
				bench: 'pages',
				configuration:
					`build/server.js; Anne coordinates ${bidIds.length} bids (+ ${others} bids of other people), each with 3 members of 2 organisations, ` +
					`${PRICE_LINES} price lines, every section written (${SECTION_PAGES} pages), checklist items, activity, notifications; ${requests} requests per page, one at a time`,
				sessions: true,
				policy: 'production',
				peer: { name: '/healthz, same server, same run', medianMs: round(floor.medianMs) },
				ratio: round(dashboard.medianMs / floor.medianMs),
				bids: bidIds.length,
				otherBids: others,
				dashboardMedianMs: round(dashboard.medianMs),
				dashboardP95Ms: round(dashboard.p95Ms),
				pages: Object.fromEntries(
					results.map((r) => [
						r.name,
						{
							medianMs: round(r.medianMs),
							p95Ms: round(r.p95Ms),
							jsKbGzip: r.js ? kb(r.js.gzip) : null,
							lazyKbGzip: r.js?.lazyFiles ? kb(r.js.lazyGzip) : null
						}
					])
				),
				maxJsKbOutsideEditor: kb(maxJs),
				editorJsKbWithLazy: kb(editor.js!.gzip + editor.js!.lazyGzip),
				floorHealthzMs: round(floor.medianMs),
				budgetsMet: dashOk && jsOk
			}) + '\n'
		);
	} finally {
		if (server) await stopBuiltServer(server);
		closeConnections();
		rmSync(dir, { recursive: true, force: true });
	}
}

await main();
process.exit(0);
