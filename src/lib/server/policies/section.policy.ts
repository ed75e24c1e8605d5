/**
 * Who may move a section through its review: brouillon → en relecture → validée, or
 * « modifications demandées » back to the authors; only the coordinator reopens a validated
 * section. Product choice: the coordinator may also validate a draft directly (small groups
 * often have no separate reviewer). Pure; the page and the review use case ask the same function.
 */
import type { SectionState } from '../db/schema';
import type { Actor } from './actor';
import { canBid, isFrozen, pastInternalFreeze, type BidAccess } from './bid.policy';

export interface ReviewSection {
	id: string;
	state: SectionState;
	reviewerId: string | null;
	authorIds: string[];
}

export interface ReviewAbilities {
	requestReview: boolean;
	validate: boolean;
	requestChanges: boolean;
	reopen: boolean;
}

/** What the actor may do in the review of this section. */
export function reviewAbilities(actor: Actor, access: BidAccess, section: ReviewSection): ReviewAbilities {
	const coordinator = access.role === 'coordinator';
	const writable = canBid(actor, 'writeSections', access);
	const author = section.authorIds.includes(actor.id);
	const reviewer = section.reviewerId === actor.id;
	return {
		requestReview: writable && (author || coordinator) && (section.state === 'draft' || section.state === 'changes_requested'),
		validate: writable && ((section.state === 'review' && (reviewer || coordinator)) || (coordinator && section.state !== 'validated')),
		requestChanges: writable && section.state === 'review' && (reviewer || coordinator),
		reopen: coordinator && access.status === 'draft' && section.state === 'validated'
	};
}

/** Why a section's text is read-only for someone, most important reason first. */
export type ReadOnlyReason = 'submitted' | 'observer' | 'validated' | 'freeze' | 'other';

/** The reason the section page gives a person who may not type in the section. */
export function readOnlyReason(access: BidAccess, state: SectionState): ReadOnlyReason {
	if (isFrozen(access)) return 'submitted';
	if (access.role === 'observer') return 'observer';
	if (state === 'validated') return 'validated';
	if (access.role !== 'coordinator' && pastInternalFreeze(access)) return 'freeze';
	return 'other';
}
