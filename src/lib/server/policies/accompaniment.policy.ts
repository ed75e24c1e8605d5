/**
 * Who may do what in the accompaniment at a distance (issue 20): a cooperative's support staff
 * (and its admins) looking at the bids its entrepreneurs take part in, « demander à suivre », and
 * « demander de l'aide ». Pure functions over the actor and what the action targets.
 *
 * Rules (docs/ARCHITECTURE.md « Accompaniment »):
 * - The Accompagnement page and its CSV export: support staff and admins of an organisation.
 * - A bid's summary (tender, buyer, deadlines, state, readiness counts, the cooperative's own
 *   people with their gross shares, its contribution): staff of an organisation that has at least
 *   one person taking part in the bid (coordinator or member; an observer does not count). Never
 *   section content, comments, files or price lines: those stay behind the bid policy (members).
 * - Asking to follow: staff who may see the summary and are not yet in the bid, once at a time;
 *   deciding it: the bid's coordinator.
 * - Asking for help: a person taking part in the bid who belongs to an organisation.
 * - Seeing and marking a help request handled: staff of the asker's organisation; answering it
 *   (in the bid's discussion) also needs to follow the bid, i.e. to be one of its members.
 */
import type { Actor } from './actor';
import type { BidRole } from '../db/schema';

export const accompanimentActions = [
	'viewPage',
	'viewSummary',
	'requestFollow',
	'decideFollow',
	'askHelp',
	'viewHelp',
	'answerHelp',
	'handleHelp',
	'exportCsv'
] as const;
export type AccompanimentAction = (typeof accompanimentActions)[number];

export interface AccompanimentTarget {
	/** The actor's role in the bid, null when not a member. */
	bidRole?: BidRole | null;
	/** Organisations with a person taking part in the bid (coordinator or member). */
	participantOrganisations?: readonly string[];
	/** The actor already has a follow request waiting on this bid. */
	pendingFollow?: boolean;
	/** The organisation whose staff a help request asks. */
	helpOrganisationId?: string;
}

/** Support staff or admin of an organisation. */
export function isStaff(actor: Actor): boolean {
	return actor.organisationId !== null && (actor.orgRole === 'support' || actor.orgRole === 'admin');
}

export function canAccompany(actor: Actor, action: AccompanimentAction, target: AccompanimentTarget = {}): boolean {
	const staff = isStaff(actor);
	const summary = staff && (target.participantOrganisations ?? []).includes(actor.organisationId!);
	const ownHelp = staff && target.helpOrganisationId !== undefined && target.helpOrganisationId === actor.organisationId;
	const role = target.bidRole ?? null;
	switch (action) {
		case 'viewPage':
		case 'exportCsv':
			return staff;
		case 'viewSummary':
			return summary;
		case 'requestFollow':
			return summary && role === null && target.pendingFollow !== true;
		case 'decideFollow':
			return role === 'coordinator';
		case 'askHelp':
			return actor.organisationId !== null && (role === 'coordinator' || role === 'member');
		case 'viewHelp':
		case 'handleHelp':
			return ownHelp;
		case 'answerHelp':
			return ownHelp && role !== null;
	}
}
