/**
 * « Demander à suivre » (issue 20, item 2): a support person who sees a bid's summary asks its
 * coordinator's consent to follow it; the coordinator accepts (she becomes an observer, with
 * what the bid policy allows an observer) or refuses, on the bid's overview. Each step is logged
 * and the other side is told in-app (and by e-mail when configured).
 *
 * Decision: an observer is not a party to the groupement, so a follow request may be accepted in
 * any state of the bid, submitted and decided included (the cooperative follows the award too).
 */
import type { AppContext } from '../context';
import { DomainError, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import { logActivity } from '../activity.repository';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canAccompany } from '../policies/accompaniment.policy';
import { authorizeBid } from '../bids/bid-access';
import { getBidAccessRow, insertMember } from '../bids/bids.repository';
import { findOrganisationName } from '../accounts/organisations.repository';
import {
	decideFollowRow,
	findBidHead,
	findPendingFollow,
	insertFollowRequest,
	listParticipantOrganisations,
	listPendingFollowBidIds,
	listPendingFollows
} from './accompaniment.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/** Asks the bid's coordinator to add the actor as an observer. */
export async function requestFollow(ctx: Ctx, actor: Actor & { name: string }, bidId: string): Promise<string> {
	const head = await findBidHead(ctx.db, bidId);
	if (!head) throw notFound();
	const target = {
		bidRole: (await getBidAccessRow(ctx.db, bidId, actor.id))?.role ?? null,
		participantOrganisations: await listParticipantOrganisations(ctx.db, bidId),
		pendingFollow: (await listPendingFollowBidIds(ctx.db, actor.id)).has(bidId)
	};
	if (!canAccompany(actor, 'viewSummary', target)) throw notFound();
	if (target.bidRole !== null) throw new DomainError('conflict', 'Vous suivez déjà cette réponse.');
	if (!canAccompany(actor, 'requestFollow', target))
		throw new DomainError('conflict', 'Votre demande attend déjà la réponse de la coordination.');
	const id = newId();
	const now = ctx.now();
	const organisation = (await findOrganisationName(ctx.db, actor.organisationId!)) ?? '';
	await ctx.db.transaction().execute(async (trx) => {
		await insertFollowRequest(trx, {
			id,
			bid_id: bidId,
			user_id: actor.id,
			organisation_id: actor.organisationId!,
			status: 'pending',
			created_at: now,
			decided_at: null,
			decided_by: null
		});
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: actor.organisationId,
			bidId,
			entity: 'follow_request',
			entityId: id,
			action: 'created'
		});
		await notify(trx, now, [
			{
				userId: head.coordinatorId,
				bidId,
				kind: 'follow_requested',
				message: `${actor.name} (${organisation}) demande à suivre la réponse « ${head.title} » comme observatrice ou observateur.`,
				link: `/reponses/${bidId}#suivi`
			}
		]);
	});
	return id;
}

/** The bid overview's accompaniment block: follow requests waiting (for its coordinator) and its `can` flags. */
export async function bidAccompaniment(ctx: Ctx, actor: Actor, bidId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const decide = canAccompany(actor, 'decideFollow', { bidRole: access.role });
	return {
		followRequests: decide ? await listPendingFollows(ctx.db, bidId) : [],
		can: { decideFollow: decide, askHelp: canAccompany(actor, 'askHelp', { bidRole: access.role }) }
	};
}

/** The coordinator accepts (the asker becomes an observer) or refuses a follow request. */
export async function decideFollow(ctx: Ctx, actor: Actor, bidId: string, requestId: string, accept: boolean): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	if (!canAccompany(actor, 'decideFollow', { bidRole: access.role }))
		throw forbidden('Seule la coordination accepte ou refuse une demande de suivi.');
	const request = await findPendingFollow(ctx.db, bidId, requestId);
	if (!request) throw new DomainError('conflict', 'Cette demande a déjà été traitée.');
	const head = (await findBidHead(ctx.db, bidId))!;
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		if (!(await decideFollowRow(trx, requestId, accept ? 'accepted' : 'refused', now, actor.id)))
			throw new DomainError('conflict', 'Cette demande a déjà été traitée.');
		if (accept)
			await insertMember(trx, {
				bid_id: bidId,
				user_id: request.user_id,
				organisation_id: request.organisation_id,
				role: 'observer',
				joined_at: now
			});
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'follow_request',
			entityId: requestId,
			action: accept ? 'accepted' : 'refused',
			after: { userId: request.user_id }
		});
		await notify(trx, now, [
			{
				userId: request.user_id,
				bidId,
				kind: accept ? 'follow_accepted' : 'follow_refused',
				message: accept
					? `La coordination a accepté que vous suiviez la réponse « ${head.title} » : vous en êtes observatrice ou observateur.`
					: `La coordination a refusé votre demande de suivre la réponse « ${head.title} ».`,
				link: accept ? `/reponses/${bidId}` : '/accompagnement'
			}
		]);
	});
}
