/**
 * Who is in the group: inviting someone (e-mail and in-app notice), answering an invitation
 * (joining; the invitation page says up front what stands in the way: a frozen bid, another
 * account, no organisation yet), removing a member or leaving. Every change keeps the group's
 * form and the bid's pieces in step with the members and withdraws the split's acceptances, in
 * one transaction.
 */
import { logActivity } from '../activity.repository';
import { hashSecret } from '../auth/session';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError, invalid, notFound } from '../errors';
import { newId, newSecret } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canBeRemoved, isParticipant, joiningRole } from '../policies/bid-member.policy';
import { withdrawAcceptances } from '../split/acceptance';
import { syncRequirementItems } from '../requirements/sync';
import { authorizeBid } from './bid-access';
import { BID_ROLES, effectiveForm, INVITE_TTL_MS } from './bid-rules';
import {
	countAssignedLines,
	countParticipantOrganisations,
	deleteMember,
	getBid,
	getBidTenderTitle,
	getMember,
	insertMember,
	updateBidForm
} from './bids.repository';
import { releaseSectionWork } from '../sections/sections.repository';
import { releaseItemOwnership } from '../requirements/requirements.repository';
import { deleteAcceptance } from '../split/split.repository';
import { listMyPendingJoinRequests } from '../accounts/organisations.repository';
import { answerInvitation, findInvitationByTokenHash, findInvitee, hasPendingInvitation, insertInvitation } from './invitations.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

/** Keeps the stored form consistent after membership changes. */
async function refreshForm(trx: DB, bidId: string): Promise<void> {
	const bid = await getBid(trx, bidId);
	const next = effectiveForm(bid.form, await countParticipantOrganisations(trx, bidId));
	if (next !== bid.form) await updateBidForm(trx, bidId, next);
}

export interface InviteTarget {
	email: string;
	role: 'member' | 'observer';
}

/** Invites an address to the bid: a pending invitation, an in-app notice if they have an account, and an e-mail with the link. */
export async function inviteToBid(
	ctx: Ctx,
	actor: Actor & { name: string },
	bidId: string,
	target: InviteTarget,
	origin: string
): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'invite');
	const email = target.email.toLowerCase();
	const now = ctx.now();
	const user = await findInvitee(ctx.db, email);
	if (user && (await getMember(ctx.db, bidId, user.id))) throw invalid({ email: `${user.name} fait déjà partie de la réponse.` });
	if (await hasPendingInvitation(ctx.db, bidId, email, now))
		throw invalid({ email: 'Une invitation est déjà en attente pour cette adresse.' });
	const bid = await getBidTenderTitle(ctx.db, bidId);
	const role = joiningRole(user?.orgRole, target.role);
	const secret = newSecret();
	const invitationId = newId();
	await ctx.db.transaction().execute(async (trx) => {
		await insertInvitation(trx, {
			id: invitationId,
			bid_id: bidId,
			email,
			user_id: user?.id ?? null,
			role,
			token_hash: hashSecret(secret),
			invited_by: actor.id,
			status: 'pending',
			created_at: now,
			expires_at: now + INVITE_TTL_MS
		});
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid_invitation',
			entityId: invitationId,
			action: 'created',
			after: { email, role }
		});
		if (user) {
			await notify(trx, now, [
				{
					userId: user.id,
					bidId,
					kind: 'invited',
					message: `${actor.name} vous invite à la réponse « ${bid.title} » (${bid.buyer}).`,
					link: `/invitation/reponse/${secret}`
				}
			]);
		}
	});
	await ctx.mailer.send({
		to: email,
		subject: `Cotrait : invitation à répondre ensemble à « ${bid.title} »`,
		body:
			`Bonjour,\n\n${actor.name} vous invite à rejoindre sa réponse à l'appel d'offres « ${bid.title} » (${bid.buyer}) sur Cotrait` +
			` en tant que ${BID_ROLES[role].toLowerCase()}.\n\nPour accepter ou refuser, ouvrez ce lien (valable 21 jours) :\n${origin}/invitation/reponse/${secret}\n`
	});
}

/** The unexpired invitation behind a link's secret, or undefined (a malformed secret is not looked up). */
export async function findBidInvitation(ctx: Pick<Ctx, 'db' | 'now'>, secret: string) {
	if (!/^[a-z2-7]{16,64}$/.test(secret)) return undefined;
	return findInvitationByTokenHash(ctx.db, hashSecret(secret), ctx.now());
}

/**
 * What stands between the visitor and accepting, in the order they meet it: `frozen` (the bid
 * was submitted: nobody can join any more), `signIn` (anonymous), `otherAccount` (signed in with
 * another address), `organisation` (no organisation yet: the group's member is a legal entity;
 * `pendingJoins` names the organisations they already asked to join), or `ready`.
 */
export type InvitationStep = 'frozen' | 'signIn' | 'otherAccount' | 'organisation' | 'ready';

/** The invitation page: the invitation behind the link (undefined when invalid, expired or answered) and the visitor's next step. */
export async function getBidInvitationPage(ctx: Pick<Ctx, 'db' | 'now'>, actor: (Actor & { email: string }) | null, secret: string) {
	const inv = await findBidInvitation(ctx, secret);
	if (!inv || inv.status !== 'pending') return undefined;
	let step: InvitationStep;
	let pendingJoins: string[] = [];
	if (inv.bidStatus !== 'draft') step = 'frozen';
	else if (!actor) step = 'signIn';
	else if (actor.email.toLowerCase() !== inv.email) step = 'otherAccount';
	else if (!actor.organisationId) {
		step = 'organisation';
		pendingJoins = (await listMyPendingJoinRequests(ctx.db, actor.id)).map((r) => r.organisationName);
	} else step = 'ready';
	return {
		invitation: {
			title: inv.title,
			buyer: inv.buyer,
			dlro: inv.dlro,
			invitedBy: inv.invitedBy,
			role: inv.role,
			email: inv.email,
			expiresAt: inv.expires_at,
			submittedAt: inv.bidSubmittedAt
		},
		step,
		pendingJoins
	};
}

/** Accepts (joins the group) or declines an invitation addressed to the actor; returns the bid's id. */
export async function respondToBidInvitation(
	ctx: Ctx,
	actor: Actor & { email: string; name: string },
	secret: string,
	accept: boolean
): Promise<string> {
	const inv = await findBidInvitation(ctx, secret);
	if (!inv || inv.status !== 'pending')
		throw new DomainError('not_found', 'Cette invitation est invalide, a expiré ou a déjà reçu une réponse.');
	if (inv.email !== actor.email.toLowerCase()) {
		throw new DomainError('forbidden', `Cette invitation est destinée à ${inv.email}. Connectez-vous avec cette adresse pour y répondre.`);
	}
	if (accept && !actor.organisationId) {
		throw new DomainError(
			'conflict',
			'Rattachez-vous d’abord à votre organisation (page Organisation) : c’est elle qui sera membre du groupement.'
		);
	}
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const bid = await getBid(trx, inv.bid_id);
		if (accept && bid.status !== 'draft') throw new DomainError('frozen', 'La réponse a été déposée : le groupement ne peut plus changer.');
		if (!(await answerInvitation(trx, inv.id, accept ? 'accepted' : 'declined', actor.id))) {
			throw new DomainError('conflict', 'Cette invitation a déjà reçu une réponse.');
		}
		if (accept) {
			const role = joiningRole(actor.orgRole, inv.role);
			await insertMember(trx, { bid_id: inv.bid_id, user_id: actor.id, organisation_id: actor.organisationId!, role, joined_at: now });
			await refreshForm(trx, inv.bid_id);
			await syncRequirementItems(trx, inv.bid_id);
			if (isParticipant(role)) await withdrawAcceptances(trx, inv.bid_id, actor.id, 'nouveau membre', now);
		}
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId: inv.bid_id,
			entity: 'bid_member',
			entityId: actor.id,
			action: accept ? 'joined' : 'declined',
			after: { role: inv.role }
		});
		await notify(trx, now, [
			{
				userId: bid.coordinator_id,
				bidId: inv.bid_id,
				kind: accept ? 'invitation_accepted' : 'invitation_declined',
				message: `${actor.name} a ${accept ? 'accepté' : 'décliné'} l'invitation à la réponse « ${inv.title} ».`,
				link: `/reponses/${inv.bid_id}`
			}
		]);
	});
	return inv.bid_id;
}

async function removeFromBid(ctx: Ctx, actorId: string, bidId: string, userId: string, action: 'removed' | 'left'): Promise<void> {
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const member = await getMember(trx, bidId, userId);
		if (!member) throw notFound();
		if (!canBeRemoved(member.role))
			throw new DomainError('conflict', 'La coordinatrice ou le coordinateur ne peut pas quitter la réponse.');
		const lines = await countAssignedLines(trx, bidId, userId);
		if (lines > 0) {
			throw new DomainError(
				'conflict',
				`Cette personne a encore ${lines} prestation(s) : réaffectez-les avant de la retirer du groupement.`
			);
		}
		await releaseSectionWork(trx, bidId, userId);
		await releaseItemOwnership(trx, bidId, userId);
		await deleteAcceptance(trx, bidId, userId);
		await deleteMember(trx, bidId, userId);
		await refreshForm(trx, bidId);
		await syncRequirementItems(trx, bidId);
		if (isParticipant(member.role)) await withdrawAcceptances(trx, bidId, actorId, 'membre retiré', now);
		await logActivity(trx, now, { actorId, bidId, entity: 'bid_member', entityId: userId, action, before: { role: member.role } });
		if (action === 'removed') {
			await notify(trx, now, [
				{ userId, bidId, kind: 'removed', message: 'Vous avez été retiré·e d’une réponse par sa coordination.', link: '/tableau-de-bord' }
			]);
		}
	});
	// Their open editors lose access now.
	ctx.collab?.refreshAccess(`section/`);
}

/** The coordinator takes a member (not themself) out of the group. */
export async function removeMember(ctx: Ctx, actor: Actor, bidId: string, userId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'removeMember');
	await removeFromBid(ctx, actor.id, bidId, userId, 'removed');
}

/** A member or observer leaves the group. */
export async function leaveBid(ctx: Ctx, actor: Actor, bidId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'leave');
	await removeFromBid(ctx, actor.id, bidId, actor.id, 'left');
}
