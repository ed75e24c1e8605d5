/**
 * Who may act on a bid's money and follow-up once the buyer has decided: the tracking of price
 * lines, the payments received. Pure functions over a loaded `BidAccess` and what the action
 * targets (the line's assignees, the payment's legal member, who recorded it).
 */
import type { Actor } from './actor';
import type { BidAccess } from './bid.policy';

export const splitActions = ['trackLine', 'recordPayments', 'recordPaymentFor', 'deletePayment', 'deleteAnyPayment'] as const;
export type SplitAction = (typeof splitActions)[number];

export interface SplitTarget {
	/** trackLine: the actor is one of the line's assignees. */
	assigned?: boolean;
	/** recordPaymentFor: the legal member the payment was received by, and the actor's own in this bid. */
	payee?: { organisationId: string; actorOrganisationId: string | null };
	/** deletePayment: who recorded it. */
	recordedBy?: string;
}

/**
 * On a won bid: the coordinator tracks every line, records and deletes every payment; a member
 * tracks the lines assigned to them, records the payments of their own legal member and deletes
 * the ones they recorded. Observers only read.
 */
export function canSplit(actor: Actor, action: SplitAction, bid: BidAccess, target: SplitTarget = {}): boolean {
	const coordinator = bid.role === 'coordinator';
	const member = bid.role === 'member';
	if (bid.status !== 'won' || !(coordinator || member)) return false;
	switch (action) {
		case 'trackLine':
			return coordinator || target.assigned === true;
		case 'recordPayments':
			return true;
		case 'recordPaymentFor':
			return coordinator || (target.payee !== undefined && target.payee.organisationId === target.payee.actorOrganisationId);
		case 'deletePayment':
			return coordinator || (target.recordedBy !== undefined && target.recordedBy === actor.id);
		case 'deleteAnyPayment':
			return coordinator;
	}
}
