import { abilities } from '$lib/server/policies';
import { getBidSummary } from '$lib/server/bids/bid-overview';
import { loadBidAccess } from '$lib/server/bids/bid-access';
import { guardLoad, requireUser } from '$lib/server/http';
import type { LayoutServerLoad } from './$types';

/** Header data shared by every tab of a bid. Each child load still checks access itself. */
export const load: LayoutServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const access = await loadBidAccess(ctx, actor, event.params.id);
		const summary = await getBidSummary(ctx, actor, access);
		return {
			access: { role: access.role, status: access.status, now: access.now },
			can: abilities(actor, 'bid', access),
			summary
		};
	});
};
