import { filledSchedule } from '$lib/server/dossier/price-schedule/schedule.service';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The buyer's workbook of the lot with the current prices filled in, for any member or observer. */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const file = await guardLoad(() => filledSchedule(ctx, actor, event.params.id, event.params.lotId));
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.mime,
			'content-length': String(file.bytes.length),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'cache-control': 'private, no-store'
		}
	});
};
