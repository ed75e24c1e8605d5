import { z } from 'zod';
import { getContext } from '$lib/server/context';
import { requestPasswordReset } from '$lib/server/accounts/passwords.service';
import { email, parseForm } from '$lib/server/validation';
import { deviceToken, failed, guardAction, invalidForm, publicOrigin } from '$lib/server/http';
import type { Actions } from './$types';

const schema = z.object({ email });

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const ctx = await getContext();
		const result = await guardAction(parsed.values, () =>
			requestPasswordReset(ctx, parsed.data.email, event.getClientAddress(), publicOrigin(ctx, event.url), deviceToken(event.cookies))
		);
		if (failed(result)) return result;
		return { sent: true as const, values: parsed.values };
	}
};
