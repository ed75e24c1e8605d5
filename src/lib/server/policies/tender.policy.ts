/**
 * Who may do what with a call for tenders, and who may coordinate (create a tender, start a bid).
 * Pure functions over loaded facts (tenders/tender-access.ts loads them).
 */
import type { Actor } from './actor';
import type { BidRole, BidStatus } from '../db/schema';

/** What the tender policy decides on: the tender's creator and the bids answering it. */
export interface TenderAccess {
	id: string;
	createdBy: string;
	/** Is the actor a member of one of the tender's bids? */
	memberOfABid: boolean;
	bids: Array<{ coordinatorId: string; status: BidStatus }>;
}

export type TenderAction = 'view' | 'edit';

export function canTender(actor: Actor, action: TenderAction, tender: TenderAccess): boolean {
	const visible = tender.createdBy === actor.id || tender.memberOfABid;
	switch (action) {
		case 'view':
			return visible;
		case 'edit':
			// A submitted bid freezes the tender's data.
			if (tender.bids.some((b) => b.status !== 'draft')) return false;
			return tender.createdBy === actor.id || tender.bids.some((b) => b.coordinatorId === actor.id);
	}
}

/** Creating a tender or coordinating a bid takes an entrepreneur attached to an organisation (not support staff). */
export function canCoordinate(actor: Actor): boolean {
	return Boolean(actor.organisationId) && actor.orgRole !== 'support';
}

/**
 * Whether the tender page offers the actor to start a bid: they may coordinate and do not
 * coordinate one of the tender's bids already (`myBids`: their bids on it, with their role).
 */
export function canStartBid(actor: Actor, myBids: ReadonlyArray<{ role: BidRole }>): boolean {
	return canCoordinate(actor) && !myBids.some((b) => b.role === 'coordinator');
}
