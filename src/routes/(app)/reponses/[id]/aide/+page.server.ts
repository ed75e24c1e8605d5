import { askHelp, getBidHelp } from '$lib/server/accompaniment/help.service';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** « Demander de l'aide » (issue 20): the bid's members only (404 otherwise); asking needs to take part in it. */
export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({
		...(await getBidHelp(ctx, actor, event.params.id)),
		preselected: { sectionId: event.url.searchParams.get('section') ?? '', deliverableId: event.url.searchParams.get('ligne') ?? '' }
	}));
};

export const actions: Actions = {
	ask: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = {
			message: String(form.get('message') ?? ''),
			sectionId: String(form.get('sectionId') ?? ''),
			deliverableId: String(form.get('deliverableId') ?? '')
		};
		const result = await guardAction(values, () => askHelp(ctx, actor, event.params.id, values));
		if (failed(result)) return result;
		return { saved: 'Demande envoyée à votre coopérative.' };
	}
};
