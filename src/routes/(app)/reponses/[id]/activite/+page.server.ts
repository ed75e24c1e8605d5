import { listActivity } from '$lib/server/bids/bids.service';
import { authorizeBid } from '$lib/server/bids/bid-access';
import { guardLoad, requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const access = await authorizeBid(ctx, actor, event.params.id, 'view');
		return { entries: await listActivity(ctx.db, access.id, 200) };
	});
};
