// Answering an invitation to a bid: one guided page that says what stands in the way (frozen bid, sign-in, another account, no organisation yet) and links out and back.
import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { getBidInvitationPage, respondToBidInvitation } from '$lib/server/bids/members.service';
import { BID_ROLES } from '$lib/server/bids/bid-rules';
import { failed, guardAction, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = event.locals.user ? (await requireUser(event)).actor : null;
	const ctx = await getContext();
	const page = await getBidInvitationPage(ctx, actor, event.params.token);
	if (!page) return { invitation: null };
	return {
		invitation: { ...page.invitation, role: BID_ROLES[page.invitation.role] },
		step: page.step,
		pendingJoins: page.pendingJoins,
		signedInAs: event.locals.user?.email ?? null,
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
