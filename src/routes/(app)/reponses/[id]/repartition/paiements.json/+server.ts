import { guardLoad, requireUser } from '$lib/server/http';
import { exportFileName, paymentsJson } from '$lib/server/split/export';
import { loadExport } from '$lib/server/split/export-data';
import type { RequestHandler } from './$types';

/** The payment ledger as JSON, amounts in cents (members of the bid only; 404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { ledger, meta } = await loadExport(ctx, actor, event.params.id);
		return new Response(JSON.stringify(paymentsJson(meta, ledger), null, 2), {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-disposition': `attachment; filename="${exportFileName('paiements', meta.reference, 'json')}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
};
