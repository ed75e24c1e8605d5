import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	createOrganisation,
	getOrganisationView,
	inviteToOrganisation,
	setMemberRate,
	updateOrganisation,
	ORG_KINDS,
	ORG_ROLES
} from '$lib/server/accounts/organisations.service';
import { answerJoinRequest, myPendingJoinRequests } from '$lib/server/accounts/join-requests.service';
import { joinAnswerSchema, siret } from '$lib/server/accounts/organisation-forms';
import { abilities } from '$lib/server/policies';
import { displayName, email, oneOf, parseForm, text } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, publicOrigin, requireUser, safeReturnPath } from '$lib/server/http';
import { parseRatePercent } from '$lib/domain/money';
import type { Actions, PageServerLoad } from './$types';
import type { OrgRole, OrganisationKind } from '$lib/server/db/schema';
import { getOrganisationProfile, updateOrganisationProfile } from '$lib/server/accounts/organisation-profiles.service';
import { profileInput, profileSchema, profileValues } from './profile-form';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		// Sent here from an invitation (or another page) to join first: the way back, if it is ours.
		const raw = event.url.searchParams.get('retour');
		const retour = raw ? safeReturnPath(raw, '') || null : null;
		if (!actor.organisationId)
			return { org: null, kinds: ORG_KINDS, roles: ORG_ROLES, retour, myRequests: await myPendingJoinRequests(ctx, actor) };
		const view = await getOrganisationView(ctx, actor, actor.organisationId);
		return {
			...view,
			profile: profileValues(await getOrganisationProfile(ctx, actor, actor.organisationId)),
			can: abilities(actor, 'organisation', { id: actor.organisationId }),
			kinds: ORG_KINDS,
			roles: ORG_ROLES
		};
	});
};

const rate = (label: string) =>
	z.string({ error: `${label} : ce champ est obligatoire.` }).transform((v, c) => {
		const bp = parseRatePercent(v);
		if (bp === null || bp < 0 || bp > 10000) {
			c.addIssue({ code: 'custom', message: `${label} : indiquez un pourcentage entre 0 et 100 (ex. 11 ou 11,5).` });
			return z.NEVER;
		}
		return bp;
	});

const orgSchema = z.object({
	name: displayName("Nom de l'organisation", { max: 160 }),
	kind: oneOf('Type de structure', Object.keys(ORG_KINDS) as OrganisationKind[]),
	siret,
	rate: rate('Taux de contribution'),
	region: text('Région', { max: 80, required: false })
});

function toInput(d: z.infer<typeof orgSchema>) {
	return { name: d.name, kind: d.kind, siret: d.siret, contributionRateBp: d.rate, region: d.region };
}

export const actions: Actions = {
	create: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(orgSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => createOrganisation(ctx, actor, toInput(parsed.data)));
		if (failed(result)) return result;
		redirect(303, safeReturnPath(parsed.values.retour, '/organisation'));
	},
	update: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(orgSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => updateOrganisation(ctx, actor, actor.organisationId ?? '', toInput(parsed.data)));
		if (failed(result)) return result;
		return { saved: 'Organisation enregistrée.' };
	},
	invite: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ email, role: oneOf('Rôle', Object.keys(ORG_ROLES) as OrgRole[]) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			inviteToOrganisation(ctx, actor, actor.organisationId ?? '', parsed.data.email, parsed.data.role, publicOrigin(ctx, event.url))
		);
		if (failed(result)) return result;
		return { saved: `Invitation envoyée à ${parsed.data.email}.` };
	},
	profile: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			updateOrganisationProfile(ctx, actor, actor.organisationId ?? '', profileInput(parsed.data))
		);
		if (failed(result)) return result;
		return { saved: 'Identification pour les marchés enregistrée.' };
	},
	/** An admin accepts a request to join, with the role chosen next to it. */
	acceptRequest: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(joinAnswerSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			answerJoinRequest(ctx, actor, actor.organisationId ?? '', parsed.data.requestId, { accept: true, role: parsed.data.role })
		);
		if (failed(result)) return result;
		return { saved: `${result} a rejoint l'organisation.` };
	},
	refuseRequest: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const result = await guardAction({}, () =>
			answerJoinRequest(ctx, actor, actor.organisationId ?? '', String(form.get('requestId') ?? ''), { accept: false })
		);
		if (failed(result)) return result;
		return { saved: `Demande de ${result} refusée : la personne en est informée.` };
	},
	rate: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const raw = String(form.get('rate') ?? '').trim();
		const parsed = parseForm(
			z.object({ userId: z.string().min(1).max(64), rate: raw === '' ? z.any().transform(() => null) : rate('Taux personnel') }),
			form
		);
		if (!parsed.ok)
			return invalidForm({ ...parsed, errors: { [`rate-${String(form.get('userId'))}`]: Object.values(parsed.errors)[0] ?? '' } });
		const result = await guardAction(parsed.values, () =>
			setMemberRate(ctx, actor, actor.organisationId ?? '', parsed.data.userId, parsed.data.rate)
		);
		if (failed(result)) return result;
		return { saved: 'Taux enregistré.' };
	}
};
