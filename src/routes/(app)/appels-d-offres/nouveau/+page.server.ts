import { redirect } from '@sveltejs/kit';
import { createTender } from '$lib/server/tenders/tenders.service';
import { DC2_SCOPES, PROCEDURES } from '$lib/server/tenders/tender-rules';
import { tenderSchema, toTenderInput } from '$lib/server/tenders/tender-forms';
import { parseForm } from '$lib/server/validation';
import { failed, guardAction, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireUser(event);
	return { procedures: PROCEDURES, dc2Scopes: DC2_SCOPES };
};

export const actions: Actions = {
	default: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(tenderSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => createTender(ctx, actor, toTenderInput(parsed.data)));
		if (failed(result)) return result;
		redirect(303, `/appels-d-offres/${result}`);
	}
};
