/**
 * The répartition page's read model: everything it shows, for one member of the bid — the split
 * and its acceptances, the actor's own share (and why their acceptance was withdrawn), and once
 * the bid is won the tracking of its deliverables and the payment ledger. The bid row, its
 * members, lines and lots are read once (loadSplitFacts; held by tests/unit/split/read-once.test.ts).
 */
import type { AppContext } from '../context';
import type { BidRole, BidStatus, DeliverableStatus } from '../db/schema';
import { DomainError, notFound } from '../errors';
import { can } from '../policies/index';
import type { Actor } from '../policies/actor';
import { canSplit } from '../policies/split.policy';
import { authorizeAccess } from '../bids/bid-access';
import { listAcceptanceWithdrawals, loadSplitFacts, type SplitFacts } from './split.repository';
import { accessFromFacts, splitOf, takesPart } from './split-input';
import { DONE, feeInvoiceViews, parisDateOf, splitFingerprint } from './split-rules';
import { loadPaymentLedger, type PaymentLedger } from './ledger';
import type { SplitResult } from '../../domain/split';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export interface SplitParticipant {
	id: string;
	name: string;
	role: BidRole;
	organisationId: string;
	organisationName: string;
	acceptedAt: number | null;
	acceptedGrossCents: number | null;
	acceptedNetCents: number | null;
}

export interface MyLine {
	lineId: string;
	lotNumber: number;
	code: string;
	label: string;
	amountCents: number;
	weight: number;
	/** Total of the weights on the line. */
	weightTotal: number;
	partCents: number;
	/** The other people on the line. */
	with: string[];
}

export interface TrackingLine {
	id: string;
	lotNumber: number;
	code: string;
	label: string;
	amountCents: number;
	status: DeliverableStatus;
	dueOn: number | null;
	deliveredOn: number | null;
	assignees: Array<{ userId: string; name: string; partCents: number }>;
	canEdit: boolean;
}

export interface DoneShare {
	id: string;
	name: string;
	doneCents: number;
	totalCents: number;
}

function parseJson(raw: string | null): unknown {
	if (!raw) return null;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return null;
	}
}

/** Why the actor's acceptance is gone: the newest withdrawal that included them. */
async function lastWithdrawalOf(ctx: Ctx, bidId: string, actorId: string) {
	for (const e of await listAcceptanceWithdrawals(ctx.db, bidId, 50)) {
		const before = parseJson(e.before) as { accepted?: unknown } | null;
		if (!Array.isArray(before?.accepted) || !before.accepted.includes(actorId)) continue;
		const after = parseJson(e.after) as { reason?: unknown } | null;
		return { at: e.at, reason: typeof after?.reason === 'string' ? after.reason : 'la répartition a changé', by: e.name };
	}
	return null;
}

/** The lines the actor has a part in, with their part and who else is on each. */
function myLinesOf(split: SplitResult, facts: SplitFacts, numbers: Map<string, number>, actorId: string): MyLine[] {
	const myLines: MyLine[] = [];
	for (const l of split.lines) {
		const part = l.parts.find((p) => p.personId === actorId);
		if (!part) continue;
		const source = facts.lines.find((x) => x.id === l.id);
		myLines.push({
			lineId: l.id,
			lotNumber: numbers.get(l.lotId) ?? 0,
			code: source?.code ?? '',
			label: l.label,
			amountCents: l.amountCents,
			weight: part.weight,
			weightTotal: l.parts.reduce((acc, p) => acc + p.weight, 0),
			partCents: part.amountCents,
			with: l.parts.filter((p) => p.personId !== actorId).map((p) => split.people.find((x) => x.personId === p.personId)?.name ?? '')
		});
	}
	return myLines;
}

/** The tracking of a won bid's lines, and the share done per person and per legal member. */
function trackingOf(split: SplitResult, facts: SplitFacts, canEdit: (assignees: Array<{ userId: string }>) => boolean) {
	const partOf = new Map(split.lines.map((l) => [l.id, l.parts]));
	const lines: TrackingLine[] = facts.lines.map((l) => ({
		id: l.id,
		lotNumber: l.lotNumber,
		code: l.code,
		label: l.label,
		amountCents: l.amountCents,
		status: l.status,
		dueOn: l.dueAt,
		deliveredOn: l.deliveredAt,
		assignees: l.assignees.map((a) => ({
			userId: a.userId,
			name: a.name,
			partCents: partOf.get(l.id)?.find((p) => p.personId === a.userId)?.amountCents ?? 0
		})),
		canEdit: canEdit(l.assignees)
	}));
	const donePeople = new Map<string, number>();
	for (const l of lines) {
		if (!DONE.has(l.status)) continue;
		for (const a of l.assignees) donePeople.set(a.userId, (donePeople.get(a.userId) ?? 0) + a.partCents);
	}
	const people: DoneShare[] = split.people.map((p) => ({
		id: p.personId,
		name: p.name,
		doneCents: donePeople.get(p.personId) ?? 0,
		totalCents: p.grossCents
	}));
	const organisations: DoneShare[] = split.organisations.map((o) => ({
		id: o.organisationId,
		name: o.name,
		doneCents: o.personIds.reduce((acc, id) => acc + (donePeople.get(id) ?? 0), 0),
		totalCents: o.amountCents
	}));
	return { lines, people, organisations };
}

/** Everything the répartition page shows, for one member of the bid. */
export async function getSplitView(ctx: Ctx, actor: Actor, bidId: string) {
	// Everything read once (the bid row, lots, lines, members with their rates and acceptances):
	// the access, the split and the page all come from these facts.
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	const { bid, members } = facts;
	const myMembership = members.find((m) => m.id === actor.id);
	const access = authorizeAccess(actor, accessFromFacts(facts, actor.id, ctx.now()), 'view');
	let split: SplitResult | null = null;
	let splitError: string | null = null;
	try {
		split = splitOf(facts);
	} catch (e) {
		if (!(e instanceof DomainError)) throw e;
		splitError = e.message;
	}
	const numbers = new Map(facts.lots.map((l) => [l.id, l.number]));
	const participants: SplitParticipant[] = members.filter(takesPart);
	const mine = participants.find((p) => p.id === actor.id) ?? null;
	const withdrawn = mine && mine.acceptedAt === null ? await lastWithdrawalOf(ctx, bidId, actor.id) : null;
	const myLines = split ? myLinesOf(split, facts, numbers, actor.id) : [];

	const won = bid.status === 'won';
	let tracking: { lines: TrackingLine[]; people: DoneShare[]; organisations: DoneShare[] } | null = null;
	let ledger: PaymentLedger | null = null;
	let actorOrg: string | null = null;
	if (won && split) {
		tracking = trackingOf(split, facts, (assignees) =>
			canSplit(actor, 'trackLine', access, { assigned: assignees.some((a) => a.userId === actor.id) })
		);
		ledger = await loadPaymentLedger(ctx.db, bidId, split, numbers);
		actorOrg = myMembership?.organisationId ?? null;
	}

	return {
		status: bid.status as BidStatus,
		decidedAt: bid.decided_at,
		feeRateBp: bid.fee_rate_bp,
		coordinatorId: bid.coordinator_id,
		split,
		splitError,
		fingerprint: split ? splitFingerprint(split) : null,
		/** The coordination fee invoices, each stated from its issuer to whom it bills. */
		feeInvoices: split ? feeInvoiceViews(split) : [],
		lotNumbers: Object.fromEntries(numbers) as Record<string, number>,
		participants,
		observers: members.filter((m) => !takesPart(m)).map((m) => ({ id: m.id, name: m.name, organisationName: m.organisationName })),
		me: mine
			? { id: mine.id, role: mine.role, acceptedAt: mine.acceptedAt, acceptedNetCents: mine.acceptedNetCents, withdrawn, lines: myLines }
			: null,
		can: {
			setFee: can(actor, 'bid', 'setFee', access),
			acceptSplit: can(actor, 'bid', 'acceptSplit', access) && split !== null && split.lines.length > 0,
			decide: can(actor, 'bid', 'decide', access),
			recordPayment: canSplit(actor, 'recordPayments', access),
			deletePayments: canSplit(actor, 'deleteAnyPayment', access)
		},
		tracking,
		ledger,
		/** Legal members the actor may record payments for (all for the coordinator). */
		payableOrganisations: won
			? (ledger?.memberLots ?? [])
					.filter((m) =>
						canSplit(actor, 'recordPaymentFor', access, { payee: { organisationId: m.organisationId, actorOrganisationId: actorOrg } })
					)
					.map((m) => `${m.lotId}:${m.organisationId}`)
			: [],
		today: parisDateOf(ctx.now())
	};
}

export type SplitView = Awaited<ReturnType<typeof getSplitView>>;
