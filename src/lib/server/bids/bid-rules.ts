/**
 * The bid's fixed vocabulary and pure rules, shared by its use cases and pages: the forms of a
 * group and their labels, the roles, the default outline of a new bid, the default internal
 * freeze and invitation lifetime, and the form that follows from the members.
 */
import type { BidForm, BidRole } from '../db/schema';

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

/** The sections every new bid starts with, once per lot. */
export const DEFAULT_OUTLINE = [
	'Présentation du groupement',
	'Compréhension du besoin',
	'Méthodologie',
	'Moyens humains',
	'Planning',
	'Références',
	'Démarche environnementale'
];

/** An invitation to a bid is valid 21 days. */
export const INVITE_TTL_MS = 21 * 24 * 3600 * 1000;

/** A new bid freezes internally 24 h before the deadline. */
export const DEFAULT_FREEZE_BEFORE_MS = 24 * 3600 * 1000;

/** The group's form follows from its members: one organisation → « candidature unique ». */
export function effectiveForm(chosen: BidForm, organisationCount: number): BidForm {
	if (organisationCount <= 1) return 'unique';
	return chosen === 'unique' ? 'conjoint' : chosen;
}

/** Why a form cannot be chosen for a group of `organisationCount` organisations, or null. */
export function formProblem(form: BidForm, organisationCount: number): string | null {
	if (organisationCount <= 1 && form !== 'unique') {
		return 'Tous les membres viennent de la même structure : c’est une candidature unique, sans groupement.';
	}
	if (organisationCount > 1 && form === 'unique') return 'Plusieurs structures : choisissez la forme du groupement.';
	return null;
}
