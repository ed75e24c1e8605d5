import { requireUser } from '$lib/server/http';
import type { LayoutServerLoad } from './$types';

// Defence in depth only: every page load and action below calls requireUser itself.
export const load: LayoutServerLoad = async (event) => {
	await requireUser(event);
};
