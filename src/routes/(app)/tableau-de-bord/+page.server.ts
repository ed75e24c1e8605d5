import { requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor } = await requireUser(event);
	return { hasOrganisation: Boolean(actor.organisationId) };
};
