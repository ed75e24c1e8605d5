/**
 * The Accompagnement page's read model (issue 20, items 1, 2 and 5): for a support person or
 * admin, every bid her organisation's entrepreneurs take part in — tender, buyer, deadlines,
 * state, readiness counts, her organisation's people with their gross shares and the contribution
 * it will receive (the split's own figures: `loadSplitFacts` + `splitOf`, as the répartition page
 * computes them) — filtered and sorted by deadline, with the totals by state; for won bids, its
 * people's deliverables and the payments its legal member received. Never section content,
 * comments, files or price amounts: what is read here is only what the summary shows.
 */
import type { AppContext } from '../context';
import { DomainError, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { canAccompany } from '../policies/accompaniment.policy';
import { takesPart } from '../policies/member.policy';
import { loadSplitFacts, type SplitFacts } from '../split/split.repository';
import { splitOf } from '../split/split-input';
import { listPayments } from '../split/payments.repository';
import { bidState, bidStateLabel, type BidState } from '../../domain/bid-state';
import type { BidRole, DeliverableStatus } from '../db/schema';
import type { SplitResult } from '../../domain/split';
import { listOrganisationBids, listOrganisationHelp, listPendingFollowBidIds } from './accompaniment.repository';
import { blockingOf, byDeadline, matches, totalsByState, type Filters } from './accompaniment-rules';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export interface AccompaniedPerson {
	id: string;
	name: string;
	role: BidRole;
	grossCents: number;
	contributionCents: number;
}

export interface AfterAward {
	deliverables: Array<{
		code: string;
		label: string;
		lotNumber: number;
		status: DeliverableStatus;
		dueOn: number | null;
		deliveredOn: number | null;
		people: string[];
	}>;
	payments: Array<{ lotNumber: number; amountCents: number; receivedOn: number }>;
	receivedCents: number;
	/** What the organisation's legal member bills the buyer (Σ gross of its people). */
	expectedCents: number;
}

export interface AccompaniedBid {
	id: string;
	title: string;
	buyer: string;
	reference: string;
	questionsDeadline: number | null;
	dlro: number;
	state: BidState;
	stateLabel: string;
	readiness: {
		sectionsTotal: number;
		sectionsValidated: number;
		piecesTotal: number;
		piecesDone: number;
		participants: number;
		accepted: number;
	};
	blocking: string[];
	people: AccompaniedPerson[];
	/** The organisation's contribution if the bid is won (null when the split cannot be computed). */
	contributionCents: number | null;
	/** The actor follows the bid (is one of its members): she may open it. */
	follows: boolean;
	followPending: boolean;
	canRequestFollow: boolean;
	afterAward: AfterAward | null;
}

function splitOrNull(facts: SplitFacts): SplitResult | null {
	try {
		return splitOf(facts);
	} catch (e) {
		if (e instanceof DomainError) return null;
		throw e;
	}
}

async function afterAwardOf(ctx: Ctx, facts: SplitFacts, organisationId: string, people: AccompaniedPerson[]): Promise<AfterAward> {
	const mine = new Set(people.map((p) => p.id));
	const numbers = new Map(facts.lots.map((l) => [l.id, l.number]));
	const deliverables = facts.lines
		.filter((l) => l.assignees.some((a) => mine.has(a.userId)))
		.map((l) => ({
			code: l.code,
			label: l.label,
			lotNumber: l.lotNumber,
			status: l.status,
			dueOn: l.dueAt,
			deliveredOn: l.deliveredAt,
			people: l.assignees.filter((a) => mine.has(a.userId)).map((a) => a.name)
		}));
	const payments = (await listPayments(ctx.db, facts.bid.id))
		.filter((p) => p.organisation_id === organisationId)
		.map((p) => ({ lotNumber: numbers.get(p.lot_id) ?? 0, amountCents: p.amount_cents, receivedOn: p.received_on }));
	return {
		deliverables,
		payments,
		receivedCents: payments.reduce((acc, p) => acc + p.amountCents, 0),
		expectedCents: people.reduce((acc, p) => acc + p.grossCents, 0)
	};
}

/** Every bid the actor's organisation's entrepreneurs take part in, as the summary shows it. */
export async function listAccompaniedBids(ctx: Ctx, actor: Actor): Promise<AccompaniedBid[]> {
	if (!canAccompany(actor, 'viewPage')) throw notFound();
	const organisationId = actor.organisationId!;
	const rows = await listOrganisationBids(ctx.db, organisationId, actor.id);
	const pending = await listPendingFollowBidIds(ctx.db, actor.id);
	const out: AccompaniedBid[] = [];
	for (const r of rows) {
		const facts = await loadSplitFacts(ctx.db, r.id);
		if (!facts) continue;
		const participantOrganisations = [...new Set(facts.members.filter(takesPart).map((m) => m.organisationId))];
		const target = { bidRole: r.myRole, participantOrganisations, pendingFollow: pending.has(r.id) };
		if (!canAccompany(actor, 'viewSummary', target)) continue;
		const split = splitOrNull(facts);
		const people: AccompaniedPerson[] = facts.members
			.filter((m) => takesPart(m) && m.organisationId === organisationId)
			.map((m) => {
				const figures = split?.people.find((p) => p.personId === m.id);
				return {
					id: m.id,
					name: m.name,
					role: m.role,
					grossCents: figures?.grossCents ?? 0,
					contributionCents: figures?.contributionCents ?? 0
				};
			});
		const state = bidState(r.status, r.depositedAt);
		const readiness = {
			sectionsTotal: Number(r.sectionsTotal),
			sectionsValidated: Number(r.sectionsValidated),
			piecesTotal: Number(r.piecesTotal),
			piecesDone: Number(r.piecesDone),
			participants: Number(r.participants),
			accepted: Number(r.accepted)
		};
		out.push({
			id: r.id,
			title: r.title,
			buyer: r.buyer,
			reference: r.reference,
			questionsDeadline: r.questionsDeadline,
			dlro: r.dlro,
			state,
			stateLabel: bidStateLabel(r.status, r.depositedAt),
			readiness,
			blocking: state === 'preparing' ? blockingOf(readiness) : [],
			people,
			contributionCents: split ? (split.organisations.find((o) => o.organisationId === organisationId)?.contributionCents ?? 0) : null,
			follows: r.myRole !== null,
			followPending: pending.has(r.id),
			canRequestFollow: canAccompany(actor, 'requestFollow', target),
			afterAward: r.status === 'won' ? await afterAwardOf(ctx, facts, organisationId, people) : null
		});
	}
	return out;
}

/** The Accompagnement page: the bids filtered and sorted by deadline, totals, entrepreneurs to filter on, help requests. */
export async function getAccompaniment(ctx: Ctx, actor: Actor, filters: Filters) {
	const all = await listAccompaniedBids(ctx, actor);
	const now = ctx.now();
	const bids = byDeadline(
		all.filter((b) => matches(b, filters, now)),
		now
	);
	const entrepreneurs = new Map<string, string>();
	for (const b of all) for (const p of b.people) entrepreneurs.set(p.id, p.name);
	const roles = new Map(all.map((b) => [b.id, b.follows]));
	const help = (await listOrganisationHelp(ctx.db, actor.organisationId!)).map((h) => ({
		...h,
		follows: roles.get(h.bidId) ?? false
	}));
	return {
		bids,
		total: all.length,
		totals: totalsByState(bids),
		entrepreneurs: [...entrepreneurs].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		help,
		now
	};
}
