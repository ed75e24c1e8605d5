import { z } from 'zod';
import { loadDepositPage } from '$lib/server/submission/record';
import { listForms } from '$lib/server/dossier/forms-facts';
import { submitBid } from '$lib/server/submission/submit';
import { recordDeposit } from '$lib/server/submission/deposit';
import { parisDateTime } from '$lib/server/tenders/tender-forms';
import { parseForm } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({
		...(await loadDepositPage(ctx, actor, event.params.id)),
		forms: await listForms(ctx, actor, event.params.id),
		now: ctx.now()
	}));
};

export const actions: Actions = {
	submit: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({}, () => submitBid(ctx, actor, event.params.id));
		if (failed(result)) return result;
		return { saved: 'Réponse approuvée et figée : déposez-la maintenant sur la plateforme de l’acheteur.' };
	},
	deposit: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(z.object({ at: parisDateTime('Heure du dépôt', true) }), form);
		if (!parsed.ok) return invalidForm(parsed);
		const receipt = form.get('receipt');
		const result = await guardAction(parsed.values, () =>
			recordDeposit(ctx, actor, event.params.id, { at: parsed.data.at!, receipt: receipt instanceof File ? receipt : null })
		);
		if (failed(result)) return result;
		return { saved: 'Dépôt sur la plateforme enregistré.' };
	}
};
