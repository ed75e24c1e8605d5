/**
 * What a person's search may show: the same view rules as the pages. A bid's sections and
 * comments are seen by whoever may view the bid (canBid 'view': its members, observers
 * included); a call for tenders by whoever may view it (canTender 'view': its creator and the
 * members of its bids); a library entry by whoever the library pages show it to. Pure: search/scopes.ts loads the candidate facts (the actor's bids and
 * tenders) and turns the answer into the index's scopes.
 */
import type { Actor } from './actor';
import { canBid, type BidAccess } from './bid.policy';
import { canTender, type TenderAccess } from './tender.policy';
import { audiencesOf } from './library.policy';

export interface SearchFacts {
	bids: readonly BidAccess[];
	tenders: readonly TenderAccess[];
}

/** The bids and tenders whose text the actor's search may show. */
export function searchableRecords(actor: Actor, facts: SearchFacts): { bidIds: string[]; tenderIds: string[] } {
	return {
		bidIds: facts.bids.filter((b) => canBid(actor, 'view', b)).map((b) => b.id),
		tenderIds: facts.tenders.filter((t) => canTender(actor, 'view', t)).map((t) => t.id)
	};
}

/**
 * The library audiences the actor's search covers: the same list the library pages decide with
 * (policies/library.policy `audiencesOf`: theirs, their organisation's, the groups of everyone
 * they share a bid with, the directory). An organisation's staff also edit its entries, whose
 * audience is always that organisation or the directory, both in the list.
 */
export function searchableLibraryAudiences(actor: Actor, coMemberIds: readonly string[]): string[] {
	return audiencesOf(actor, coMemberIds);
}
