/**
 * What the section page shows (use case): the section, whether this person may type in it and
 * why not, its discussion, the threads anchored in its text, its versions, the people to
 * mention, the bounded preview of its text and the review controls. Authorizes once, then reads through the repositories.
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { can } from '../policies/index';
import { canComment } from '../policies/comment.policy';
import { readOnlyReason, reviewAbilities } from '../policies/section.policy';
import { authorizeBid } from '../bids/bid-access';
import { resolveRoomAccess } from '../collab/access';
import { listMemberNames, listSections, latestSectionActivity } from './sections.repository';
import { listThread } from './discussion.repository';
import { openThreadsBy } from './comment-threads.repository';
import { sectionThreads } from './comment-threads.service';
import { listVersionSummaries } from './versions.repository';
import { measureSection } from './measure';
import { sectionRoom } from './state';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab'> & Partial<Pick<AppContext, 'renderer'>>;

/** The latest « modifications demandées » comment of a section. */
export async function latestChangeRequest(
	ctx: Pick<Ctx, 'db'>,
	sectionId: string
): Promise<{ comment: string; places: number; by: string | null; at: number } | null> {
	const row = await latestSectionActivity(ctx.db, sectionId, 'review_requestChanges');
	if (!row?.after) return null;
	const after = JSON.parse(row.after) as { comment?: string; places?: number };
	return { comment: after.comment ?? '', places: after.places ?? 0, by: row.name, at: row.at };
}

/** Everything the section page needs for this member (404 for a non-member or another bid's section). */
export async function loadSectionPage(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const section = (await listSections(ctx.db, bidId)).find((s) => s.id === sectionId);
	if (!section) throw notFound();
	const room = await resolveRoomAccess(ctx.db, actor.id, sectionRoom(sectionId), ctx.now());
	// « suggest »: types only suggestions (policies/suggestion.policy.ts); « write » also accepts them.
	const readOnly = room !== 'write' && room !== 'suggest';
	const comments = await listThread(ctx.db, sectionId);
	const threads = await sectionThreads(ctx, actor, access, sectionId, section.reviewerId);
	const versions = await listVersionSummaries(ctx.db, sectionId);
	const people = await listMemberNames(ctx.db, bidId);
	// Shown until the editor chunk has loaded (and to browsers without JavaScript): the
	// beginning of the text only; the editor gets the document through the socket.
	const preview = await measureSection(ctx, sectionId);
	// Review controls (SectionReview.svelte): what this person may do, and the latest change request.
	const reviewCan = reviewAbilities(actor, access, {
		id: section.id,
		state: section.state,
		reviewerId: section.reviewerId,
		authorIds: section.authors.map((a) => a.id)
	});
	const review = {
		can: reviewCan,
		changeRequest: section.state === 'changes_requested' ? await latestChangeRequest(ctx, sectionId) : null,
		// What requesting changes will point at: this reviewer's open threads in the text.
		places: reviewCan.requestChanges ? await openThreadsBy(ctx.db, sectionId, actor.id) : []
	};
	return {
		section,
		readOnly,
		suggestOnly: room === 'suggest',
		readOnlyReason: readOnly ? readOnlyReason(access, section.state) : null,
		comments,
		threads,
		versions,
		people,
		canComment: canComment(access),
		canVersion: can(actor, 'bid', 'writeSections', access),
		preview,
		review
	};
}
