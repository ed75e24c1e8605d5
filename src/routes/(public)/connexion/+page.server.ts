import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getContext } from '$lib/server/context';
import { signIn } from '$lib/server/accounts/accounts.service';
import { email, parseForm, password } from '$lib/server/validation';
import { deviceToken, failed, guardAction, invalidForm, safeReturnPath, setDeviceCookie, setSessionCookie } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeReturnPath(url.searchParams.get('retour')));
	return { retour: safeReturnPath(url.searchParams.get('retour')) };
};

const schema = z.object({ email, password });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return invalidForm(parsed);
		const ctx = await getContext();
		const result = await guardAction(parsed.values, () => signIn(ctx, parsed.data, event.getClientAddress(), deviceToken(event.cookies)));
		if (failed(result)) return result;
		setSessionCookie(event.cookies, ctx, result.token, result.session.expiresAt);
		setDeviceCookie(event.cookies, ctx, result.device);
		redirect(303, safeReturnPath(String(form.get('retour') ?? '')));
	}
};
