import { listTenders } from '$lib/server/tenders/tenders.service';
import { requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return { ...(await listTenders(ctx, actor)), now: ctx.now() };
};
