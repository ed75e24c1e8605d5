import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '$lib/server/auth/session';
import { log } from '$lib/server/log';
import { newId } from '$lib/server/ids';
import { MAX_FILE_BYTES } from '$lib/server/files/storage';
import { compressed } from '$lib/server/compress';

export const init: ServerInit = async () => {
	await getContext();
};

/**
 * SvelteKit picks a form action with `actions[name]`, name taken from `?/name`: `?/constructor`,
 * `?/toString` or `?/__proto__` would reach Object.prototype's members (a 500, or toString called
 * as an action). No action is named so; those requests stop here with a 404.
 */
function isPrototypeActionName(url: URL): boolean {
	// The same reading as SvelteKit: the first query key that starts with a slash.
	for (const [key] of url.searchParams) {
		if (key.startsWith('/')) return key.slice(1) in Object.prototype;
	}
	return false;
}

function actionNotFound(): Response {
	return new Response('Page introuvable', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Adds the WebSocket form of ORIGIN (`https://x` → `wss://x`) to connect-src, which is 'self'
 * only: browsers that predate CSP Level 3 do not let 'self' cover ws:/wss:, and the editor's
 * /collab socket is on this origin.
 */
function withCollabOrigin(csp: string, origin: string): string {
	const ws = origin.replace(/^http/, 'ws');
	return csp.replace(
		/(^|;\s*)connect-src ([^;]*)/,
		(_all, start: string, sources: string) => `${start}connect-src ${sources.trim()} ${ws}`
	);
}

/** Authenticates once per request, adds the security headers, gzips pages and data. */
export const handle: Handle = async ({ event, resolve }) => {
	const ctx = await getContext();
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(ctx.db, token, ctx.now());
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(ctx.config.secureCookies, result.session.expiresAt));
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	const response = event.request.method === 'POST' && isPrototypeActionName(event.url) ? actionNotFound() : await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
	// Whose page this is, for the service worker's per-account copies (src/service-worker.ts).
	if (event.locals.user) response.headers.set('x-cotrait-account', event.locals.user.id);
	const csp = response.headers.get('Content-Security-Policy');
	if (csp && ctx.config.origin) response.headers.set('Content-Security-Policy', withCollabOrigin(csp, ctx.config.origin));
	// Pages and their data gzipped: light on a rural link (compress.ts).
	return compressed(event.request, response);
};

/**
 * What a visitor is told when SvelteKit itself refuses a request (4xx raised before or around our
 * code: body over the limit, not a form, method not allowed…).
 */
function refusedRequestMessage(status: number): string {
	switch (status) {
		case 413:
			return `Le fichier envoyé est trop volumineux (${Math.floor(MAX_FILE_BYTES / 1024 / 1024)} Mo au plus).`;
		case 415:
			return 'Ce formulaire attend un envoi de formulaire (application/x-www-form-urlencoded ou multipart/form-data) : rechargez la page et réessayez.';
		case 405:
			return "Cette adresse n'accepte pas ce type de requête.";
		default:
			return `La requête n'a pas pu être traitée (code ${status}).`;
	}
}

/**
 * Errors SvelteKit could not map itself. A 4xx is the client's doing (a body over the limit, JSON
 * posted to a form): a clear French message and a warning. Anything else is unexpected: logged
 * with an id, shown as a generic French message with that id.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'Page introuvable' };
	if (status >= 400 && status < 500) {
		log.warn('request refused', { path: event.url.pathname, status, reason: error instanceof Error ? error.message : String(error) });
		return { message: refusedRequestMessage(status) };
	}
	const id = newId().slice(0, 8);
	log.error('unexpected error', {
		id,
		path: event.url.pathname,
		status,
		error: error instanceof Error ? (error.stack ?? error.message) : String(error)
	});
	return { message: 'Une erreur inattendue est survenue.', id };
};
