import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { findBidInvitation, respondToBidInvitation } from '$lib/server/bids/members.service';
import { BID_ROLES } from '$lib/server/bids/bid-rules';
import { failed, guardAction, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ctx = await getContext();
	const inv = await findBidInvitation(ctx, params.token);
	if (!inv || inv.status !== 'pending') return { invitation: null };
	return {
		invitation: {
			title: inv.title,
			buyer: inv.buyer,
			dlro: inv.dlro,
			invitedBy: inv.invitedBy,
			role: BID_ROLES[inv.role],
			email: inv.email
		},
		signedInAs: locals.user?.email ?? null,
		now: ctx.now()
	};
};

async function respond(event: Parameters<Actions[string]>[0], accept: boolean) {
	const { ctx, actor } = await requireUser(event);
	const result = await guardAction({}, () => respondToBidInvitation(ctx, actor, event.params.token!, accept));
	if (failed(result)) return result;
	redirect(303, accept ? `/reponses/${result}` : '/tableau-de-bord');
}

export const actions: Actions = {
	accept: (event) => respond(event, true),
	decline: (event) => respond(event, false)
};
