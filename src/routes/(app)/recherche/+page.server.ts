// Search everywhere: the results of ?q=… among what the signed-in person may see (GET, works without JavaScript).
import { search } from '$lib/server/search/search.service';
import { guardLoad, requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const q = event.url.searchParams.get('q') ?? '';
	return guardLoad(() => search(ctx, actor, q));
};
