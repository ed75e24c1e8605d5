/**
 * Rules of a bid's membership that are about the person, not the action: the role someone joins
 * with, and who can never be taken out of the group. Pure functions.
 */
import type { Actor } from './actor';
import type { BidRole } from '../db/schema';
import { pastInternalFreeze, type BidAccess } from './bid.policy';

/** The role someone joins a bid with: support staff always join as read-only observers. */
export function joiningRole(orgRole: Actor['orgRole'] | undefined, asked: BidRole): BidRole {
	return orgRole === 'support' ? 'observer' : asked;
}

/** The coordinator cannot leave nor be removed: the group would have no mandataire. */
export function canBeRemoved(memberRole: BidRole): boolean {
	return memberRole !== 'coordinator';
}

/** Coordinator and members take part (form of the group, split); observers only read. */
export function isParticipant(role: BidRole): boolean {
	return role !== 'observer';
}

/** A member (not the coordinator) whom the passed internal freeze stops: the refusal names the freeze. */
export function stoppedByInternalFreeze(bid: Pick<BidAccess, 'role' | 'internalFreezeAt' | 'now'>): boolean {
	return pastInternalFreeze(bid) && bid.role === 'member';
}
