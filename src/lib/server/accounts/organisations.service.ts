/** Organisations (legal members), their people and invitations. */
import { hashSecret } from '../auth/session';
import { logActivity } from '../activity';
import { withdrawAcceptancesForPeople } from '../split/acceptance';
import type { OrgRole, OrganisationKind, Organisation } from '../db/schema';
import { DomainError, invalid } from '../errors';
import { newId, newSecret } from '../ids';
import { authorize } from '../policies/index';
import type { Actor } from '../policies/actor';
import type { Ctx } from './accounts.service';

export const ORG_KINDS: Record<OrganisationKind, string> = {
	cae: "CAE (coopérative d'activité et d'emploi)",
	scop: 'SCOP',
	sas: 'SAS / SARL',
	micro: 'Micro-entreprise',
	other: 'Autre structure'
};

export const ORG_ROLES: Record<OrgRole, string> = {
	entrepreneur: 'Entrepreneur·e',
	support: "Chargé·e d'accompagnement",
	admin: 'Administrateur·rice'
};

const INVITE_TTL_MS = 14 * 24 * 3600 * 1000;

export interface OrganisationInput {
	name: string;
	kind: OrganisationKind;
	siret: string;
	contributionRateBp: number;
	region: string;
}

export async function createOrganisation(ctx: Ctx, actor: Actor, input: OrganisationInput): Promise<Organisation> {
	if (actor.organisationId) {
		throw new DomainError('conflict', 'Vous êtes déjà membre d’une organisation.', { _form: 'Vous êtes déjà membre d’une organisation.' });
	}
	const now = ctx.now();
	const org: Organisation = {
		id: newId(),
		name: input.name,
		kind: input.kind,
		siret: input.siret,
		contribution_rate_bp: input.contributionRateBp,
		region: input.region,
		created_at: now
	};
	return ctx.db.transaction().execute(async (trx) => {
		const dup = await trx.selectFrom('organisations').select('id').where('siret', '=', input.siret).executeTakeFirst();
		if (dup) throw invalid({ siret: 'Une organisation avec ce SIRET existe déjà : demandez une invitation à son administrateur.' });
		await trx.insertInto('organisations').values(org).execute();
		await trx
			.insertInto('memberships')
			.values({ id: newId(), organisation_id: org.id, user_id: actor.id, role: 'admin', contribution_rate_bp: null, created_at: now })
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: org.id,
			entity: 'organisation',
			entityId: org.id,
			action: 'created',
			after: input
		});
		return org;
	});
}

export async function updateOrganisation(ctx: Ctx, actor: Actor, orgId: string, input: OrganisationInput): Promise<void> {
	authorize(actor, 'organisation', 'update', { id: orgId });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
		const dup = await trx
			.selectFrom('organisations')
			.select('id')
			.where('siret', '=', input.siret)
			.where('id', '!=', orgId)
			.executeTakeFirst();
		if (dup) throw invalid({ siret: 'Une autre organisation utilise déjà ce SIRET.' });
		await trx
			.updateTable('organisations')
			.set({ name: input.name, kind: input.kind, siret: input.siret, contribution_rate_bp: input.contributionRateBp, region: input.region })
			.where('id', '=', orgId)
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: orgId,
			entity: 'organisation',
			entityId: orgId,
			action: 'updated',
			before: {
				name: before.name,
				kind: before.kind,
				siret: before.siret,
				contributionRateBp: before.contribution_rate_bp,
				region: before.region
			},
			after: input
		});
		if (before.contribution_rate_bp !== input.contributionRateBp) {
			const people = await trx
				.selectFrom('memberships')
				.select('user_id')
				.where('organisation_id', '=', orgId)
				.where('contribution_rate_bp', 'is', null)
				.execute();
			await withdrawAcceptancesForPeople(
				trx,
				people.map((p) => p.user_id),
				actor.id,
				'taux de contribution modifié',
				now
			);
		}
	});
}

export async function getOrganisationView(ctx: Ctx, actor: Actor, orgId: string) {
	authorize(actor, 'organisation', 'view', { id: orgId });
	const org = await ctx.db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
	const members = await ctx.db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select([
			'memberships.id as membershipId',
			'users.id as userId',
			'users.name',
			'users.email',
			'users.trade',
			'memberships.role',
			'memberships.contribution_rate_bp'
		])
		.where('memberships.organisation_id', '=', orgId)
		.orderBy('users.name')
		.execute();
	const invitations = await ctx.db
		.selectFrom('org_invitations')
		.select(['id', 'email', 'role', 'created_at', 'expires_at'])
		.where('organisation_id', '=', orgId)
		.where('used_at', 'is', null)
		.where('expires_at', '>', ctx.now())
		.orderBy('created_at', 'desc')
		.execute();
	return { org, members, invitations };
}

export async function inviteToOrganisation(
	ctx: Ctx,
	actor: Actor,
	orgId: string,
	email: string,
	role: OrgRole,
	origin: string
): Promise<void> {
	authorize(actor, 'organisation', 'invite', { id: orgId });
	const now = ctx.now();
	const existing = await ctx.db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.select('memberships.organisation_id')
		.where('users.email', '=', email)
		.executeTakeFirst();
	if (existing?.organisation_id === orgId) throw invalid({ email: 'Cette personne est déjà membre de votre organisation.' });
	const org = await ctx.db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
	const secret = newSecret();
	await ctx.db.transaction().execute(async (trx) => {
		const id = newId();
		await trx
			.insertInto('org_invitations')
			.values({
				id,
				organisation_id: orgId,
				email,
				role,
				token_hash: hashSecret(secret),
				invited_by: actor.id,
				created_at: now,
				expires_at: now + INVITE_TTL_MS,
				used_at: null
			})
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: orgId,
			entity: 'org_invitation',
			entityId: id,
			action: 'created',
			after: { email, role }
		});
	});
	await ctx.mailer.send({
		to: email,
		subject: `Cotrait : invitation à rejoindre ${org.name}`,
		body:
			`Bonjour,\n\nVous êtes invité·e à rejoindre ${org.name} sur Cotrait (rôle : ${ORG_ROLES[role]}).\n` +
			`Pour accepter, ouvrez ce lien (valable 14 jours) :\n${origin}/invitation/organisation/${secret}\n`
	});
}

export async function findOrgInvitation(ctx: Ctx, secret: string) {
	if (!/^[a-z2-7]{16,64}$/.test(secret)) return undefined;
	return ctx.db
		.selectFrom('org_invitations')
		.innerJoin('organisations', 'organisations.id', 'org_invitations.organisation_id')
		.select([
			'org_invitations.id',
			'org_invitations.email',
			'org_invitations.role',
			'org_invitations.organisation_id',
			'organisations.name as organisationName'
		])
		.where('token_hash', '=', hashSecret(secret))
		.where('used_at', 'is', null)
		.where('expires_at', '>', ctx.now())
		.executeTakeFirst();
}

export async function acceptOrgInvitation(ctx: Ctx, actor: Actor & { email: string }, secret: string): Promise<string> {
	const inv = await findOrgInvitation(ctx, secret);
	if (!inv) throw new DomainError('not_found', 'Cette invitation est invalide, a expiré ou a déjà été utilisée.');
	if (inv.email !== actor.email.toLowerCase()) {
		throw new DomainError('forbidden', `Cette invitation est destinée à ${inv.email}. Connectez-vous avec cette adresse pour l'accepter.`);
	}
	if (actor.organisationId)
		throw new DomainError(
			'conflict',
			'Vous êtes déjà membre d’une organisation : une personne ne peut appartenir qu’à une seule structure.'
		);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const used = await trx
			.updateTable('org_invitations')
			.set({ used_at: now })
			.where('id', '=', inv.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) throw new DomainError('conflict', 'Cette invitation a déjà été utilisée.');
		await trx
			.insertInto('memberships')
			.values({
				id: newId(),
				organisation_id: inv.organisation_id,
				user_id: actor.id,
				role: inv.role,
				contribution_rate_bp: null,
				created_at: now
			})
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: inv.organisation_id,
			entity: 'membership',
			entityId: actor.id,
			action: 'joined',
			after: { role: inv.role }
		});
	});
	return inv.organisation_id;
}

/** The admin sets (or clears, with null) a person's own contribution rate. */
export async function setMemberRate(ctx: Ctx, actor: Actor, orgId: string, userId: string, rateBp: number | null): Promise<void> {
	authorize(actor, 'organisation', 'setMemberRate', { id: orgId });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const m = await trx
			.selectFrom('memberships')
			.selectAll()
			.where('organisation_id', '=', orgId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!m) throw new DomainError('not_found', 'Page introuvable');
		await trx.updateTable('memberships').set({ contribution_rate_bp: rateBp }).where('id', '=', m.id).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: orgId,
			entity: 'membership',
			entityId: userId,
			action: 'rate_changed',
			before: { rateBp: m.contribution_rate_bp },
			after: { rateBp }
		});
		if (m.contribution_rate_bp !== rateBp) await withdrawAcceptancesForPeople(trx, [userId], actor.id, 'taux de contribution modifié', now);
	});
}
