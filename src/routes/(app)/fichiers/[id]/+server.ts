import { downloadFile } from '$lib/server/files/access';
import { IMAGE_MIMES } from '$lib/server/files/storage';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Downloads a stored file to whoever may see it (404 otherwise). A PNG or JPEG (only a group's
 * logo can be one) is served inline, so the bid's page shows it; every other file is an attachment.
 */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const { file, bytes } = await guardLoad(() => downloadFile(ctx, actor, event.params.id));
	const disposition = IMAGE_MIMES.includes(file.mime) ? 'inline' : 'attachment';
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
};
