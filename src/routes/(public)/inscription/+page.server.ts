import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getContext } from '$lib/server/context';
import { signUp } from '$lib/server/accounts/accounts.service';
import { displayName, email, parseForm, password } from '$lib/server/validation';
import { failed, guardAction, invalidForm, safeReturnPath, setDeviceCookie, setSessionCookie } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, '/tableau-de-bord');
	return { retour: safeReturnPath(url.searchParams.get('retour'), '/organisation') };
};

const schema = z.object({ name: displayName('Nom', { max: 120 }), email, password });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return invalidForm(parsed);
		const ctx = await getContext();
		const result = await guardAction(parsed.values, () => signUp(ctx, parsed.data, event.getClientAddress()));
		if (failed(result)) return result;
		setSessionCookie(event.cookies, ctx, result.token, result.session.expiresAt);
		setDeviceCookie(event.cookies, ctx, result.device);
		redirect(303, safeReturnPath(String(form.get('retour') ?? ''), '/organisation'));
	}
};
