import { downloadFile } from '$lib/server/files/access';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Downloads a stored file to whoever may see it (404 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const { file, bytes } = await guardLoad(() => downloadFile(ctx, actor, event.params.id));
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
};
