// The section page: its load, the general discussion's comment, the anchored threads (open,
// reply, resolve, reopen; posted by the page's comment queue with an idempotency key) and versions.
import { z } from 'zod';
import { loadSectionPage } from '$lib/server/sections/section-page';
import { addComment, COMMENT_MAX_LENGTH } from '$lib/server/sections/discussion.service';
import { createThread, replyToThread, setThreadState } from '$lib/server/sections/comment-threads.service';
import { ANCHOR_MAX_CHARS } from '$lib/server/sections/anchors';
import { createNamedVersion, VERSION_NAME_MAX } from '$lib/server/sections/versions.service';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import { parseForm } from '$lib/server/validation';
import { userColor } from '$lib/collab/colors';
import { bidAccompaniment } from '$lib/server/accompaniment/follow.service';
import { sectionLibraryPanel } from '$lib/server/library/section-uses.service';
import type { Actions, PageServerLoad } from './$types';

async function threadState(event: Parameters<Actions[string]>[0], resolved: boolean) {
	const { ctx, actor } = await requireUser(event);
	const parsed = parseForm(z.object({ threadId: text(64) }), await event.request.formData());
	if (!parsed.ok) return invalidForm(parsed);
	const values = { ...parsed.values, _form: `state-${parsed.data.threadId}` };
	const result = await guardAction(values, () =>
		setThreadState(ctx, actor, event.params.id!, event.params.sectionId!, parsed.data.threadId, resolved)
	);
	if (failed(result)) return result;
	return {
		saved: result ? (resolved ? 'Commentaire résolu.' : 'Commentaire rouvert.') : resolved ? 'Déjà résolu.' : 'Déjà ouvert.',
		threadId: parsed.data.threadId
	};
}

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	event.depends('app:section-comments'); // reloaded when the collaboration socket says « comments »
	return guardLoad(async () => {
		const page = await loadSectionPage(ctx, actor, event.params.id, event.params.sectionId);
		return {
			...page,
			me: { id: actor.id, name: actor.name, color: userColor(actor.id) },
			people: page.people.map((p) => ({ ...p, color: userColor(p.id) })),
			limits: { comment: COMMENT_MAX_LENGTH, versionName: VERSION_NAME_MAX },
			// « Demander de l'aide » on this section (issue 20).
			canAskHelp: (await bidAccompaniment(ctx, actor, event.params.id)).can.askHelp,
			// The library in this section (issue 16, items 2–3): `can.insert`, `can.save` and the remembered insertions.
			library: await sectionLibraryPanel(ctx, actor, event.params.id, event.params.sectionId)
		};
	});
};

/** A text field: absent is empty; far beyond what the use case accepts is refused before it. */
const text = (max: number) => z.string().max(max).optional().default('');
const body = text(COMMENT_MAX_LENGTH * 2);
const clientKey = text(64);

const published = (mentioned: readonly string[]) =>
	mentioned.length
		? `Commentaire publié. ${mentioned.length === 1 ? 'La personne mentionnée est prévenue' : 'Les personnes mentionnées sont prévenues'}.`
		: 'Commentaire publié.';

export const actions: Actions = {
	comment: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ body, clientKey }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const values = { ...parsed.values, _form: 'comment' };
		const result = await guardAction(values, () =>
			addComment(ctx, actor, event.params.id, event.params.sectionId, parsed.data.body, parsed.data.clientKey || null)
		);
		if (failed(result)) return result;
		return { saved: published(result.mentioned), commentId: result.id };
	},
	thread: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(
			z.object({ body, clientKey, anchorStart: text(ANCHOR_MAX_CHARS * 2), anchorEnd: text(ANCHOR_MAX_CHARS * 2), quote: text(20_000) }),
			await event.request.formData()
		);
		if (!parsed.ok) return invalidForm(parsed);
		const values = { ...parsed.values, _form: 'thread' };
		const result = await guardAction(values, () => createThread(ctx, actor, event.params.id, event.params.sectionId, parsed.data));
		if (failed(result)) return result;
		return { saved: published(result.mentioned), threadId: result.threadId };
	},
	reply: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ body, clientKey, threadId: text(64) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const values = { ...parsed.values, _form: `reply-${parsed.data.threadId}` };
		const { threadId } = parsed.data;
		const result = await guardAction(values, () =>
			replyToThread(ctx, actor, event.params.id, event.params.sectionId, threadId, parsed.data.body, parsed.data.clientKey || null)
		);
		if (failed(result)) return result;
		return { saved: published(result.mentioned), threadId };
	},
	resolve: (event) => threadState(event, true),
	reopen: (event) => threadState(event, false),
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
