// The activity tab: the bid's entries described in French by its one use case (getBidActivity).
import { getBidActivity } from '$lib/server/bids/bid-overview';
import { guardLoad, requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({ entries: await getBidActivity(ctx, actor, event.params.id, 200) }));
};
