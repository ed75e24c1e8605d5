/**
 * Use cases of an organisation's profile for the public procurement forms (what its DC2 says):
 * its members read it, its admins fill it in. Each member of a group fills its own; the forms
 * (dossier/forms-facts.ts) read it when they are generated.
 */
import { logActivity } from '../activity.repository';
import { authorize } from '../policies/index';
import type { Actor } from '../policies/actor';
import type { Ctx } from './accounts.service';
import { findOrganisationProfile, saveOrganisationProfile } from './organisation-profiles.repository';

export interface TurnoverYear {
	year: number;
	cents: number;
}

export interface OrganisationProfile {
	legalForm: string | null;
	address: string | null;
	email: string | null;
	phone: string | null;
	representativeName: string | null;
	representativeTitle: string | null;
	staff: number | null;
	/** Up to three financial years, most recent first. */
	turnover: TurnoverYear[];
	references: string | null;
	updatedAt: number | null;
}

const EMPTY: OrganisationProfile = {
	legalForm: null,
	address: null,
	email: null,
	phone: null,
	representativeName: null,
	representativeTitle: null,
	staff: null,
	turnover: [],
	references: null,
	updatedAt: null
};

function turnoverOf(json: string): TurnoverYear[] {
	try {
		const parsed: unknown = JSON.parse(json);
		if (!Array.isArray(parsed)) return [];
		return parsed
			.filter((t): t is TurnoverYear => Number.isInteger(t?.year) && Number.isInteger(t?.cents))
			.map((t) => ({ year: t.year, cents: t.cents }))
			.sort((a, b) => b.year - a.year);
	} catch {
		return [];
	}
}

/** The organisation's profile as its members see it (empty fields when never filled in). */
export async function getOrganisationProfile(ctx: Ctx, actor: Actor, organisationId: string): Promise<OrganisationProfile> {
	authorize(actor, 'organisation', 'view', { id: organisationId });
	const row = await findOrganisationProfile(ctx.db, organisationId);
	if (!row) return EMPTY;
	return {
		legalForm: row.legal_form,
		address: row.address,
		email: row.email,
		phone: row.phone,
		representativeName: row.representative_name,
		representativeTitle: row.representative_title,
		staff: row.staff,
		turnover: turnoverOf(row.turnover),
		references: row.references_text,
		updatedAt: row.updated_at
	};
}

export type OrganisationProfileInput = Omit<OrganisationProfile, 'updatedAt'>;

/** An admin fills in or corrects the profile (the whole of it). */
export async function updateOrganisationProfile(
	ctx: Ctx,
	actor: Actor,
	organisationId: string,
	input: OrganisationProfileInput
): Promise<void> {
	authorize(actor, 'organisation', 'updateProfile', { id: organisationId });
	const now = ctx.now();
	const blankToNull = (v: string | null) => (v && v.trim() ? v.trim() : null);
	await ctx.db.transaction().execute(async (trx) => {
		const before = await findOrganisationProfile(trx, organisationId);
		const row = {
			legal_form: blankToNull(input.legalForm),
			address: blankToNull(input.address),
			email: blankToNull(input.email),
			phone: blankToNull(input.phone),
			representative_name: blankToNull(input.representativeName),
			representative_title: blankToNull(input.representativeTitle),
			staff: input.staff,
			turnover: JSON.stringify([...input.turnover].sort((a, b) => b.year - a.year).map((t) => ({ year: t.year, cents: t.cents }))),
			references_text: blankToNull(input.references),
			updated_at: now,
			updated_by: actor.id
		};
		await saveOrganisationProfile(trx, organisationId, row);
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId,
			entity: 'organisation_profile',
			entityId: organisationId,
			action: before ? 'updated' : 'created',
			before,
			after: row
		});
	});
}
