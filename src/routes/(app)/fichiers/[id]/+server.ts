import { downloadFile } from '$lib/server/files/access';
import { IMAGE_MIMES } from '$lib/server/files/storage';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Kinds of files served inline: the group's logo and the pictures shown in sections. */
const INLINE_KINDS: readonly string[] = ['logo', 'image'];

/**
 * Downloads a stored file to whoever may see it (404 otherwise). A group's logo or a section's
 * picture (PNG or JPEG, checked and re-encoded on upload) is served inline, so pages and the
 * editor show it, under a CSP that lets nothing run; every other file, an image's original
 * included, is an attachment.
 */
export const GET: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const { file, bytes } = await guardLoad(() => downloadFile(ctx, actor, event.params.id));
	const inline = INLINE_KINDS.includes(file.kind) && IMAGE_MIMES.includes(file.mime);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-type-options': 'nosniff',
			...(inline ? { 'content-security-policy': "default-src 'none'; sandbox" } : {}),
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
};
