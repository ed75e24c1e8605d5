import { unreadNotificationCount } from '$lib/server/notifications/inbox';
import { requireUser } from '$lib/server/http';
import { canAccompany } from '$lib/server/policies/accompaniment.policy';
import type { LayoutServerLoad } from './$types';

// Defence in depth only: every page load and action below calls requireUser itself.
// The header's unread count (one indexed count per page load) is read here, for every signed-in page.
export const load: LayoutServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return {
		unreadNotifications: await unreadNotificationCount(ctx, actor),
		// « Accompagnement » is in the main navigation for support staff and admins only (issue 20).
		canAccompany: canAccompany(actor, 'viewPage')
	};
};
