import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import {
	SESSION_COOKIE,
	sessionCookieOptions,
	validateSessionToken
} from '$lib/server/auth/session';
import { log } from '$lib/server/log';
import { newId } from '$lib/server/ids';

export const init: ServerInit = async () => {
	await getContext();
};

/** Authenticates once per request and adds the security headers. */
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
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

/** Unexpected errors: logged with an id, shown as a generic French message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'Page introuvable' };
	const id = newId().slice(0, 8);
	log.error('unexpected error', {
		id,
		path: event.url.pathname,
		status,
		error: error instanceof Error ? (error.stack ?? error.message) : String(error)
	});
	return { message: 'Une erreur inattendue est survenue.', id };
};
