/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Cotrait's service worker (issue 17): what opens without a network.
 *
 * - Precache: the built assets of this version and the static files (`cotrait-assets-<version>`),
 *   served cache-first. Caches of other versions are deleted on activate — pages included, since
 *   a stored page names the chunks of the version that rendered it.
 * - Pages the person visited (HTML navigations and SvelteKit's `__data.json`), plus the pictures
 *   shown inline in sections (`/fichiers/<id>` answered as an image): network first, stored in
 *   `cotrait-pages-<version>-<account>` with the time they were stored (`x-cotrait-stored-at`),
 *   served from there when the network fails. Only answers carrying the server's
 *   `x-cotrait-account` header (signed-in pages) are stored; an answer for another account, or an
 *   anonymous one (signed out, session expired), deletes every other account's pages at once: a
 *   shared computer never shows the previous person's pages.
 * - Never touched: non-GET requests, other origins, the collaboration WebSocket, endpoints
 *   (exports, CSV, JSON), file downloads (`/fichiers` attachments). Never stored: error answers.
 * - A new version waits until the page asks it to take over (« Nouvelle version — recharger »):
 *   it never reloads a page by itself.
 * - The page asks how its URL was answered (`{ type: 'served', path }` on a MessageChannel) to show
 *   « Hors ligne — affiché tel qu'au … ».
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSETS = `cotrait-assets-${version}`;
const PAGES_PREFIX = `cotrait-pages-${version}-`;
const ACCOUNT_HEADER = 'x-cotrait-account';
const STORED_AT_HEADER = 'x-cotrait-stored-at';

const precached = new Set([...build, ...files, ...prerendered]);

/** How each path was last answered: from the network, or from the copy stored at `storedAt`. */
const served = new Map<string, { fromCache: boolean; storedAt: number | null }>();

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll([...precached])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name !== ASSETS && !name.startsWith(PAGES_PREFIX)) await caches.delete(name);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; path?: string } | null;
	if (data?.type === 'skip-waiting') void sw.skipWaiting();
	else if (data?.type === 'served' && typeof data.path === 'string') {
		event.ports[0]?.postMessage(served.get(data.path) ?? null);
	} else if (data?.type === 'forget-pages') {
		event.waitUntil(deletePages(null).then(() => event.ports[0]?.postMessage(true)));
	}
});

/** Deletes every account's stored pages except `keep`'s. */
async function deletePages(keep: string | null): Promise<void> {
	for (const name of await caches.keys()) {
		if (name.startsWith('cotrait-pages-') && name !== keep) await caches.delete(name);
	}
	if (!keep) served.clear();
}

/** The cache of the account whose pages this device holds (one at most), if any. */
async function currentPagesCache(): Promise<string | null> {
	return (await caches.keys()).find((name) => name.startsWith(PAGES_PREFIX)) ?? null;
}

type Kind = 'page' | 'data' | 'picture';

/** What the service worker does with this GET of our origin: a kind of stored answer, or nothing. */
function kindOf(request: Request, url: URL): Kind | null {
	if (request.mode === 'navigate') return 'page';
	if (url.pathname.endsWith('/__data.json')) return 'data';
	if (/^\/fichiers\/[^/]+$/.test(url.pathname) && request.destination === 'image') return 'picture';
	return null;
}

/** Whether an answer may be stored, and for which account. */
function storable(kind: Kind, response: Response): boolean {
	if (response.status !== 200 || response.type !== 'basic') return false;
	const type = response.headers.get('content-type') ?? '';
	if (kind === 'page') return type.startsWith('text/html');
	if (kind === 'data') return type.startsWith('application/json');
	// Pictures shown inline (never an attachment: downloads stay on the network).
	return /^image\/(png|jpeg)/.test(type) && !/attachment/i.test(response.headers.get('content-disposition') ?? '');
}

/** The page a path belongs to: `/a/b/__data.json` is the data of `/a/b`. */
function pagePath(url: URL): string {
	return url.pathname.replace(/\/__data\.json$/, '') || '/';
}

async function networkFirst(event: FetchEvent, kind: Kind, url: URL): Promise<Response> {
	const request = event.request;
	try {
		const response = await fetch(request);
		// A navigation's redirect is opaque here (no headers): the browser follows it to a page we see.
		if (response.type === 'opaqueredirect') return response;
		const account = response.headers.get(ACCOUNT_HEADER);
		if (kind !== 'picture') served.set(pagePath(url), { fromCache: false, storedAt: null });
		if (!account) {
			// Signed out or expired: nothing of anyone stays readable here.
			if (kind !== 'picture') event.waitUntil(deletePages(null));
		} else if (storable(kind, response)) {
			const name = PAGES_PREFIX + account;
			const copy = response.clone();
			event.waitUntil(
				(async () => {
					await deletePages(name);
					await (await caches.open(name)).put(request, await stamped(copy));
				})()
			);
		}
		return response;
	} catch (error) {
		const stored = await fromPages(request);
		if (stored) {
			if (kind !== 'picture') {
				served.set(pagePath(url), { fromCache: true, storedAt: Number(stored.headers.get(STORED_AT_HEADER)) || null });
			}
			return stored;
		}
		if (kind === 'page') return offlinePage();
		throw error;
	}
}

/** A copy of the answer that says when it was stored. */
async function stamped(response: Response): Promise<Response> {
	const headers = new Headers(response.headers);
	headers.set(STORED_AT_HEADER, String(Date.now()));
	return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/** The stored answer: the exact URL first, else the same path (SvelteKit varies `x-sveltekit-invalidated`). */
async function fromPages(request: Request): Promise<Response | undefined> {
	const name = await currentPagesCache();
	if (!name) return undefined;
	const cache = await caches.open(name);
	return (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
}

/** What a page never opened on this device answers offline. */
function offlinePage(): Response {
	const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hors ligne — Cotrait</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2933}h1{font-size:1.4rem}a{color:#1d4ed8}</style></head><body><h1>Hors ligne</h1><p>Cette page n’a pas encore été ouverte sur cet appareil : elle s’affichera au retour de la connexion.</p><p>Les pages déjà consultées restent lisibles hors ligne, et les sections déjà ouvertes peuvent être modifiées.</p><p><a href="/tableau-de-bord">Tableau de bord</a></p></body></html>`;
	return new Response(html, {
		status: 503,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'cache-control': 'no-store'
		}
	});
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (precached.has(url.pathname)) {
		event.respondWith(caches.match(request, { cacheName: ASSETS }).then((hit) => hit ?? fetch(request)));
		return;
	}
	const kind = kindOf(request, url);
	if (kind) event.respondWith(networkFirst(event, kind, url));
});
