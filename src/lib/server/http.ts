/**
 * The single mapping from domain errors to SvelteKit responses, plus the guards every
 * load, action and endpoint calls.
 */
import { error, fail, isActionFailure, isHttpError, isRedirect, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { DomainError } from './errors';
import { getContext, type AppContext } from './context';
import { loadActor } from './accounts/accounts.service';
import type { Actor } from './policies/actor';
import type { SessionUser } from './auth/session';
import type { FormValues } from './validation';
import { log } from './log';

export interface Authed {
	ctx: AppContext;
	user: SessionUser;
	actor: Actor & { email: string; name: string };
}

/** Anonymous visitors go to the sign-in page, then come back. */
export async function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): Promise<Authed> {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/connexion?retour=${encodeURIComponent(back)}`);
	}
	const ctx = await getContext();
	const actor = await loadActor(ctx, user.id);
	return { ctx, user, actor: { ...actor, email: user.email, name: user.name } };
}

/** Runs a load body; DomainErrors become error pages (404/403/409…). */
export async function guardLoad<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof DomainError) error(e.status, e.message);
		throw e;
	}
}

/**
 * Runs an action body; DomainErrors become `fail(status, { errors, values })` so the form
 * shows French messages next to the fields and keeps the user's input.
 */
export async function guardAction<T>(values: FormValues, fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof DomainError) {
			if (e.code === 'not_found') error(404, e.message);
			const errors = Object.keys(e.fields).length ? e.fields : { _form: e.message };
			return fail(e.status, { errors, values, message: e.message });
		}
		if (isRedirect(e) || isHttpError(e)) throw e;
		log.error('action failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
		throw e;
	}
}

export type FormFailure = ActionFailure<{ errors: Record<string, string>; values: FormValues; message?: string }>;

/** The 400 answer for a form that did not validate. */
export function invalidForm(parsed: { errors: Record<string, string>; values: FormValues }): FormFailure {
	return fail(400, { errors: parsed.errors, values: parsed.values, message: 'Certains champs sont à corriger.' });
}

/** True when `guardAction` returned a failure instead of the body's result. */
export function failed(x: unknown): x is FormFailure {
	return isActionFailure(x);
}

/** The public origin used in e-mailed links. */
export function publicOrigin(ctx: AppContext, url: URL): string {
	return ctx.config.origin ?? url.origin;
}

/** A base that exists only to parse "come back to" targets; never fetched nor shown. */
const RETURN_BASE = 'http://retour.invalid';

/**
 * Control characters (C0, DEL, C1), format characters (bidi controls, zero-width, BOM), any
 * space or separator, and backslashes. Browsers drop tabs and newlines from a Location and read
 * `\` as `/`, so `/\t/evil.example` or `/\evil.example` would take the visitor to another host;
 * a real path of this site never contains them unencoded.
 */
const UNSAFE_IN_RETURN_PATH = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;

/**
 * The "come back to" target (`retour`) if it is a path of this site, else `fallback`. The answer
 * is re-serialised by the URL parser (path, query and fragment, percent-encoded), so it is also a
 * valid header value, and it is checked to stay on this origin the way a browser will resolve it.
 */
export function safeReturnPath(raw: string | null | undefined, fallback = '/tableau-de-bord'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return fallback;
	if (UNSAFE_IN_RETURN_PATH.test(raw)) return fallback;
	let url: URL;
	try {
		url = new URL(raw, RETURN_BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== RETURN_BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	// Dot segments can leave a path that starts with two slashes (`/.//evil.example`), which a
	// browser reads as another host: check the result as it will be resolved.
	if (!path.startsWith('/') || path.startsWith('//') || new URL(path, RETURN_BASE).origin !== RETURN_BASE) return fallback;
	return path;
}

import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionCookieOptions } from './auth/session';
import { DEVICE_COOKIE, deviceCookieOptions } from './auth/device-cookie';

export function setSessionCookie(cookies: Cookies, ctx: AppContext, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(ctx.config.secureCookies, expiresAt));
}

/** Gives the browser its device cookie (auth/device-cookie.ts) after a sign-in, sign-up or reset. */
export function setDeviceCookie(cookies: Cookies, ctx: AppContext, device: { token: string; expiresAt: number } | null): void {
	if (device) cookies.set(DEVICE_COOKIE, device.token, deviceCookieOptions(ctx.config.secureCookies, device.expiresAt));
}

/** The device cookie the browser sent, if any (validated by the services). */
export function deviceToken(cookies: Cookies): string | undefined {
	return cookies.get(DEVICE_COOKIE);
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
