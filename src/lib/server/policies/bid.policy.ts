/**
 * Who may do what with a bid (a group answering a call for tenders) and its parts:
 * sections, deliverables, pieces, files, split. Pure functions over a loaded `BidAccess`.
 */
import type { Actor } from './actor';
import type { BidRole, BidStatus, SectionState } from '../db/schema';

export interface BidAccess {
	id: string;
	status: BidStatus;
	coordinatorId: string;
	/** The actor's role in this bid, or null when not a member. */
	role: BidRole | null;
	internalFreezeAt: number | null;
	dlro: number;
	now: number;
}

export const bidActions = [
	'view',
	'manage', // tender, lots, sections and price lines, pieces definitions, form of the group
	'invite',
	'removeMember',
	'leave',
	'editPieces',
	'uploadFile',
	'downloadFile',
	'setFee',
	'acceptSplit',
	'writeSections',
	'submit',
	'recordDeposit',
	'decide'
] as const;
export type BidAction = (typeof bidActions)[number];

/** Submitted, won or lost: the bid is frozen (R2142-26 for membership). */
export function isFrozen(bid: Pick<BidAccess, 'status'>): boolean {
	return bid.status !== 'draft';
}

/** After the internal freeze, only the coordinator changes the bid. */
export function pastInternalFreeze(bid: Pick<BidAccess, 'internalFreezeAt' | 'now'>): boolean {
	return bid.internalFreezeAt !== null && bid.now >= bid.internalFreezeAt;
}

export function canBid(actor: Actor, action: BidAction, bid: BidAccess): boolean {
	const role = bid.role;
	if (!role) return false;
	const coordinator = role === 'coordinator';
	const participant = role === 'coordinator' || role === 'member';
	const open = !isFrozen(bid) && (coordinator || !pastInternalFreeze(bid));
	switch (action) {
		case 'view':
		case 'downloadFile':
			return true;
		case 'manage':
		case 'invite':
		case 'removeMember':
		case 'setFee':
			return coordinator && !isFrozen(bid);
		case 'leave':
			return role !== 'coordinator' && !isFrozen(bid);
		case 'editPieces':
		case 'uploadFile':
		case 'writeSections':
			return participant && open;
		case 'acceptSplit':
			return participant && !isFrozen(bid);
		case 'submit':
			return coordinator && bid.status === 'draft';
		case 'recordDeposit':
			return coordinator;
		case 'decide':
			return coordinator && bid.status === 'submitted';
	}
}

export interface SectionAccess {
	state: SectionState;
}

/** May the actor type in this section's document? */
export function canWriteSection(actor: Actor, bid: BidAccess, section: SectionAccess): boolean {
	return canBid(actor, 'writeSections', bid) && section.state !== 'validated';
}
