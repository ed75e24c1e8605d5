import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { getContext } from '$lib/server/context';
import type { RequestHandler } from './$types';

/** 200 when the database answers, 503 otherwise. */
export const GET: RequestHandler = async () => {
	try {
		const ctx = await getContext();
		await sql`select 1`.execute(ctx.db);
		return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
