/** GET /healthz: 200 when the database answers, 503 otherwise (no cache). */
import { json } from '@sveltejs/kit';
import { getContext } from '$lib/server/context';
import { pingDatabase } from '$lib/server/db/health.repository';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	try {
		const ctx = await getContext();
		await pingDatabase(ctx.db);
		return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
