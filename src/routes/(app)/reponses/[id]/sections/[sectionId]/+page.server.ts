import { z } from 'zod';
import { getSection } from '$lib/server/bids/sections.service';
import { latestChangeRequest } from '$lib/server/bids/review.service';
import { reviewAbilities } from '$lib/server/policies/section.policy';
import { resolveRoomAccess } from '$lib/server/collab/access';
import { addComment, listComments, mentionCandidates, COMMENT_MAX_LENGTH } from '$lib/server/sections/discussion.service';
import { createNamedVersion, listVersions, VERSION_NAME_MAX } from '$lib/server/sections/versions.service';
import { sectionPreview, sectionRoom, type SectionPreview } from '$lib/server/sections/state';
import { readRoomStorage } from '$lib/server/collab/persistence';
import { inProcessRenderer } from '$lib/server/exports/render';
import { can } from '$lib/server/policies';
import { isFrozen, pastInternalFreeze, type BidAccess } from '$lib/server/policies/bid.policy';
import type { SectionState } from '$lib/server/db/schema';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import { parseForm } from '$lib/server/validation';
import { userColor } from '$lib/collab/colors';
import type { AppContext } from '$lib/server/context';
import type { Actions, PageServerLoad } from './$types';

/** Why the text is read-only for this person, most important reason first. */
export type ReadOnlyReason = 'submitted' | 'observer' | 'validated' | 'freeze' | 'other';

function readOnlyReason(access: BidAccess, state: SectionState): ReadOnlyReason {
	if (isFrozen(access)) return 'submitted';
	if (access.role === 'observer') return 'observer';
	if (state === 'validated') return 'validated';
	if (access.role !== 'coordinator' && pastInternalFreeze(access)) return 'freeze';
	return 'other';
}

/**
 * The page's preview: from the room's document when it is open here (no decoding), else from
 * the stored snapshot and log, decoded on the export worker (ctx.renderer) — a section at the
 * size cap costs ~100 ms of CPU and garbage collection to decode, which the event loop would
 * make everyone else wait for. The editor opens the room right after, from the same storage.
 */
async function sectionPagePreview(ctx: Pick<AppContext, 'db' | 'collab' | 'renderer'>, sectionId: string): Promise<SectionPreview> {
	const room = sectionRoom(sectionId);
	const live = await ctx.collab?.withRoomDoc?.(room, sectionPreview, { open: false });
	if (live) return live;
	const stored = await readRoomStorage(ctx.db, room);
	return (ctx.renderer ?? inProcessRenderer).preview(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
}

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	event.depends('app:section-comments'); // reloaded when the collaboration socket says « comments »
	return guardLoad(async () => {
		const { id: bidId, sectionId } = event.params;
		const { access, section } = await getSection(ctx, actor, bidId, sectionId);
		const room = await resolveRoomAccess(ctx.db, actor.id, `section/${sectionId}`, ctx.now());
		const readOnly = room !== 'write';
		const [comments, versions, people] = await Promise.all([
			listComments(ctx, actor, bidId, sectionId),
			listVersions(ctx, actor, bidId, sectionId),
			mentionCandidates(ctx.db, bidId)
		]);
		// Shown until the editor chunk has loaded (and to browsers without JavaScript): the
		// beginning of the text only; the editor gets the document through the socket.
		const preview = await sectionPagePreview(ctx, sectionId);

		// Review controls (SectionReview.svelte): what this person may do, and the latest change request.
		const review = {
			can: reviewAbilities(actor, access, {
				id: section.id,
				state: section.state,
				reviewerId: section.reviewerId,
				authorIds: section.authors.map((a) => a.id)
			}),
			changeRequest: section.state === 'changes_requested' ? await latestChangeRequest(ctx, sectionId) : null
		};

		return {
			section,
			readOnly,
			readOnlyReason: readOnly ? readOnlyReason(access, section.state) : null,
			me: { id: actor.id, name: actor.name, color: userColor(actor.id) },
			comments,
			versions,
			people: people.map((p) => ({ ...p, color: userColor(p.id) })),
			canComment: !isFrozen(access),
			canVersion: can(actor, 'bid', 'writeSections', access),
			preview,
			review,
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
