import { getAccompaniment } from '$lib/server/accompaniment/overview.service';
import { parseFilters } from '$lib/server/accompaniment/accompaniment-rules';
import { requestFollow } from '$lib/server/accompaniment/follow.service';
import { answerHelp, handleHelp } from '$lib/server/accompaniment/help.service';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** The Accompagnement page (issue 20): support staff and admins only, 404 for anyone else. */
export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const filters = parseFilters(event.url.searchParams);
	return guardLoad(async () => ({ ...(await getAccompaniment(ctx, actor, filters)), filters }));
};

const field = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	follow: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const result = await guardAction({ _form: 'follow' }, () => requestFollow(ctx, actor, field(form, 'bidId')));
		if (failed(result)) return result;
		return { saved: 'Demande envoyée à la coordination de la réponse.' };
	},
	answer: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const helpId = field(form, 'helpId');
		const values = { _form: `answer-${helpId}`, answer: field(form, 'answer') };
		const result = await guardAction(values, () => answerHelp(ctx, actor, helpId, values.answer));
		if (failed(result)) return result;
		return { saved: result.commentId ? 'Réponse publiée dans la discussion de la section.' : 'Réponse envoyée.' };
	},
	handle: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const result = await guardAction({ _form: 'handle' }, () => handleHelp(ctx, actor, field(form, 'helpId')));
		if (failed(result)) return result;
		return { saved: 'Demande marquée traitée.' };
	}
};
