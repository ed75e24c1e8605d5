import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/http';
import { CLEAR_SITE_DATA } from '$lib/server/auth/sign-out';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	/** Signs out this browser. */
	default: async ({ locals, cookies, setHeaders }) => {
		// This browser forgets every page, document and queue it kept for offline use (docs/SECURITY.md).
		setHeaders({ 'clear-site-data': CLEAR_SITE_DATA });
		if (locals.session) {
			const ctx = await getContext();
			await invalidateSession(ctx.db, locals.session.id);
			ctx.collab?.endSessions?.({ sessionId: locals.session.id });
		}
		clearSessionCookie(cookies);
		redirect(303, '/connexion');
	}
};
