/**
 * The library's vocabulary, shared by the browser and the server (issue 16): the kinds of entry
 * and their French names, who an entry may be shared with, the structured fields a reference and
 * a profile carry, and the review rule (« à revoir avant le »: one year after the last edit by
 * default; an entry past it is « À revoir »).
 */

export const LIBRARY_KINDS = [
	'presentation',
	'profile',
	'reference',
	'method',
	'environment',
	'equipment',
	'certification',
	'other'
] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

export const LIBRARY_KIND_LABELS: Record<LibraryKind, string> = {
	presentation: 'Présentation de la structure',
	profile: 'Profil / CV',
	reference: 'Référence',
	method: 'Méthode',
	environment: 'Engagement environnemental',
	equipment: 'Moyen matériel',
	certification: 'Certification',
	other: 'Autre'
};

export const LIBRARY_VISIBILITIES = ['private', 'organisation', 'groups', 'directory'] as const;
export type LibraryVisibility = (typeof LIBRARY_VISIBILITIES)[number];

export const LIBRARY_VISIBILITY_LABELS: Record<LibraryVisibility, string> = {
	private: 'Moi seulement',
	organisation: 'Mon organisation',
	groups: 'Les groupes dont je fais partie',
	directory: 'L’annuaire des partenaires'
};

/** What an organisation's entries may be shared with (« moi » and « mes groupes » are a person's). */
export const ORGANISATION_VISIBILITIES: readonly LibraryVisibility[] = ['organisation', 'directory'];

/** A reference's structured fields (amount in cents HT; the contact only with their consent). */
export interface ReferenceFields {
	buyer: string;
	year: number | null;
	amountCents: number | null;
	lot: string;
	contactName: string;
	contactReach: string;
	contactConsent: boolean;
}

/** A profile's structured fields. */
export interface ProfileFields {
	trades: string;
	yearsExperience: number | null;
	diplomas: string;
}

export type LibraryFields = Partial<ReferenceFields & ProfileFields>;

export const DAY_MS = 86_400_000;
/** Default time until an entry is to be reviewed: a year after its last edit. */
export const REVIEW_AFTER_MS = 365 * DAY_MS;

/** Whether an entry whose review date is `reviewBy` is « À revoir » at `now`. */
export function isDueForReview(reviewBy: number, now: number): boolean {
	return reviewBy <= now;
}
