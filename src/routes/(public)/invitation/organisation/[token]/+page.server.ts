import { redirect } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { findOrgInvitation, acceptOrgInvitation, ORG_ROLES } from '$lib/server/accounts/organisations.service';
import { failed, guardAction, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ctx = await getContext();
	const inv = await findOrgInvitation(ctx, params.token);
	if (!inv) return { invitation: null };
	return {
		invitation: { organisationName: inv.organisationName, role: ORG_ROLES[inv.role], email: inv.email },
		signedInAs: locals.user?.email ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({}, () => acceptOrgInvitation(ctx, actor, event.params.token));
		if (failed(result)) return result;
		redirect(303, '/organisation');
	}
};
