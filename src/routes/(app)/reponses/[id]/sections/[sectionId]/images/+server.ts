import { json } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireUser } from '$lib/server/http';
import { IMAGE_FIELD, uploadSectionImage } from '$lib/server/sections/images.service';
import type { RequestHandler } from './$types';

/**
 * Uploads an image into a section (multipart: `file`, optional `alt` and `caption`), for the
 * editor's image button, paste and drop. Answers `{ id, width, height, alt, caption }`; refusals
 * answer their status with `{ message }` in French (404 for a section the person may not see).
 */
export const POST: RequestHandler = async (event) => {
	const { ctx, actor } = await requireUser(event);
	try {
		const form = await event.request.formData().catch(() => null);
		if (!form) return json({ message: 'Envoyez l’image dans un formulaire (multipart/form-data).' }, { status: 400 });
		const image = await uploadSectionImage(ctx, actor, event.params.id, event.params.sectionId, {
			file: form.get(IMAGE_FIELD),
			alt: form.get('alt'),
			caption: form.get('caption')
		});
		return json(image, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof DomainError) {
			const message = e.fields[IMAGE_FIELD] ?? Object.values(e.fields)[0] ?? e.message;
			return json({ message }, { status: e.status });
		}
		throw e;
	}
};
