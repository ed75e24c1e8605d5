import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/http';
import { CLEAR_SITE_DATA } from '$lib/server/auth/sign-out';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/profil');

export const actions: Actions = {
	/** « Se déconnecter partout »: every session of the user, in every browser. */
	default: async ({ locals, cookies, setHeaders }) => {
		// This browser forgets every page, document and queue it kept for offline use (docs/SECURITY.md).
		setHeaders({ 'clear-site-data': CLEAR_SITE_DATA });
		if (locals.user) {
			const ctx = await getContext();
			await invalidateUserSessions(ctx.db, locals.user.id);
			ctx.collab?.endSessions?.({ userId: locals.user.id });
		}
		clearSessionCookie(cookies);
		redirect(303, '/connexion');
	}
};
