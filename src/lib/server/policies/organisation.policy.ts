/** Who may do what with an organisation (a legal member: CAE, SCOP, company). */
import type { Actor } from './actor';

export interface OrganisationResource {
	id: string;
}

export const organisationActions = [
	'view',
	'update',
	'updateProfile',
	'invite',
	'setMemberRate',
	'removeMember',
	'answerJoinRequest'
] as const;
export type OrganisationAction = (typeof organisationActions)[number];

function isMember(actor: Actor, org: OrganisationResource): boolean {
	return actor.organisationId === org.id;
}

/** Pure: may `actor` do `action` on `org`? */
export function canOrganisation(actor: Actor, action: OrganisationAction, org: OrganisationResource): boolean {
	if (!isMember(actor, org)) return false;
	switch (action) {
		case 'view':
			return true;
		case 'update':
		case 'updateProfile':
		case 'invite':
		case 'setMemberRate':
		case 'removeMember':
		case 'answerJoinRequest': // the same people who invite decide who joins
			return actor.orgRole === 'admin';
	}
}
