/**
 * « Demander à rejoindre » an organisation: a person without one asks by its SIRET, its admins
 * are told (in-app, and by e-mail through the notification job) and accept or refuse on the
 * organisation page; accepting gives the membership an invitation would (one organisation per
 * person), and the person is told either way. The SQL is in organisations.repository.ts.
 */
import { logActivity } from '../activity.repository';
import type { OrgRole } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import { authorize } from '../policies/index';
import type { Actor } from '../policies/actor';
import type { Ctx } from './accounts.service';
import {
	decideJoinRequestRow,
	findJoinRequest,
	findMembershipOf,
	findOrganisationBySiret,
	findPendingJoinRequest,
	getOrganisation,
	insertJoinRequest,
	insertMembership,
	listMyPendingJoinRequests,
	listOrganisationAdminIds
} from './organisations.repository';

const ONE_ORGANISATION = 'Vous êtes déjà membre d’une organisation : une personne ne peut appartenir qu’à une seule structure.';

/** Asks to join the organisation registered under `siret`; returns its name. */
export async function requestToJoin(
	ctx: Ctx,
	actor: Actor & { name: string },
	siret: string,
	message: string
): Promise<{ organisationName: string }> {
	if (actor.organisationId) throw new DomainError('conflict', ONE_ORGANISATION);
	const org = await findOrganisationBySiret(ctx.db, siret);
	if (!org) throw invalid({ siret: 'Aucune organisation n’utilise ce SIRET sur Cotrait : vérifiez-le, ou créez votre organisation.' });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		if (await findPendingJoinRequest(trx, org.id, actor.id)) {
			throw new DomainError('conflict', `Votre demande à rejoindre ${org.name} attend déjà la réponse de ses administrateurs.`);
		}
		const id = newId();
		await insertJoinRequest(trx, { id, organisation_id: org.id, user_id: actor.id, message, status: 'pending', created_at: now });
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: org.id,
			entity: 'org_join_request',
			entityId: id,
			action: 'created'
		});
		const admins = await listOrganisationAdminIds(trx, org.id);
		await notify(
			trx,
			now,
			admins.map((userId) => ({
				userId,
				kind: 'join_request',
				message: `${actor.name} demande à rejoindre ${org.name}.`,
				link: '/organisation#demandes'
			}))
		);
	});
	return { organisationName: org.name };
}

/** The actor's requests still waiting for an answer (the organisation page of someone without one). */
export async function myPendingJoinRequests(ctx: Pick<Ctx, 'db'>, actor: Actor) {
	return listMyPendingJoinRequests(ctx.db, actor.id);
}

/** An admin accepts (with the role the person gets) or refuses a request; the person is told. Returns their name. */
export async function answerJoinRequest(
	ctx: Ctx,
	actor: Actor,
	orgId: string,
	requestId: string,
	answer: { accept: true; role: OrgRole } | { accept: false }
): Promise<string> {
	authorize(actor, 'organisation', 'answerJoinRequest', { id: orgId });
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		const request = await findJoinRequest(trx, orgId, requestId);
		if (!request) throw notFound();
		if (answer.accept && (await findMembershipOf(trx, request.user_id))) {
			throw new DomainError('conflict', `${request.name} a rejoint une autre organisation entre-temps.`);
		}
		if (!(await decideJoinRequestRow(trx, request.id, answer.accept ? 'accepted' : 'refused', actor.id, now))) {
			throw new DomainError('conflict', 'Cette demande a déjà reçu une réponse.');
		}
		const org = await getOrganisation(trx, orgId);
		if (answer.accept) {
			await insertMembership(trx, {
				id: newId(),
				organisation_id: orgId,
				user_id: request.user_id,
				role: answer.role,
				contribution_rate_bp: null,
				created_at: now
			});
		}
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: orgId,
			entity: 'org_join_request',
			entityId: request.id,
			action: answer.accept ? 'accepted' : 'refused',
			after: answer.accept ? { userId: request.user_id, role: answer.role } : { userId: request.user_id }
		});
		await notify(trx, now, [
			answer.accept
				? {
						userId: request.user_id,
						kind: 'join_accepted',
						message: `Votre demande à rejoindre ${org.name} a été acceptée : vous en êtes membre.`,
						link: '/tableau-de-bord'
					}
				: {
						userId: request.user_id,
						kind: 'join_refused',
						message: `Votre demande à rejoindre ${org.name} a été refusée par ses administrateurs.`,
						link: '/organisation'
					}
		]);
		return request.name;
	});
}
