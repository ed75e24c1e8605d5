/**
 * An organisation's profile for the public procurement forms (DC2 identification: legal form,
 * address, contact, representative, staff, turnover of three years, references): the only writer
 * of organisation_profiles. Plain Kysely functions, `db` or `trx` first, no rules.
 */
import type { DB } from '../db/index';

export interface OrganisationProfileRow {
	legal_form: string | null;
	address: string | null;
	email: string | null;
	phone: string | null;
	representative_name: string | null;
	representative_title: string | null;
	staff: number | null;
	/** JSON array of { year, cents }. */
	turnover: string;
	references_text: string | null;
	updated_at: number;
	updated_by: string | null;
}

/** The organisation's profile row, or undefined when never filled in. */
export async function findOrganisationProfile(db: DB, organisationId: string): Promise<OrganisationProfileRow | undefined> {
	return db
		.selectFrom('organisation_profiles')
		.select([
			'legal_form',
			'address',
			'email',
			'phone',
			'representative_name',
			'representative_title',
			'staff',
			'turnover',
			'references_text',
			'updated_at',
			'updated_by'
		])
		.where('organisation_id', '=', organisationId)
		.executeTakeFirst();
}

/** Writes the whole profile (inserted the first time, replaced after). */
export async function saveOrganisationProfile(db: DB, organisationId: string, row: OrganisationProfileRow): Promise<void> {
	await db
		.insertInto('organisation_profiles')
		.values({ organisation_id: organisationId, ...row })
		.onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
		.execute();
}
