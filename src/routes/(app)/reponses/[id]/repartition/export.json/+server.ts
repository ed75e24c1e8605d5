import { guardLoad, requireUser } from '$lib/server/http';
import { exportFileName, splitJson } from '$lib/server/split/export';
import { loadExport } from '$lib/server/split/export-data';
import type { RequestHandler } from './$types';

/** The split as JSON, amounts in cents (members of the bid only; 404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { split, meta } = await loadExport(ctx, actor, event.params.id);
		return new Response(JSON.stringify(splitJson(meta, split), null, 2), {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-disposition': `attachment; filename="${exportFileName('repartition', meta.reference, 'json')}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
};
