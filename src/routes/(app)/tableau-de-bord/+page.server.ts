import { getDashboard } from '$lib/server/bids/dashboard.service';
import { readAllNotifications } from '$lib/server/notifications/inbox';
import { requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return getDashboard(ctx, actor);
};

export const actions: Actions = {
	read: async (event) => {
		const { ctx, actor } = await requireUser(event);
		await readAllNotifications(ctx, actor);
		return { saved: 'Notifications marquées comme lues.' };
	}
};
