import { directoryContact, getDirectoryPage } from '$lib/server/accounts/directory.service';
import { inviteToBid } from '$lib/server/bids/members.service';
import { failed, guardAction, guardLoad, publicOrigin, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const department = (event.url.searchParams.get('departement') ?? '').trim().toUpperCase().slice(0, 3);
	if (!actor.organisationId)
		return { people: [], q, department, bids: [], states: {}, shared: {}, needsOrganisation: true, selectedBid: '' };
	return guardLoad(async () => {
		const page = await getDirectoryPage(ctx, actor, { q, department });
		const asked = event.url.searchParams.get('reponse') ?? '';
		const selectedBid = page.bids.some((b) => b.id === asked) ? asked : (page.bids[0]?.id ?? '');
		return { ...page, q, department, needsOrganisation: false, selectedBid };
	});
};

export const actions: Actions = {
	/** « Inviter à cette réponse »: invites a directory entry by id (their address stays private). */
	invite: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const bidId = String(form.get('bidId') ?? '');
		const result = await guardAction({ bidId }, async () => {
			const user = await directoryContact(ctx, actor, userId);
			await inviteToBid(ctx, actor, bidId, { email: user.email, role: 'member' }, publicOrigin(ctx, event.url));
			return user.name;
		});
		if (failed(result)) return result;
		return { saved: `Invitation envoyée à ${result}.` };
	}
};
