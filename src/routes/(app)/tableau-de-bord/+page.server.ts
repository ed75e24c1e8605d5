import { getDashboard } from '$lib/server/bids/dashboard.service';
import { markAllRead } from '$lib/server/notifications/notifications.service';
import { requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return getDashboard(ctx, actor);
};

export const actions: Actions = {
	read: async (event) => {
		const { ctx, user } = await requireUser(event);
		await markAllRead(ctx.db, user.id, ctx.now());
		return { saved: 'Notifications marquées comme lues.' };
	}
};
