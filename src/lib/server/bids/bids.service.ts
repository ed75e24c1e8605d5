/**
 * Bids (« réponses »): the group answering one call for tenders, its members and
 * invitations, the form of the groupement, the activity timeline.
 */
import { logActivity } from '../activity';
import { hashSecret } from '../auth/session';
import type { AppContext } from '../context';
import type { BidForm, BidRole } from '../db/schema';
import type { DB } from '../db/index';
import { DomainError, invalid, notFound } from '../errors';
import { newId, newSecret } from '../ids';
import { notify } from '../notifications/notifications.service';
import type { Actor } from '../policies/actor';
import type { BidAccess } from '../policies/bid.policy';
import { withdrawAcceptances } from '../split/acceptance';
import { syncRequirementItems } from '../requirements/sync';
import { authorizeBid } from './bid-access';
import { listBidLots } from './bids.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export const BID_FORMS: Record<BidForm, string> = {
	unique: 'Candidature unique (une seule structure, pas de groupement)',
	conjoint: 'Groupement conjoint',
	conjoint_solidaire: 'Groupement conjoint avec mandataire solidaire',
	solidaire: 'Groupement solidaire'
};

export const BID_ROLES: Record<BidRole, string> = {
	coordinator: 'Coordinateur·rice',
	member: 'Membre',
	observer: 'Observateur·rice'
};

export const DEFAULT_OUTLINE = [
	'Présentation du groupement',
	'Compréhension du besoin',
	'Méthodologie',
	'Moyens humains',
	'Planning',
	'Références',
	'Démarche environnementale'
];

const INVITE_TTL_MS = 21 * 24 * 3600 * 1000;
export const DEFAULT_FREEZE_BEFORE_MS = 24 * 3600 * 1000;

/** The group's form follows from its members: one organisation → « candidature unique ». */
export function effectiveForm(chosen: BidForm, organisationCount: number): BidForm {
	if (organisationCount <= 1) return 'unique';
	return chosen === 'unique' ? 'conjoint' : chosen;
}

export async function createBid(ctx: Ctx, actor: Actor, tenderId: string, lotIds: string[]): Promise<string> {
	if (!actor.organisationId || actor.orgRole === 'support') {
		throw new DomainError('forbidden', 'Pour coordonner une réponse, rattachez-vous à votre organisation en tant qu’entrepreneur·e.');
	}
	const tender = await ctx.db.selectFrom('tenders').select(['id', 'dlro', 'created_by']).where('id', '=', tenderId).executeTakeFirst();
	if (!tender) throw notFound();
	const lots = await ctx.db.selectFrom('lots').select(['id', 'number']).where('tender_id', '=', tenderId).orderBy('number').execute();
	if (lots.length === 0) throw invalid({ lots: "Ajoutez d'abord au moins un lot à l'appel d'offres." });
	const chosen = lots.filter((l) => lotIds.includes(l.id));
	if (chosen.length === 0) throw invalid({ lots: 'Choisissez au moins un lot auquel répondre.' });
	const now = ctx.now();
	if (tender.dlro <= now) throw new DomainError('deadline_passed', 'La date limite de remise des offres est passée.');
	const id = newId();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('bids')
			.values({
				id,
				tender_id: tenderId,
				coordinator_id: actor.id,
				mandataire_org_id: actor.organisationId!,
				form: 'unique',
				fee_rate_bp: 0,
				status: 'draft',
				internal_freeze_at: Math.max(now, tender.dlro - DEFAULT_FREEZE_BEFORE_MS),
				submitted_at: null,
				decided_at: null,
				created_at: now
			})
			.execute();
		await trx
			.insertInto('bid_lots')
			.values(chosen.map((l) => ({ bid_id: id, lot_id: l.id })))
			.execute();
		await trx
			.insertInto('bid_members')
			.values({ bid_id: id, user_id: actor.id, organisation_id: actor.organisationId!, role: 'coordinator', joined_at: now })
			.execute();
		let position = 0;
		for (const lot of chosen) {
			for (const title of DEFAULT_OUTLINE) {
				const sectionId = newId();
				await trx
					.insertInto('sections')
					.values({
						id: sectionId,
						bid_id: id,
						lot_id: lot.id,
						position: position++,
						title,
						reviewer_id: null,
						limit_kind: 'none',
						limit_value: null,
						criterion: '',
						due_at: null,
						state: 'draft',
						created_at: now
					})
					.execute();
				await trx.insertInto('section_authors').values({ section_id: sectionId, user_id: actor.id }).execute();
			}
		}
		await syncRequirementItems(trx, id);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId: id,
			entity: 'bid',
			entityId: id,
			action: 'created',
			after: { lots: chosen.map((l) => l.number) }
		});
	});
	return id;
}

export async function setBidLots(ctx: Ctx, actor: Actor, bidId: string, lotIds: string[]): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const bid = await ctx.db.selectFrom('bids').select('tender_id').where('id', '=', bidId).executeTakeFirstOrThrow();
	const lots = await ctx.db.selectFrom('lots').select(['id', 'number']).where('tender_id', '=', bid.tender_id).execute();
	const chosen = lots.filter((l) => lotIds.includes(l.id));
	if (chosen.length === 0) throw invalid({ lots: 'Choisissez au moins un lot auquel répondre.' });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const dropped = lots.filter((l) => !lotIds.includes(l.id)).map((l) => l.id);
		if (dropped.length) {
			const used = await trx
				.selectFrom('deliverables')
				.select('id')
				.where('bid_id', '=', bidId)
				.where('lot_id', 'in', dropped)
				.executeTakeFirst();
			if (used) throw invalid({ lots: 'Un lot retiré a encore des prestations : supprimez-les d’abord.' });
		}
		await trx.deleteFrom('bid_lots').where('bid_id', '=', bidId).execute();
		await trx
			.insertInto('bid_lots')
			.values(chosen.map((l) => ({ bid_id: bidId, lot_id: l.id })))
			.execute();
		await syncRequirementItems(trx, bidId);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'lots_changed',
			after: { lots: chosen.map((l) => l.number) }
		});
	});
}

export async function setBidForm(ctx: Ctx, actor: Actor, bidId: string, form: BidForm): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('bids').select('form').where('id', '=', bidId).executeTakeFirstOrThrow();
		const orgs = await trx
			.selectFrom('bid_members')
			.select('organisation_id')
			.distinct()
			.where('bid_id', '=', bidId)
			.where('role', '!=', 'observer')
			.execute();
		if (orgs.length <= 1 && form !== 'unique') {
			throw invalid({ form: 'Tous les membres viennent de la même structure : c’est une candidature unique, sans groupement.' });
		}
		if (orgs.length > 1 && form === 'unique') throw invalid({ form: 'Plusieurs structures : choisissez la forme du groupement.' });
		await trx.updateTable('bids').set({ form }).where('id', '=', bidId).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'form_changed',
			before: { form: before.form },
			after: { form }
		});
	});
}

/** Keeps the stored form consistent after membership changes. */
async function refreshForm(trx: DB, bidId: string): Promise<void> {
	const bid = await trx.selectFrom('bids').select('form').where('id', '=', bidId).executeTakeFirstOrThrow();
	const orgs = await trx
		.selectFrom('bid_members')
		.select('organisation_id')
		.distinct()
		.where('bid_id', '=', bidId)
		.where('role', '!=', 'observer')
		.execute();
	const next = effectiveForm(bid.form, orgs.length);
	if (next !== bid.form) await trx.updateTable('bids').set({ form: next }).where('id', '=', bidId).execute();
}

export interface InviteTarget {
	email: string;
	role: 'member' | 'observer';
}

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
	const user = await ctx.db
		.selectFrom('users')
		.leftJoin('memberships', 'memberships.user_id', 'users.id')
		.select(['users.id', 'users.name', 'memberships.organisation_id', 'memberships.role as orgRole'])
		.where('users.email', '=', email)
		.executeTakeFirst();
	if (user) {
		const already = await ctx.db
			.selectFrom('bid_members')
			.select('user_id')
			.where('bid_id', '=', bidId)
			.where('user_id', '=', user.id)
			.executeTakeFirst();
		if (already) throw invalid({ email: `${user.name} fait déjà partie de la réponse.` });
	}
	const pending = await ctx.db
		.selectFrom('bid_invitations')
		.select('id')
		.where('bid_id', '=', bidId)
		.where('email', '=', email)
		.where('status', '=', 'pending')
		.where('expires_at', '>', now)
		.executeTakeFirst();
	if (pending) throw invalid({ email: 'Une invitation est déjà en attente pour cette adresse.' });
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['tenders.title', 'tenders.buyer'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	// Support staff always join as read-only observers.
	const role: BidRole = user?.orgRole === 'support' ? 'observer' : target.role;
	const secret = newSecret();
	const invitationId = newId();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('bid_invitations')
			.values({
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
			})
			.execute();
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

export async function findBidInvitation(ctx: Pick<Ctx, 'db' | 'now'>, secret: string) {
	if (!/^[a-z2-7]{16,64}$/.test(secret)) return undefined;
	return ctx.db
		.selectFrom('bid_invitations')
		.innerJoin('bids', 'bids.id', 'bid_invitations.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('users', 'users.id', 'bid_invitations.invited_by')
		.select([
			'bid_invitations.id',
			'bid_invitations.bid_id',
			'bid_invitations.email',
			'bid_invitations.role',
			'bid_invitations.status',
			'tenders.title',
			'tenders.buyer',
			'tenders.dlro',
			'users.name as invitedBy'
		])
		.where('bid_invitations.token_hash', '=', hashSecret(secret))
		.where('bid_invitations.expires_at', '>', ctx.now())
		.executeTakeFirst();
}

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
		const bid = await trx.selectFrom('bids').select(['status', 'coordinator_id']).where('id', '=', inv.bid_id).executeTakeFirstOrThrow();
		if (accept && bid.status !== 'draft') throw new DomainError('frozen', 'La réponse a été déposée : le groupement ne peut plus changer.');
		const done = await trx
			.updateTable('bid_invitations')
			.set({ status: accept ? 'accepted' : 'declined', user_id: actor.id })
			.where('id', '=', inv.id)
			.where('status', '=', 'pending')
			.executeTakeFirst();
		if (Number(done.numUpdatedRows) !== 1) throw new DomainError('conflict', 'Cette invitation a déjà reçu une réponse.');
		if (accept) {
			const role: BidRole = actor.orgRole === 'support' ? 'observer' : inv.role;
			await trx
				.insertInto('bid_members')
				.values({ bid_id: inv.bid_id, user_id: actor.id, organisation_id: actor.organisationId!, role, joined_at: now })
				.onConflict((oc) => oc.doNothing())
				.execute();
			await refreshForm(trx, inv.bid_id);
			await syncRequirementItems(trx, inv.bid_id);
			if (role !== 'observer') await withdrawAcceptances(trx, inv.bid_id, actor.id, 'nouveau membre', now);
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
		const member = await trx
			.selectFrom('bid_members')
			.selectAll()
			.where('bid_id', '=', bidId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!member) throw notFound();
		if (member.role === 'coordinator')
			throw new DomainError('conflict', 'La coordinatrice ou le coordinateur ne peut pas quitter la réponse.');
		const lines = await trx
			.selectFrom('deliverable_assignees')
			.innerJoin('deliverables', 'deliverables.id', 'deliverable_assignees.deliverable_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('deliverables.bid_id', '=', bidId)
			.where('deliverable_assignees.user_id', '=', userId)
			.executeTakeFirst();
		if (Number(lines?.n ?? 0) > 0) {
			throw new DomainError(
				'conflict',
				`Cette personne a encore ${lines!.n} prestation(s) : réaffectez-les avant de la retirer du groupement.`
			);
		}
		await trx
			.deleteFrom('section_authors')
			.where('user_id', '=', userId)
			.where('section_id', 'in', trx.selectFrom('sections').select('id').where('bid_id', '=', bidId))
			.execute();
		await trx.updateTable('sections').set({ reviewer_id: null }).where('bid_id', '=', bidId).where('reviewer_id', '=', userId).execute();
		await trx.updateTable('requirement_items').set({ owner_id: null }).where('bid_id', '=', bidId).where('owner_id', '=', userId).execute();
		await trx.deleteFrom('split_acceptances').where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
		await trx.deleteFrom('bid_members').where('bid_id', '=', bidId).where('user_id', '=', userId).execute();
		await refreshForm(trx, bidId);
		await syncRequirementItems(trx, bidId);
		if (member.role !== 'observer') await withdrawAcceptances(trx, bidId, actorId, 'membre retiré', now);
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

export async function removeMember(ctx: Ctx, actor: Actor, bidId: string, userId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'removeMember');
	await removeFromBid(ctx, actor.id, bidId, userId, 'removed');
}

export async function leaveBid(ctx: Ctx, actor: Actor, bidId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'leave');
	await removeFromBid(ctx, actor.id, bidId, actor.id, 'left');
}

export async function setInternalFreeze(ctx: Ctx, actor: Actor, bidId: string, at: number): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'manage');
	if (at > access.dlro) throw invalid({ freeze: 'Le gel interne doit précéder la date limite de remise des offres.' });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx.updateTable('bids').set({ internal_freeze_at: at }).where('id', '=', bidId).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'freeze_changed',
			before: { at: access.internalFreezeAt },
			after: { at }
		});
	});
	ctx.collab?.refreshAccess('section/');
}

/** Members with their legal member (organisation), coordinator first. */
export async function listMembers(db: DB, bidId: string) {
	return db
		.selectFrom('bid_members')
		.innerJoin('users', 'users.id', 'bid_members.user_id')
		.innerJoin('organisations', 'organisations.id', 'bid_members.organisation_id')
		.select([
			'users.id',
			'users.name',
			'users.email',
			'users.trade',
			'bid_members.role',
			'bid_members.organisation_id as organisationId',
			'organisations.name as organisationName'
		])
		.where('bid_members.bid_id', '=', bidId)
		.orderBy((eb) =>
			eb.case().when('bid_members.role', '=', 'coordinator').then(0).when('bid_members.role', '=', 'member').then(1).else(2).end()
		)
		.orderBy('users.name')
		.execute();
}

/** The bid's header data: tender, lots answered, members, form. */
export async function getBidSummary(ctx: Pick<Ctx, 'db' | 'now'>, access: BidAccess) {
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('organisations', 'organisations.id', 'bids.mandataire_org_id')
		.select([
			'bids.id',
			'bids.tender_id as tenderId',
			'bids.status',
			'bids.form',
			'bids.fee_rate_bp as feeRateBp',
			'bids.coordinator_id as coordinatorId',
			'bids.internal_freeze_at as internalFreezeAt',
			'bids.submitted_at as submittedAt',
			'tenders.title',
			'tenders.buyer',
			'tenders.reference',
			'tenders.dlro',
			'tenders.platform_url as platformUrl',
			'organisations.name as mandataireName'
		])
		.where('bids.id', '=', access.id)
		.executeTakeFirstOrThrow();
	const lots = await listBidLots(ctx.db, access.id);
	const members = await listMembers(ctx.db, access.id);
	return { bid, lots, members };
}

export async function listActivity(db: DB, bidId: string, limit = 100) {
	return db
		.selectFrom('activity')
		.leftJoin('users', 'users.id', 'activity.actor_id')
		.select([
			'activity.id',
			'activity.at',
			'activity.entity',
			'activity.action',
			'activity.before',
			'activity.after',
			'users.name as actorName'
		])
		.where('activity.bid_id', '=', bidId)
		.orderBy('activity.at', 'desc')
		.orderBy('activity.id', 'desc')
		.limit(limit)
		.execute();
}

export async function listPendingInvitations(db: DB, bidId: string, now: number) {
	return db
		.selectFrom('bid_invitations')
		.select(['id', 'email', 'role', 'created_at'])
		.where('bid_id', '=', bidId)
		.where('status', '=', 'pending')
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.execute();
}
