/**
 * Organisation use cases: create and update an organisation (legal member), its page (with the
 * requests to join waiting for its admins), inviting people and their joining, each person's
 * contribution rate. The SQL is in
 * organisations.repository.ts.
 */
import { hashSecret } from '../auth/session';
import { logActivity } from '../activity.repository';
import { withdrawAcceptancesForPeople } from '../split/acceptance';
import type { OrgRole, OrganisationKind, Organisation } from '../db/schema';
import { DomainError, invalid } from '../errors';
import { newId, newSecret } from '../ids';
import { authorize, can } from '../policies/index';
import type { Actor } from '../policies/actor';
import type { Ctx } from './accounts.service';
import {
	consumeOrgInvitation,
	findLiveOrgInvitation,
	findMembership,
	findOrganisationBySiret,
	findOrganisationIdByEmail,
	getOrganisation,
	insertMembership,
	insertOrganisation,
	insertOrgInvitation,
	listOrganisationMembers,
	listPendingJoinRequests,
	listPendingOrgInvitations,
	listPeopleOnDefaultRate,
	setMembershipRate,
	siretTaken,
	updateOrganisationColumns
} from './organisations.repository';

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
		const owner = await findOrganisationBySiret(trx, input.siret);
		// Who knows a SIRET learns only the organisation's name (public in the SIRENE register),
		// never its administrators' names or addresses (docs/DOMAIN.md « Joining an organisation »).
		if (owner)
			throw invalid({
				siret: `${owner.name} utilise déjà ce SIRET sur Cotrait. Demandez à rejoindre cette organisation : ses administrateurs recevront votre demande.`,
				siretOwner: owner.name
			});
		await insertOrganisation(trx, org);
		await insertMembership(trx, {
			id: newId(),
			organisation_id: org.id,
			user_id: actor.id,
			role: 'admin',
			contribution_rate_bp: null,
			created_at: now
		});
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
		const before = await getOrganisation(trx, orgId);
		if (await siretTaken(trx, input.siret, orgId)) throw invalid({ siret: 'Une autre organisation utilise déjà ce SIRET.' });
		await updateOrganisationColumns(trx, orgId, {
			name: input.name,
			kind: input.kind,
			siret: input.siret,
			contribution_rate_bp: input.contributionRateBp,
			region: input.region
		});
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
			const people = await listPeopleOnDefaultRate(trx, orgId);
			await withdrawAcceptancesForPeople(trx, people, actor.id, 'taux de contribution modifié', now);
		}
	});
}

export async function getOrganisationView(ctx: Ctx, actor: Actor, orgId: string) {
	authorize(actor, 'organisation', 'view', { id: orgId });
	const org = await getOrganisation(ctx.db, orgId);
	const members = await listOrganisationMembers(ctx.db, orgId);
	const invitations = await listPendingOrgInvitations(ctx.db, orgId, ctx.now());
	// Only those who decide see who asks to join.
	const joinRequests = can(actor, 'organisation', 'answerJoinRequest', { id: orgId }) ? await listPendingJoinRequests(ctx.db, orgId) : [];
	return { org, members, invitations, joinRequests };
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
	if ((await findOrganisationIdByEmail(ctx.db, email)) === orgId)
		throw invalid({ email: 'Cette personne est déjà membre de votre organisation.' });
	const org = await getOrganisation(ctx.db, orgId);
	const secret = newSecret();
	await ctx.db.transaction().execute(async (trx) => {
		const id = newId();
		await insertOrgInvitation(trx, {
			id,
			organisation_id: orgId,
			email,
			role,
			token_hash: hashSecret(secret),
			invited_by: actor.id,
			created_at: now,
			expires_at: now + INVITE_TTL_MS,
			used_at: null
		});
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
	return findLiveOrgInvitation(ctx.db, hashSecret(secret), ctx.now());
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
		if (!(await consumeOrgInvitation(trx, inv.id, now))) throw new DomainError('conflict', 'Cette invitation a déjà été utilisée.');
		await insertMembership(trx, {
			id: newId(),
			organisation_id: inv.organisation_id,
			user_id: actor.id,
			role: inv.role,
			contribution_rate_bp: null,
			created_at: now
		});
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
		const m = await findMembership(trx, orgId, userId);
		if (!m) throw new DomainError('not_found', 'Page introuvable');
		await setMembershipRate(trx, m.id, rateBp);
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
