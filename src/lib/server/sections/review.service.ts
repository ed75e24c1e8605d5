/**
 * Section review: brouillon → en relecture → validée (or « modifications demandées », back to
 * the authors). A validated section is locked: its room turns read-only live for everyone;
 * only the coordinator reopens it. Product choice: the coordinator may also validate a draft
 * directly (small groups often have no separate reviewer). Requesting changes points at places:
 * the reviewer's open threads anchored in the text are what is asked; the free text is then an
 * optional general remark (comment-threads.service.ts).
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { SectionState } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
import { notify } from '../notifications/notifications.repository';
import { reviewAbilities } from '../policies/section.policy';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { sectionRoom } from './state';
import { createVersion } from './snapshot';
import { measureSection } from './measure';
import { bidCoordinatorId, findSection, listAuthorIds, setStateIf } from './sections.repository';
import { formatParisShort } from '../../domain/dates';
import { countOf } from '../../format/plural';
import { openThreadsBy } from './comment-threads.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'> & Partial<Pick<AppContext, 'renderer'>>;

export const SECTION_STATES: Record<SectionState, string> = {
	draft: 'Brouillon',
	review: 'En relecture',
	changes_requested: 'Modifications demandées',
	validated: 'Validée'
};

async function loadReviewSection(ctx: Ctx, bidId: string, sectionId: string) {
	const s = await findSection(ctx.db, bidId, sectionId);
	if (!s) throw notFound();
	const authorIds = await listAuthorIds(ctx.db, sectionId);
	const coordinatorId = await bidCoordinatorId(ctx.db, bidId);
	return { id: s.id, title: s.title, state: s.state, reviewerId: s.reviewer_id, authorIds, coordinatorId };
}

/** What the authors are told when changes are requested: how many places, and the general remark. */
function changesMessage(title: string, places: number, comment: string): string {
	const where = places ? `${countOf(places, { one: 'passage commenté', other: 'passages commentés' })} dans le texte` : '';
	return `Modifications demandées sur « ${title} » : ${[where, comment].filter(Boolean).join(' — ')}`;
}

type Transition = 'requestReview' | 'validate' | 'requestChanges' | 'reopen';
const NEXT: Record<Transition, SectionState> = {
	requestReview: 'review',
	validate: 'validated',
	requestChanges: 'changes_requested',
	reopen: 'draft'
};
const REFUSED: Record<Transition, string> = {
	requestReview: 'Seul·es les auteur·rices ou la coordination peuvent demander une relecture d’une section en brouillon.',
	validate: 'Seul·es la relectrice ou le relecteur désigné·e et la coordination peuvent valider une section en relecture.',
	requestChanges: 'Seul·es la relectrice ou le relecteur désigné·e et la coordination peuvent demander des modifications.',
	reopen: 'Seule la coordination peut rouvrir une section validée.'
};

export async function transitionSection(
	ctx: Ctx,
	actor: Actor & { name: string },
	bidId: string,
	sectionId: string,
	transition: Transition,
	comment = ''
): Promise<SectionState> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const section = await loadReviewSection(ctx, bidId, sectionId);
	if (!reviewAbilities(actor, access, section)[transition]) {
		if (access.status !== 'draft') throw new DomainError('frozen', 'La réponse a été déposée : elle est figée.');
		throw new DomainError('forbidden', REFUSED[transition]);
	}
	// The places to change are the reviewer's open threads in the text; the free text is then optional.
	const places = transition === 'requestChanges' ? (await openThreadsBy(ctx.db, sectionId, actor.id)).length : 0;
	if (transition === 'requestChanges' && comment.trim().length === 0 && places === 0) {
		throw invalid({
			comment:
				'Commentaire : commentez les passages à modifier dans le texte (sélection puis « Commenter »), ou expliquez ici ce qu’il faut modifier.'
		});
	}
	// An empty section (nothing, spaces or titles only) would reach the buyer as a blank page.
	if (transition === 'validate' && (await measureSection(ctx, sectionId)).bodyCharacters === 0) {
		throw new DomainError('conflict', `« ${section.title} » est vide : écrivez son contenu avant de la valider.`);
	}
	const next = NEXT[transition];
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		if (!(await setStateIf(trx, sectionId, section.state, next)))
			throw new DomainError('conflict', 'La section a changé entre-temps : rechargez la page.');
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: sectionId,
			action: `review_${transition}`,
			// The title, so the activity page can name a section since renamed or deleted.
			before: { state: section.state, title: section.title },
			after: { state: next, ...(comment ? { comment } : {}), ...(places ? { places } : {}) }
		});
		const link = `/reponses/${bidId}/sections/${sectionId}`;
		const others = (ids: Array<string | null>) => [...new Set(ids.filter((x): x is string => Boolean(x) && x !== actor.id))];
		if (transition === 'requestReview') {
			await notify(
				trx,
				now,
				others([section.reviewerId ?? section.coordinatorId]).map((u) => ({
					userId: u,
					bidId,
					kind: 'review_requested',
					message: `${actor.name} demande une relecture de « ${section.title} ».`,
					link
				}))
			);
		} else if (transition === 'requestChanges') {
			await notify(
				trx,
				now,
				others(section.authorIds).map((u) => ({
					userId: u,
					bidId,
					kind: 'changes_requested',
					message: changesMessage(section.title, places, comment),
					link: places ? `${link}#commentaires` : link
				}))
			);
		} else if (transition === 'validate') {
			await notify(
				trx,
				now,
				others(section.authorIds).map((u) => ({
					userId: u,
					bidId,
					kind: 'section_validated',
					message: `« ${section.title} » a été validée par ${actor.name}.`,
					link
				}))
			);
		}
	});
	// Locking or unlocking changes who may write, and « en relecture » makes the reviewer only
	// suggest (policies/suggestion.policy.ts): connected editors switch live.
	await ctx.collab?.refreshAccess(sectionRoom(sectionId));
	if (transition === 'validate') {
		// Taken after the writers were switched to read-only, from the live room: every edit the
		// server accepted before the lock is in this version.
		await createVersion(
			ctx.db,
			{ sectionId, name: `Validée le ${formatParisShort(now)} par ${actor.name}`, userId: actor.id, kind: 'validation', now },
			ctx.collab
		);
	}
	return next;
}
