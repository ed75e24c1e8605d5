import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getContext } from '$lib/server/context';
import { findValidReset, resetPassword } from '$lib/server/accounts/passwords.service';
import { parseForm, password } from '$lib/server/validation';
import { failed, guardAction, invalidForm, setDeviceCookie, setSessionCookie } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const ctx = await getContext();
	return { valid: Boolean(await findValidReset(ctx, params.token)) };
};

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(z.object({ password }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const ctx = await getContext();
		const result = await guardAction(parsed.values, () => resetPassword(ctx, event.params.token, parsed.data.password));
		if (failed(result)) return result;
		setSessionCookie(event.cookies, ctx, result.token, result.session.expiresAt);
		setDeviceCookie(event.cookies, ctx, result.device);
		redirect(303, '/tableau-de-bord');
	}
};
