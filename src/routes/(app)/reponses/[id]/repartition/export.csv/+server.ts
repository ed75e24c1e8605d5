import { guardLoad, requireUser } from '$lib/server/http';
import { exportFileName, splitCsv } from '$lib/server/split/export';
import { loadExport } from '$lib/server/split/export-data';
import type { RequestHandler } from './$types';

/** The split as CSV for French Excel (members of the bid only; 404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { split, meta } = await loadExport(ctx, actor, event.params.id);
		return new Response(splitCsv(meta, split), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${exportFileName('repartition', meta.reference, 'csv')}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
};
