/**
 * Which members of a bid take part in the work: the coordinator and members write sections,
 * own pieces, accept the split and appear in the group's documents; observers only read. Pure,
 * so the use cases that pick people (authors, piece owners, acceptances, exports) ask one rule.
 */
import type { BidRole } from '../db/schema';

/** Does this member take part (anyone but an observer)? */
export function takesPart(member: { role: BidRole }): boolean {
	return member.role !== 'observer';
}
