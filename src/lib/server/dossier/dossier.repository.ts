/**
 * The buyer's dossier's reads (the forms DC1, DC2, ATTRI1): the consultation's terms and the
 * bid's form and mandataire, and the legal members' identification with their organisation
 * profile (the profile is written by accounts/organisation-profiles.repository only). Plain Kysely
 * functions, `db` first, no rules.
 */
import type { DB } from '../db/index';

/** The bid's form and mandataire with the consultation's terms the forms print. */
export async function loadFormsHeader(db: DB, bidId: string) {
	const row = await db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select([
			'bids.form',
			'bids.status',
			'bids.mandataire_org_id',
			'tenders.id as tenderId',
			'tenders.buyer',
			'tenders.reference',
			'tenders.title',
			'tenders.procedure',
			'tenders.vat_rate_bp',
			'tenders.offer_validity_days',
			'tenders.dc2_per_lot'
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirst();
	if (!row) return null;
	const lots = await db
		.selectFrom('lots')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('tender_id', '=', row.tenderId)
		.executeTakeFirstOrThrow();
	return { ...row, lotCount: Number(lots.n) };
}

/** The organisations with their identification and profile (null fields when no profile row). */
export async function listOrganisationsWithProfile(db: DB, organisationIds: readonly string[]) {
	if (organisationIds.length === 0) return [];
	return db
		.selectFrom('organisations')
		.leftJoin('organisation_profiles', 'organisation_profiles.organisation_id', 'organisations.id')
		.select([
			'organisations.id',
			'organisations.name',
			'organisations.siret',
			'organisation_profiles.legal_form',
			'organisation_profiles.address',
			'organisation_profiles.email',
			'organisation_profiles.phone',
			'organisation_profiles.representative_name',
			'organisation_profiles.representative_title',
			'organisation_profiles.staff',
			'organisation_profiles.turnover',
			'organisation_profiles.references_text'
		])
		.where('organisations.id', 'in', [...organisationIds])
		.execute();
}

/** The e-mail of the bid's coordinator (the mandataire's contact when its profile has none). */
export async function coordinatorEmail(db: DB, bidId: string): Promise<string | null> {
	const row = await db
		.selectFrom('bids')
		.innerJoin('users', 'users.id', 'bids.coordinator_id')
		.select('users.email')
		.where('bids.id', '=', bidId)
		.executeTakeFirst();
	return row?.email ?? null;
}
