import { z } from 'zod';
import { authorizeBid } from '$lib/server/bids/bid-access';
import { getSubmission, readiness, recordDeposit, submitBid } from '$lib/server/bids/submission.service';
import { parisDateTime } from '$lib/server/tenders/tender-forms';
import { parseForm } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const access = await authorizeBid(ctx, actor, event.params.id, 'view');
		const lots = await ctx.db
			.selectFrom('bid_lots')
			.innerJoin('lots', 'lots.id', 'bid_lots.lot_id')
			.select(['lots.number', 'lots.title'])
			.where('bid_lots.bid_id', '=', access.id)
			.orderBy('lots.number')
			.execute();
		return {
			readiness: await readiness(ctx, access.id, ctx.now()),
			submission: await getSubmission(ctx.db, access.id),
			lots,
			now: ctx.now()
		};
	});
};

export const actions: Actions = {
	submit: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({}, () => submitBid(ctx, actor, event.params.id));
		if (failed(result)) return result;
		return { saved: 'Réponse approuvée et déposée : elle est maintenant figée.' };
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
