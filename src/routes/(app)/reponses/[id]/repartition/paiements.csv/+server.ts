import { guardLoad, requireUser } from '$lib/server/http';
import { exportFileName, paymentsCsv } from '$lib/server/split/export';
import { loadExport } from '$lib/server/split/export-data';
import type { RequestHandler } from './$types';

/** The payment ledger as CSV for French Excel (members of the bid only; 404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { ledger, meta } = await loadExport(ctx, actor, event.params.id);
		return new Response(paymentsCsv(meta, ledger), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${exportFileName('paiements', meta.reference, 'csv')}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
};
