/**
 * The split of a bid from its stored facts: the pure computation of lib/domain/split on the
 * inputs read by split.repository (rates resolved: the person's own, else the organisation's).
 */
import type { DB } from '../db/index';
import { DomainError } from '../errors';
import { computeSplit, SplitInputError, type SplitInput, type SplitResult } from '../../domain/split';
import { loadSplitFacts, type SplitFacts } from './split.repository';
import { accessOf } from '../bids/bid-access';
import type { BidAccess } from '../policies/bid.policy';
import { takesPart } from '../policies/member.policy';

/** Observers (support staff) read the bid but take no part in the split: the policies' rule. */
export { takesPart };

/** The access of `actorId` to the bid, from facts already read (404 when not a member). */
export function accessFromFacts(facts: SplitFacts, actorId: string, now: number): BidAccess {
	return accessOf(facts.bid, facts.members.find((m) => m.id === actorId)?.role, now);
}

/** The inputs of the split computation, from the facts. */
export function splitInputOf(facts: SplitFacts): SplitInput {
	const participants = facts.members.filter(takesPart);
	const orgs = new Map(participants.map((p) => [p.organisationId, p.organisationName]));
	return {
		lines: facts.lines.map((l) => ({
			id: l.id,
			lotId: l.lotId,
			label: l.label,
			quantityMilli: l.quantityMilli,
			unitPriceCents: l.unitPriceCents,
			assignees: l.assignees.map((a) => ({ personId: a.userId, weight: a.weight }))
		})),
		people: participants.map((p) => ({
			id: p.id,
			name: p.name,
			organisationId: p.organisationId,
			contributionRateBp: p.ownRateBp ?? p.organisationRateBp
		})),
		organisations: [...orgs].map(([id, name]) => ({ id, name })),
		lots: facts.lots.map((l) => ({ id: l.id, label: `Lot ${l.number} — ${l.title}` })),
		coordinatorId: facts.bid.coordinator_id,
		feeRateBp: facts.bid.fee_rate_bp
	};
}

/** The split from the facts; inputs the rules refuse answer a 409 with the French reason. */
export function splitOf(facts: SplitFacts): SplitResult {
	try {
		return computeSplit(splitInputOf(facts));
	} catch (e) {
		if (e instanceof SplitInputError) throw new DomainError('conflict', e.message);
		throw e;
	}
}

/** Gathers the split's inputs from the database. */
export async function loadSplitInput(db: DB, bidId: string): Promise<SplitInput> {
	const facts = await loadSplitFacts(db, bidId);
	if (!facts) throw new DomainError('not_found', 'Page introuvable');
	return splitInputOf(facts);
}

/** The split of a bid, read and computed. */
export async function computeBidSplit(db: DB, bidId: string): Promise<SplitResult> {
	const facts = await loadSplitFacts(db, bidId);
	if (!facts) throw new DomainError('not_found', 'Page introuvable');
	return splitOf(facts);
}
