// « Demander à rejoindre » an organisation by its SIRET: the request form, the requests already waiting, and the way back (retour).
import { redirect } from '@sveltejs/kit';
import { myPendingJoinRequests, requestToJoin } from '$lib/server/accounts/join-requests.service';
import { joinRequestSchema } from '$lib/server/accounts/organisation-forms';
import { parseForm } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, requireUser, safeReturnPath } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	// Already in an organisation: nothing to ask for.
	if (actor.organisationId) redirect(303, '/organisation');
	const raw = event.url.searchParams.get('retour');
	return guardLoad(async () => ({
		retour: raw ? safeReturnPath(raw, '') || null : null,
		siret: (event.url.searchParams.get('siret') ?? '').slice(0, 20),
		myRequests: await myPendingJoinRequests(ctx, actor)
	}));
};

export const actions: Actions = {
	default: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(joinRequestSchema, form);
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => requestToJoin(ctx, actor, parsed.data.siret, parsed.data.message));
		if (failed(result)) return result;
		const retour = safeReturnPath(String(form.get('retour') ?? ''), '');
		if (retour) redirect(303, retour);
		return { saved: `Demande envoyée : les administrateurs de ${result.organisationName} vont y répondre.` };
	}
};
