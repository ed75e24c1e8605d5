/**
 * Suggested changes (issue 15): how a person may change a section's text. « write »: type,
 * and accept or refuse suggestions; « suggest »: only propose insertions and deletions, which
 * the writers accept or refuse (the collaboration server refuses any other change from such a
 * connection, docs/SECURITY.md); « read »: nothing. Pure; the room policy, the section page and
 * the restore ask the same function.
 */
import type { SectionState } from '../db/schema';
import type { Actor } from './actor';
import { canWriteSection, isFrozen, pastInternalFreeze, type BidAccess } from './bid.policy';

export type SectionTextAccess = 'write' | 'suggest' | 'read';

export interface SuggestionFacts {
	state: SectionState;
	reviewerId: string | null;
	/** The actor is one of the section's authors. */
	isAuthor: boolean;
	/** The bid's setting « Les observateurs peuvent suggérer des modifications ». */
	observersMaySuggest: boolean;
}

/**
 * The designated reviewer of a section « en relecture » who is not one of its authors (nor the
 * coordinator) only suggests; an observer suggests where the coordinator allows it and the
 * section is open to writing; everyone who may write the section writes.
 */
export function sectionTextAccess(actor: Actor, bid: BidAccess, section: SuggestionFacts): SectionTextAccess {
	if (canWriteSection(actor, bid, section)) {
		const reviewing = section.state === 'review' && section.reviewerId === actor.id && !section.isAuthor && bid.role !== 'coordinator';
		return reviewing ? 'suggest' : 'write';
	}
	const openToObservers =
		bid.role === 'observer' && section.observersMaySuggest && !isFrozen(bid) && !pastInternalFreeze(bid) && section.state !== 'validated';
	return openToObservers ? 'suggest' : 'read';
}
