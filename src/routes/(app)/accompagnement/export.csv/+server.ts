import { accountingCsv } from '$lib/server/accompaniment/accounting-csv';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Contributions due and payments received on the won bids, for the cooperative's accounting (support staff and admins; 404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const csv = await accountingCsv(ctx, actor);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="contributions-paiements.csv"',
				'cache-control': 'private, no-store'
			}
		});
	});
};
