import { z } from 'zod';
import { loadSectionPage } from '$lib/server/sections/section-page';
import { addComment, COMMENT_MAX_LENGTH } from '$lib/server/sections/discussion.service';
import { createNamedVersion, VERSION_NAME_MAX } from '$lib/server/sections/versions.service';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import { parseForm } from '$lib/server/validation';
import { userColor } from '$lib/collab/colors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	event.depends('app:section-comments'); // reloaded when the collaboration socket says « comments »
	return guardLoad(async () => {
		const page = await loadSectionPage(ctx, actor, event.params.id, event.params.sectionId);
		return {
			...page,
			me: { id: actor.id, name: actor.name, color: userColor(actor.id) },
			people: page.people.map((p) => ({ ...p, color: userColor(p.id) })),
			limits: { comment: COMMENT_MAX_LENGTH, versionName: VERSION_NAME_MAX }
		};
	});
};

export const actions: Actions = {
	comment: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(
			z.object({
				body: z
					.string()
					.max(COMMENT_MAX_LENGTH * 2)
					.optional()
					.default('')
			}),
			await event.request.formData()
		);
		if (!parsed.ok) return invalidForm(parsed);
		const values = { ...parsed.values, _form: 'comment' };
		const result = await guardAction(values, () => addComment(ctx, actor, event.params.id, event.params.sectionId, parsed.data.body));
		if (failed(result)) return result;
		return {
			saved: result.mentioned.length
				? `Commentaire publié. ${result.mentioned.length === 1 ? 'La personne mentionnée est prévenue' : 'Les personnes mentionnées sont prévenues'}.`
				: 'Commentaire publié.',
			commentId: result.id
		};
	},
	version: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(
			z.object({
				name: z
					.string()
					.max(VERSION_NAME_MAX * 4)
					.optional()
					.default('')
			}),
			await event.request.formData()
		);
		if (!parsed.ok) return invalidForm(parsed);
		const values = { ...parsed.values, _form: 'version' };
		const result = await guardAction(values, () =>
			createNamedVersion(ctx, actor, event.params.id, event.params.sectionId, parsed.data.name)
		);
		if (failed(result)) return result;
		return { saved: 'Version enregistrée.', versionId: result };
	}
};
