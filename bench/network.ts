/**
 * Poor-link benchmark: `npm run bench:network` (= node bench/run.mjs network, which bundles this
 * file with esbuild and runs it). It builds nothing: run `npm run build` first — it measures the
 * BUILT production server (build/server.js) with Chromium (CHROMIUM_PATH, else /usr/bin/chromium,
 * else Playwright's own), as the e2e tests do.
 *
 * Seeds a temporary database with the demo (COTRAIT_DEMO seeding) and writes three pages of text
 * into four sections of Anne's bid, starts build/server.js on it, signs Anne in over HTTP and
 * gives her session cookie to every browser context. Two profiles, through the DevTools
 * protocol (bench/network-link.ts): « campagne » (400 kbit/s down, 150 kbit/s up, 300 ms RTT) and
 * « coupures » (the same, offline for 10 s every 30 s, one clock for the whole run).
 *
 * Measured per profile, RUNS times each, a fresh browser context per run (empty cache):
 *   - dashboard usable: from the navigation until the page is hydrated (`html[data-hydrated]`)
 *     with its heading shown; first visit, then repeat visit in the same context (warm HTTP
 *     cache; the service worker is blocked, since its requests escape the page's emulation: the
 *     figures are an upper bound of a visit with it);
 *   - section editable: from the navigation until a character typed into the section's text
 *     appears in it (the editor loaded, local copy read; the server's text may still be on its
 *     way) — and « En ligne » (synced with the server), reported apart;
 *   - bytes per page: every HTTP response of the visit as Chrome counts it (encodedDataLength:
 *     headers and compressed body), until no request has been under way for a second;
 *   under « coupures » a navigation that fails because the link is down is retried once it is
 *   back, as a person would reload, and the time counts from the first attempt.
 * Then, at once, for IDLE seconds: an open idle section on each profile (caret in the text,
 * nobody else there; and on campagne the same with an idle co-author present, a stock client), and for TYPE seconds: one person typing a character a second at the end
 * of the text on each profile. Bytes per hour are the WebSocket frames both ways in the window
 * (payload + frame headers) and handshakes, extrapolated to an hour, plus the server's pings
 * (not visible to the browser, estimated); HTTP bytes in the window are reported apart. After
 * typing under « coupures », the link stays up, the server is stopped (it stores every open
 * room) and the stored Yjs text is read back from SQLite: every typed character must be there.
 *
 * Peer, in the same run: a stock y-websocket 3.1 client in this process, default settings
 * (awareness renewed every 15 s, no resync), holding the presence y-tiptap keeps (user and caret),
 * idle in a third section and then inserting a character a second there — what the same document
 * and presence cost with the libraries' defaults.
 *
 * Options: --runs N (3), --idle S (180), --type S (120), --detail (the largest responses of every visit).
 * Prints readable figures, then ONE JSON line with all of them.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { seedDemoIfEmpty } from '../src/lib/server/demo/seed';
import { createContext } from '../src/lib/server/context';
import { loadConfig } from '../src/lib/server/config';
import { appendUpdates, loadRoomDoc } from '../src/lib/server/collab/persistence';
import { SECTION_FIELD, docToPlainText } from '../src/lib/server/collab/text';
import { sectionRoom } from '../src/lib/server/sections/state';
import { arg, quantile, sleep } from './lib';
import { assertFreshBuild, signIn, startBuiltServer, stopBuiltServer, type RunningServer } from './server';
import {
	awarenessStateOf,
	countingSocket,
	CutClock,
	emptyWs,
	Link,
	PING_BYTES_PER_HOUR,
	wsTotal,
	deflatedBytes,
	type ProfileName,
	type WsCount
} from './network-link';

const TARGET_REPEAT_EDITABLE_MS = 1500;
const TARGET_FIRST_MS = 6000;
const TARGET_IDLE_BYTES_PER_HOUR = 50 * 1024;
const LOAD_TIMEOUT_MS = 30_000;
/** --detail: the largest responses of every visit. */
const detail = process.argv.includes('--detail');

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const LAUNCH_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run'
];

// ------------------------------------------------------------------ seeding

const WORDS =
	'notre groupement accompagne les communes rurales dans la transition numérique avec des ateliers de proximité une méthode éprouvée des référents identifiés pour chaque lot du marché et un calendrier tenu'.split(
		' '
	);

/** A section's stored update: headings and paragraphs, `pages` × ~2 500 characters. */
function sectionText(pages: number, seed: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = 2000 + seed;
	const fragment = doc.getXmlFragment(SECTION_FIELD);
	let chars = 0;
	for (let n = 1; chars < pages * 2500; n++) {
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', '2');
		heading.insert(0, [new Y.XmlText(`Partie ${n}`)]);
		const sentences: string[] = [];
		for (let k = 0; k < 8; k++) {
			const from = (n * 7 + k * 3 + seed) % 12;
			const sentence = WORDS.slice(from, from + 16).join(' ');
			sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
		}
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText(sentences.join(' '))]);
		fragment.insert(fragment.length, [heading, p]);
		chars += sentences.join(' ').length;
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

interface Seeded {
	bidId: string;
	anneId: string;
	/** Four sections with text: page loads, then idle/typing on campagne, coupures, and the peer's. */
	sections: string[];
}

async function seed(dbPath: string, dataDir: string): Promise<Seeded> {
	const ctx = await createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: dataDir, COTRAIT_DEMO: '1', LOG_LEVEL: 'error' }));
	try {
		await seedDemoIfEmpty(ctx);
		const bid = await ctx.db
			.selectFrom('bids')
			.innerJoin('bid_members', 'bid_members.bid_id', 'bids.id')
			.innerJoin('users', 'users.id', 'bid_members.user_id')
			.select(['bids.id', 'users.id as userId'])
			.where('users.email', '=', 'anne@demo.test')
			.where('bid_members.role', '=', 'coordinator')
			.where('bids.status', '=', 'draft')
			.executeTakeFirstOrThrow();
		const rows = await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bid.id).orderBy('position').execute();
		if (rows.length < 4) throw new Error(`the demo bid has ${rows.length} sections, 4 are needed`);
		const sections = rows.slice(0, 4).map((r) => r.id);
		for (const [i, id] of sections.entries()) await appendUpdates(ctx.db, sectionRoom(id), [sectionText(3, i)]);
		return { bidId: bid.id, anneId: bid.userId, sections };
	} finally {
		await ctx.close();
	}
}

// ------------------------------------------------------------------ browser

interface Visit {
	ms: number;
	/** Section only: until « En ligne » (synced with the server). */
	onlineMs?: number;
	bytes: number;
	requests: number;
	attempts: number;
}

class Session {
	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
		readonly link: Link
	) {}

	static async open(browser: Browser, server: RunningServer, cookie: string, profile: ProfileName, clock: CutClock): Promise<Session> {
		// The service worker's own requests escape the page's network emulation (CDP applies it to the
		// page target only), so with it registered the repeat visits would go over an unthrottled
		// link. Measured without it: every visit is the HTTP cache's, an upper bound of what a person
		// with the worker sees (its assets come from the device, its pages network first).
		const context = await browser.newContext({
			locale: 'fr-FR',
			timezoneId: 'Europe/Paris',
			viewport: { width: 1280, height: 900 },
			serviceWorkers: 'block'
		});
		const [name, value] = cookie.split('=') as [string, string];
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		const link = new Link(await context.newCDPSession(page), profile, profile === 'coupures' ? clock : null);
		await link.start();
		return new Session(context, page, link);
	}

	/**
	 * Navigates to `url` until `ready` resolves; a navigation that fails or does not become ready
	 * (the link was cut under it) is tried again once the link is up. Counts from the first attempt.
	 */
	async visit(url: string, ready: (page: Page, started: number) => Promise<Partial<Visit>>): Promise<Visit> {
		this.link.reset();
		const started = performance.now();
		for (let attempts = 1; ; attempts++) {
			const failures = this.link.failures;
			try {
				await this.page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
				const readying = ready(this.page, started);
				readying.catch(() => {}); // abandoned when the link was cut under the page
				// Under « coupures », a request cut under the page (a script, the page itself) leaves
				// it broken: a person reloads once the link is back.
				let settled = false;
				const extra =
					this.link.profile === 'coupures'
						? await Promise.race([readying, this.cutUnder(failures, () => settled)]).finally(() => (settled = true))
						: await readying;
				const ms = performance.now() - started;
				await this.link.waitQuiet();
				if (detail) {
					const top = [...this.link.responses].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
					process.stdout.write(
						`    ${new URL(url).pathname}: ${top.map((r) => `${new URL(r.url).pathname.split('/').pop()} ${r.bytes}`).join(', ')}\n`
					);
				}
				return { ms, bytes: this.link.http, requests: this.link.httpRequests, attempts, ...extra };
			} catch (e) {
				if (this.link.profile !== 'coupures' || attempts >= 5) throw e;
				await this.link.waitOnline();
			}
		}
	}

	/** Rejects once a request of this page failed after `failures`; stays pending once `settled`. */
	private async cutUnder(failures: number, settled: () => boolean): Promise<never> {
		while (this.link.failures === failures && !settled()) await sleep(100);
		if (settled()) return new Promise<never>(() => {});
		throw new Error('a request failed: the link was cut');
	}

	async close(): Promise<void> {
		await this.link.stopCuts().catch(() => {});
		await this.context.close();
	}
}

async function dashboardReady(page: Page): Promise<Partial<Visit>> {
	await page.locator('html[data-hydrated] h1').first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
	return {};
}

const sectionText$ = (page: Page) => page.locator('#section-text[contenteditable="true"]');

/** Puts the caret at the end of the section's text (focused). */
async function caretAtEnd(page: Page): Promise<void> {
	await sectionText$(page).focus();
	await page.keyboard.press('Control+End');
}

/** The section is editable once `marker`, typed into it, shows in the text. */
function sectionReady(marker: string) {
	return async (page: Page, started: number): Promise<Partial<Visit>> => {
		await sectionText$(page).waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
		await caretAtEnd(page);
		await page.keyboard.type(marker);
		await page.waitForFunction((m) => document.getElementById('section-text')?.textContent?.includes(m), marker, {
			timeout: LOAD_TIMEOUT_MS,
			polling: 'raf'
		});
		const typedMs = performance.now() - started;
		await waitEnLigne(page);
		return { ms: typedMs, onlineMs: performance.now() - started };
	};
}

async function waitEnLigne(page: Page, timeout = 60_000): Promise<void> {
	await page.locator('.editor-top .status', { hasText: 'En ligne' }).waitFor({ timeout });
}

// ------------------------------------------------------------------ peer: stock y-websocket client

interface Peer {
	doc: Y.Doc;
	provider: WebsocketProvider;
	count: WsCount;
	typeOne(ch: string): void;
}

/**
 * A stock y-websocket client in `sectionId`. With `user`, it holds the presence y-tiptap keeps for
 * a caret at the end of the text (the user, and the caret as two Yjs relative positions tied to
 * the character on their left), as the section editor did before its presence was made lighter.
 */
async function openPeer(server: RunningServer, cookie: string, sectionId: string, user: Record<string, string> | null): Promise<Peer> {
	const count = emptyWs();
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/collab`, sectionRoom(sectionId), doc, {
		WebSocketPolyfill: countingSocket({ origin: server.url, cookie }, count),
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	const lastText = () => {
		const fragment = doc.getXmlFragment(SECTION_FIELD);
		const last = fragment.get(fragment.length - 1);
		const text = last instanceof Y.XmlElement ? last.get(0) : null;
		return text instanceof Y.XmlText ? text : null;
	};
	const end = lastText();
	if (user && end) {
		const caret = Y.createRelativePositionFromTypeIndex(end, end.length, -1);
		provider.awareness.setLocalState({ user, cursor: { anchor: caret, head: caret } });
	} else provider.awareness.setLocalState(null);
	return {
		doc,
		provider,
		count,
		typeOne(ch: string) {
			const text = lastText();
			text?.insert(text.length, ch);
		}
	};
}

/** The room's text as the server serves it (a stock client's synced copy). */
async function serverText(server: RunningServer, cookie: string, sectionId: string): Promise<string> {
	const peer = await openPeer(server, cookie, sectionId, null);
	const text = docToPlainText(peer.doc);
	peer.provider.destroy();
	peer.doc.destroy();
	return text;
}

// ------------------------------------------------------------------ figures

const TYPED = 'abcdefghijklmnopqrstuvwxyz';

/** Length of the longest common subsequence of `a` and `b`. */
function lcs(a: string, b: string): number {
	let prev = new Array<number>(b.length + 1).fill(0);
	for (let i = 1; i <= a.length; i++) {
		const row = new Array<number>(b.length + 1).fill(0);
		for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
		prev = row;
	}
	return prev[b.length]!;
}

/** Typed characters missing from `after` (the text that was `before` with `typed` appended at its end). */
function lostCharacters(before: string, after: string, typed: string): { lost: number; kept: boolean } {
	const kept = after.startsWith(before);
	return { lost: typed.length - lcs(typed, kept ? after.slice(before.length) : after), kept };
}

const median = (xs: number[]) =>
	quantile(
		[...xs].sort((a, b) => a - b),
		0.5
	);
const kB = (n: number) => Math.round(n / 102.4) / 10;
const round = (n: number) => Math.round(n);

interface ProfileFigures {
	dashboard: { first: Visit[]; repeat: Visit[] };
	section: { first: Visit[]; repeat: Visit[] };
	idle?: { ws: WsCount; httpBytes: number; seconds: number };
	typing?: { ws: WsCount; httpBytes: number; seconds: number; typed: string };
}

function perHour(ws: WsCount, seconds: number): number {
	return round((wsTotal(ws) * 3600) / seconds + PING_BYTES_PER_HOUR);
}

/** The campagne page's WebSocket bytes per hour had every message been sent with permessage-deflate. */
async function deflatedPerHour(link: Link, seconds: number): Promise<number> {
	const bytes = (await deflatedBytes(link.frames.sent, true)) + (await deflatedBytes(link.frames.received, false)) + link.ws.handshakeBytes;
	return round((bytes * 3600) / seconds + PING_BYTES_PER_HOUR);
}

function visitSummary(visits: Visit[]) {
	return {
		ms: round(median(visits.map((v) => v.ms))),
		runsMs: visits.map((v) => round(v.ms)),
		...(visits[0]?.onlineMs !== undefined
			? { onlineMs: round(median(visits.map((v) => v.onlineMs!))), runsOnlineMs: visits.map((v) => round(v.onlineMs!)) }
			: {}),
		kB: kB(median(visits.map((v) => v.bytes))),
		requests: median(visits.map((v) => v.requests)),
		attempts: visits.reduce((n, v) => n + v.attempts, 0) - visits.length
	};
}

function printVisits(label: string, visits: Visit[]): void {
	const s = visitSummary(visits);
	const online = s.onlineMs !== undefined ? `; « En ligne » median ${s.onlineMs} ms (${s.runsOnlineMs!.join(', ')})` : '';
	process.stdout.write(
		`  ${label.padEnd(28)} median ${String(s.ms).padStart(6)} ms (runs ${s.runsMs.join(', ')})${online}; ${s.kB} kB in ${s.requests} requests${s.attempts ? `; ${s.attempts} retried after a cut` : ''}\n`
	);
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
	assertFreshBuild('bench:network');
	const runs = arg('runs', 3);
	const idleSeconds = arg('idle', 180);
	const typeSeconds = arg('type', 120);
	const stamp = existsSync('build/.stamp') ? readFileSync('build/.stamp', 'utf8').trim() : 'unknown';
	process.stdout.write(
		`bench:network — build of ${stamp}; ${runs} runs per measure; idle window ${idleSeconds} s, typing window ${typeSeconds} s; Chromium ${executablePath ?? '(Playwright’s)'}\n`
	);
	const dir = mkdtempSync(join(tmpdir(), 'cotrait-network-'));
	let server: RunningServer | null = null;
	let browser: Browser | null = null;
	try {
		const dbPath = join(dir, 'network.db');
		const dataDir = join(dir, 'files');
		const { bidId, anneId, sections } = await seed(dbPath, dataDir);
		server = await startBuiltServer({ DATABASE_PATH: dbPath, DATA_DIR: dataDir });
		const cookie = await signIn(server, 'anne@demo.test');
		browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
		const clock = new CutClock();
		const sectionUrl = (i: number) => `${server!.url}/reponses/${bidId}/sections/${sections[i]}`;
		const figures: Record<ProfileName, ProfileFigures> = {
			campagne: { dashboard: { first: [], repeat: [] }, section: { first: [], repeat: [] } },
			coupures: { dashboard: { first: [], repeat: [] }, section: { first: [], repeat: [] } }
		};

		// Page loads, one profile after the other, a fresh context (empty cache) per run and page.
		let marker = 0x2460; // ①, ②…: a character of its own for every visit
		for (const profile of ['campagne', 'coupures'] as const) {
			process.stdout.write(`${profile}:\n`);
			const f = figures[profile];
			for (let r = 0; r < runs; r++) {
				let s = await Session.open(browser, server, cookie, profile, clock);
				f.dashboard.first.push(await s.visit(`${server.url}/tableau-de-bord`, dashboardReady));
				f.dashboard.repeat.push(await s.visit(`${server.url}/tableau-de-bord`, dashboardReady));
				await s.close();
				s = await Session.open(browser, server, cookie, profile, clock);
				f.section.first.push(await s.visit(sectionUrl(0), sectionReady(String.fromCodePoint(marker++))));
				f.section.repeat.push(await s.visit(sectionUrl(0), sectionReady(String.fromCodePoint(marker++))));
				await s.close();
			}
			printVisits('dashboard, first visit', f.dashboard.first);
			printVisits('dashboard, repeat visit', f.dashboard.repeat);
			printVisits('section editable, first', f.section.first);
			printVisits('section editable, repeat', f.section.repeat);
		}

		// Idle, then typing: an open section on each profile, and the peer, at the same time.
		const open: Record<ProfileName, Session> = {
			campagne: await Session.open(browser, server, cookie, 'campagne', clock),
			coupures: await Session.open(browser, server, cookie, 'coupures', clock)
		};
		const roomOf: Record<ProfileName, number> = { campagne: 1, coupures: 2 };
		for (const profile of ['campagne', 'coupures'] as const) {
			const s = open[profile];
			s.link.keepSent = true;
			await s.visit(sectionUrl(roomOf[profile]), async (page) => {
				await sectionText$(page).waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
				await waitEnLigne(page);
				await caretAtEnd(page);
				return {};
			});
		}
		await sleep(2000); // the caret's awareness update has gone out
		const state = awarenessStateOf(open.campagne.link.sentPayloads);
		for (const s of Object.values(open)) {
			s.link.keepSent = false;
			s.link.sentPayloads = [];
		}
		const anne = { id: anneId, name: 'Anne Martin', color: '#1f4e79' };
		const peer = await openPeer(server, cookie, sections[3]!, anne);
		// The same idle section on campagne with a co-author there (a stock client, idle too).
		const shared = await Session.open(browser, server, cookie, 'campagne', clock);
		await shared.visit(sectionUrl(0), async (page) => {
			await sectionText$(page).waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
			await waitEnLigne(page);
			await caretAtEnd(page);
			return {};
		});
		const coauthor = await openPeer(server, cookie, sections[0]!, anne);
		await sleep(2000);
		process.stdout.write(
			`idle for ${idleSeconds} s (caret in the text, alone in the section; awareness state ${state?.length ?? 0} bytes of JSON)…\n`
		);
		for (const s of [...Object.values(open), shared]) s.link.reset();
		open.campagne.link.keepFrames = true;
		peer.count.sent = peer.count.received = peer.count.sentFrames = peer.count.receivedFrames = 0;
		await sleep(idleSeconds * 1000);
		for (const profile of ['campagne', 'coupures'] as const) {
			figures[profile].idle = { ws: { ...open[profile].link.ws }, httpBytes: open[profile].link.http, seconds: idleSeconds };
		}
		const idleDeflated = await deflatedPerHour(open.campagne.link, idleSeconds);
		const peerIdle = { ...peer.count };
		const sharedIdle = { ...shared.link.ws };
		coauthor.provider.destroy();
		coauthor.doc.destroy();
		await shared.close();

		process.stdout.write(`typing a character a second for ${typeSeconds} s…\n`);
		const textBefore: Record<ProfileName, string> = {
			campagne: await serverText(server, cookie, sections[roomOf.campagne]!),
			coupures: await serverText(server, cookie, sections[roomOf.coupures]!)
		};
		for (const s of Object.values(open)) {
			await s.link.waitOnline();
			await caretAtEnd(s.page);
			s.link.reset();
		}
		Object.assign(peer.count, emptyWs());
		let typed = '';
		const t0 = Date.now();
		for (let i = 0; i < typeSeconds; i++) {
			const ch = TYPED[i % TYPED.length]!;
			typed += ch;
			await Promise.all([...Object.values(open).map((s) => s.page.keyboard.type(ch)), Promise.resolve(peer.typeOne(ch))]);
			await sleep(Math.max(0, t0 + (i + 1) * 1000 - Date.now()));
		}
		for (const profile of ['campagne', 'coupures'] as const) {
			figures[profile].typing = { ws: { ...open[profile].link.ws }, httpBytes: open[profile].link.http, seconds: typeSeconds, typed };
		}
		const peerTyping = { ...peer.count };
		const typingDeflated = await deflatedPerHour(open.campagne.link, typeSeconds);
		open.campagne.link.keepFrames = false;
		peer.provider.destroy();
		peer.doc.destroy();

		// The link comes back for good; the page syncs; the server stores what it has.
		await open.coupures.link.stopCuts();
		for (const s of Object.values(open)) await waitEnLigne(s.page);
		await sleep(3000);
		for (const s of Object.values(open)) await s.close();
		await browser.close();
		browser = null;
		await stopBuiltServer(server);
		server = null;
		const ctx = await createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: dataDir, LOG_LEVEL: 'error' }));
		const lost: Record<ProfileName, { lost: number; kept: boolean }> = {
			campagne: { lost: NaN, kept: false },
			coupures: { lost: NaN, kept: false }
		};
		for (const profile of ['campagne', 'coupures'] as const) {
			const doc = await loadRoomDoc(ctx.db, sectionRoom(sections[roomOf[profile]]!));
			lost[profile] = lostCharacters(textBefore[profile], doc ? docToPlainText(doc) : '', typed);
			doc?.destroy();
		}
		await ctx.close();

		// ---------------------------------------------------------------- report
		const out: Record<string, unknown> = {};
		for (const profile of ['campagne', 'coupures'] as const) {
			const f = figures[profile];
			const idle = f.idle!;
			const typing = f.typing!;
			process.stdout.write(
				`${profile}: open idle section ${kB(perHour(idle.ws, idle.seconds))} kB/h ` +
					`(${idle.ws.sentFrames} frames sent, ${idle.ws.receivedFrames} received, ${idle.ws.handshakes} handshakes in ${idle.seconds} s; HTTP ${idle.httpBytes} B); ` +
					`typing ${kB(perHour(typing.ws, typing.seconds))} kB/h (${typing.ws.sentFrames} frames sent, ${typing.ws.receivedFrames} received, ${typing.ws.handshakes} handshakes); ` +
					`stored text: ${lost[profile].lost} of ${typed.length} typed characters lost${lost[profile].kept ? '' : ' (the text before typing was changed!)'}\n`
			);
			out[profile] = {
				dashboard: { first: visitSummary(f.dashboard.first), repeat: visitSummary(f.dashboard.repeat) },
				section: { first: visitSummary(f.section.first), repeat: visitSummary(f.section.repeat) },
				idleBytesPerHour: perHour(idle.ws, idle.seconds),
				...(profile === 'campagne'
					? {
							idleWithCoauthorBytesPerHour: perHour(sharedIdle, idleSeconds),
							idleDeflateEstimateBytesPerHour: idleDeflated,
							typingDeflateEstimateBytesPerHour: typingDeflated
						}
					: {}),
				idleHttpBytes: idle.httpBytes,
				idleFrames: { sent: idle.ws.sentFrames, received: idle.ws.receivedFrames, handshakes: idle.ws.handshakes },
				typingBytesPerHour: perHour(typing.ws, typing.seconds),
				typingFrames: { sent: typing.ws.sentFrames, received: typing.ws.receivedFrames, handshakes: typing.ws.handshakes },
				typedCharacters: typed.length,
				lostCharacters: lost[profile].lost
			};
		}
		const peerFigures = {
			name: 'stock y-websocket 3.1 client (Node), default settings, holding y-tiptap’s presence (user, caret), same server and window',
			idleBytesPerHour: perHour(peerIdle, idleSeconds),
			idleFrames: { sent: peerIdle.sentFrames, received: peerIdle.receivedFrames },
			typingBytesPerHour: perHour(peerTyping, typeSeconds),
			typingFrames: { sent: peerTyping.sentFrames, received: peerTyping.receivedFrames }
		};
		process.stdout.write(
			`campagne with permessage-deflate (estimated from the same frames, every message compressed, context kept): ` +
				`idle ${kB(idleDeflated)} kB/h, typing ${kB(typingDeflated)} kB/h\n`
		);
		process.stdout.write(
			`campagne, idle section with an idle co-author there (a stock client): ${kB(perHour(sharedIdle, idleSeconds))} kB/h ` +
				`(${sharedIdle.sentFrames} frames sent, ${sharedIdle.receivedFrames} received)\n`
		);
		process.stdout.write(
			`peer (${peerFigures.name}): idle ${kB(peerFigures.idleBytesPerHour)} kB/h, typing ${kB(peerFigures.typingBytesPerHour)} kB/h\n`
		);
		const c = out.campagne as {
			section: { first: { ms: number }; repeat: { ms: number } };
			dashboard: { first: { ms: number } };
			idleBytesPerHour: number;
		};
		const targets = {
			repeatEditableUnder1500Ms: c.section.repeat.ms < TARGET_REPEAT_EDITABLE_MS,
			firstVisitUnder6000Ms: c.section.first.ms < TARGET_FIRST_MS && c.dashboard.first.ms < TARGET_FIRST_MS,
			idleUnder50kBPerHour: c.idleBytesPerHour < TARGET_IDLE_BYTES_PER_HOUR,
			noCharacterLost: lost.campagne.lost === 0 && lost.coupures.lost === 0
		};
		process.stdout.write(
			`targets (campagne): repeat visit section editable < 1.5 s: ${targets.repeatEditableUnder1500Ms ? 'met' : 'MISSED'}; ` +
				`first visit < 6 s: ${targets.firstVisitUnder6000Ms ? 'met' : 'MISSED'}; idle < 50 kB/h: ${targets.idleUnder50kBPerHour ? 'met' : 'MISSED'}; ` +
				`no character lost (both): ${targets.noCharacterLost ? 'met' : 'MISSED'}\n`
		);
		process.stdout.write(
			JSON.stringify({
				bench: 'network',
				configuration:
					`build/server.js (${stamp}); Chromium with DevTools network emulation: campagne 400/150 kbit/s, 300 ms RTT; coupures the same, offline 10 s every 30 s; ` +
					`${runs} runs per visit (median), fresh context each; idle ${idleSeconds} s and typing (1 character/s) ${typeSeconds} s extrapolated to an hour, ` +
					`WebSocket payload + frame headers + handshakes + server pings (estimated ${PING_BYTES_PER_HOUR} B/h); a section of 3 pages; alone in the section`,
				sessions: true,
				policy: 'production',
				peer: peerFigures,
				...out,
				targets
			}) + '\n'
		);
	} finally {
		await browser?.close().catch(() => {});
		if (server) await stopBuiltServer(server);
		rmSync(dir, { recursive: true, force: true });
	}
}

await main();
process.exit(0);
