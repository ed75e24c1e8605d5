/**
 * The revenue split of a bid as its members see it, agree to it and live it after the award:
 * the coordination fee, each member's acceptance, the buyer's decision, the tracking of the
 * deliverables of a won bid and the payments received. Every figure comes from
 * src/lib/domain/split.ts (computeSplit, sharePaymentByGross); nothing here rounds money.
 *
 * Date-only values (due and delivery dates of a deliverable, date a payment was received) are
 * stored as milliseconds at 00:00 UTC of the calendar day, and shown with timeZone 'UTC'.
 */
import { createHash } from 'node:crypto';
import { logActivity } from '../activity';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { BidRole, BidStatus, DeliverableStatus } from '../db/schema';
import { DomainError, forbidden, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.service';
import { can } from '../policies/index';
import type { Actor } from '../policies/actor';
import { canSplit } from '../policies/split.policy';
import { listBidLots } from '../bids/bids.repository';
import { authorizeAccess, authorizeBid, loadBidAccess } from '../bids/bid-access';
import { loadSplitFacts } from './split.repository';
import { listDeliverables } from '../bids/deliverables.repository';
import { accessFromFacts, computeBidSplit, splitOf } from './split-input';
import { withdrawAcceptances } from './acceptance';
import { sharePaymentByGross, type SplitResult } from '../../domain/split';
import { formatEuros, formatRate, FULL_RATE_BP } from '../../domain/money';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

const DAY_MS = 24 * 3600 * 1000;

export const DELIVERABLE_STATUSES: Record<DeliverableStatus, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	delivered: 'Livrée',
	invoiced: 'Facturée'
};

/**
 * True for one of the four statuses. An own-key check: `x in DELIVERABLE_STATUSES` also holds
 * for `constructor`, `toString` or `__proto__`, inherited from Object.prototype.
 */
export function isDeliverableStatus(value: string): value is DeliverableStatus {
	return Object.hasOwn(DELIVERABLE_STATUSES, value);
}

/** Statuses that count as « done » in the share of deliverables done. */
const DONE: ReadonlySet<DeliverableStatus> = new Set(['delivered', 'invoiced']);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The split of a bid from the database; an impossible input becomes a French 409. */

/**
 * A short fingerprint of every figure of a split. The acceptance form carries the one the member
 * saw, so a change made in between (by someone else) cannot be accepted unseen.
 */
export function splitFingerprint(split: SplitResult): string {
	return createHash('sha256').update(JSON.stringify(split)).digest('hex').slice(0, 32);
}

/** The calendar date (00:00 UTC of that day, in ms) of an instant, in Paris. */
export function parisDateOf(ms: number): number {
	const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
	return Date.parse(`${ymd}T00:00:00Z`);
}

function isCalendarDate(ms: number | null): boolean {
	return ms === null || (Number.isSafeInteger(ms) && ms % DAY_MS === 0 && ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2200, 0, 1));
}

function parseJson(raw: string | null): unknown {
	if (!raw) return null;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return null;
	}
}

async function lotNumbers(db: DB, bidId: string): Promise<Map<string, number>> {
	return new Map((await listBidLots(db, bidId)).map((r) => [r.id, r.number]));
}

async function everyoneBut(db: DB, bidId: string, userId: string): Promise<string[]> {
	const rows = await db.selectFrom('bid_members').select('user_id').where('bid_id', '=', bidId).where('user_id', '!=', userId).execute();
	return rows.map((r) => r.user_id);
}

// ---------------------------------------------------------------------------------------------
// Coordination fee
// ---------------------------------------------------------------------------------------------

/**
 * The coordinator sets the coordination fee rate (0–100 %, in basis points). A change withdraws
 * every acceptance in the same transaction. Returns false when the rate was already that one.
 */
export async function setFee(ctx: Ctx, actor: Actor, bidId: string, feeRateBp: number): Promise<boolean> {
	await authorizeBid(ctx, actor, bidId, 'setFee');
	if (!Number.isInteger(feeRateBp) || feeRateBp < 0 || feeRateBp > FULL_RATE_BP) {
		throw invalid({ feeRate: 'Frais de coordination : le taux doit être compris entre 0 et 100 %.' });
	}
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('bids').select('fee_rate_bp').where('id', '=', bidId).executeTakeFirstOrThrow();
		if (before.fee_rate_bp === feeRateBp) return false;
		await trx.updateTable('bids').set({ fee_rate_bp: feeRateBp }).where('id', '=', bidId).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'fee_changed',
			before: { feeRateBp: before.fee_rate_bp },
			after: { feeRateBp }
		});
		await withdrawAcceptances(
			trx,
			bidId,
			actor.id,
			`frais de coordination passés de ${formatRate(before.fee_rate_bp)} à ${formatRate(feeRateBp)}`,
			now
		);
		return true;
	});
}

// ---------------------------------------------------------------------------------------------
// Acceptance
// ---------------------------------------------------------------------------------------------

/**
 * A member (or the coordinator) accepts the split as it stands: their gross and net are stored
 * with the date, the activity log records it and the coordinator is told. When `fingerprint`
 * is given (the page's form sends the one of the split it showed) and the split has changed
 * since, nothing is stored and a French 409 asks to read it again.
 */
export async function acceptSplit(ctx: Ctx, actor: Actor, bidId: string, fingerprint?: string): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'acceptSplit');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const split = await computeBidSplit(trx, bidId);
		if (split.lines.length === 0) throw new DomainError('conflict', 'Il n’y a encore aucune prestation : il n’y a rien à accepter.');
		if (fingerprint !== undefined && fingerprint !== splitFingerprint(split)) {
			throw new DomainError('conflict', 'La répartition a changé depuis l’ouverture de la page : relisez-la, puis acceptez-la à nouveau.');
		}
		const me = split.people.find((p) => p.personId === actor.id);
		if (!me) throw forbidden();
		await trx
			.insertInto('split_acceptances')
			.values({ bid_id: bidId, user_id: actor.id, accepted_at: now, gross_cents: me.grossCents, net_cents: me.netCents })
			.onConflict((oc) =>
				oc.columns(['bid_id', 'user_id']).doUpdateSet({ accepted_at: now, gross_cents: me.grossCents, net_cents: me.netCents })
			)
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'split',
			entityId: bidId,
			action: 'accepted',
			after: { grossCents: me.grossCents, netCents: me.netCents }
		});
		if (actor.id !== access.coordinatorId) {
			const accepted = await trx.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bidId).execute();
			const everyone = split.people.every((p) => accepted.some((a) => a.user_id === p.personId));
			await notify(trx, now, [
				{
					userId: access.coordinatorId,
					bidId,
					kind: 'split_accepted',
					message:
						`${me.name} a accepté la répartition (brut ${formatEuros(me.grossCents)}, net ${formatEuros(me.netCents)}).` +
						(everyone ? ' Tous les membres ont maintenant accepté.' : ''),
					link: `/reponses/${bidId}/repartition`
				}
			]);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------------

/** The coordinator records the buyer's decision on a submitted bid: won (attribuée) or lost. */
export async function decideBid(ctx: Ctx, actor: Actor, bidId: string, outcome: 'won' | 'lost'): Promise<void> {
	if (outcome !== 'won' && outcome !== 'lost') throw invalid({ outcome: 'Décision : choisissez « attribuée » ou « non retenue ».' });
	const access = await loadBidAccess(ctx, actor, bidId);
	// Clearer than the generic answers of authorizeBid (« figée ») for these two cases: who first…
	if (!can(actor, 'bid', 'decide', { ...access, status: 'submitted' }))
		throw forbidden('Seule la coordination enregistre la décision de l’acheteur.');
	// …then when.
	if (access.status !== 'submitted') {
		throw new DomainError(
			'conflict',
			access.status === 'draft'
				? 'La réponse n’a pas encore été déposée : la décision de l’acheteur s’enregistre après le dépôt.'
				: 'La décision de l’acheteur est déjà enregistrée.'
		);
	}
	await authorizeBid(ctx, actor, bidId, 'decide');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const done = await trx
			.updateTable('bids')
			.set({ status: outcome, decided_at: now })
			.where('id', '=', bidId)
			.where('status', '=', 'submitted')
			.executeTakeFirst();
		if (Number(done.numUpdatedRows) !== 1) throw new DomainError('conflict', 'La décision de l’acheteur est déjà enregistrée.');
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'decided',
			before: { status: 'submitted' },
			after: { status: outcome }
		});
		const tender = await trx
			.selectFrom('bids')
			.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
			.select('tenders.title')
			.where('bids.id', '=', bidId)
			.executeTakeFirstOrThrow();
		const message =
			outcome === 'won'
				? `Bonne nouvelle : la réponse « ${tender.title} » a été attribuée au groupement. Suivez les prestations et les paiements dans la répartition.`
				: `La réponse « ${tender.title} » n’a pas été retenue par l’acheteur.`;
		await notify(
			trx,
			now,
			(await everyoneBut(trx, bidId, actor.id)).map((userId) => ({
				userId,
				bidId,
				kind: `bid_${outcome}`,
				message,
				link: `/reponses/${bidId}/repartition`
			}))
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Tracking of the deliverables of a won bid
// ---------------------------------------------------------------------------------------------

export interface TrackingInput {
	status: DeliverableStatus;
	/** Calendar date (00:00 UTC) or null. */
	dueOn: number | null;
	/** Calendar date (00:00 UTC) or null; only for a delivered or invoiced line. */
	deliveredOn: number | null;
}

/**
 * The line's assignees, or the coordinator, set its status (à faire / en cours / livrée /
 * facturée), due date and delivery date, once the bid is won. A delivered or invoiced line
 * without a delivery date gets today's (Paris) date.
 */
export async function setDeliverableTracking(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	deliverableId: string,
	input: TrackingInput
): Promise<void> {
	const access = await loadBidAccess(ctx, actor, bidId);
	const line = await ctx.db
		.selectFrom('deliverables')
		.select(['id', 'label', 'status', 'due_at', 'delivered_at'])
		.where('id', '=', deliverableId)
		.where('bid_id', '=', bidId)
		.executeTakeFirst();
	if (!line) throw notFound();
	if (access.status !== 'won') throw new DomainError('conflict', 'Le suivi des prestations commence quand la réponse est attribuée.');
	const assigned = await ctx.db
		.selectFrom('deliverable_assignees')
		.select('user_id')
		.where('deliverable_id', '=', deliverableId)
		.where('user_id', '=', actor.id)
		.executeTakeFirst();
	if (!canSplit(actor, 'trackLine', access, { assigned: Boolean(assigned) })) {
		throw forbidden('Seules les personnes affectées à cette prestation et la coordination peuvent en changer le suivi.');
	}
	const errors: Record<string, string> = {};
	if (!isDeliverableStatus(input.status)) errors.status = 'Statut : choisissez une valeur de la liste.';
	if (!isCalendarDate(input.dueOn)) errors.dueOn = 'Échéance : date invalide.';
	if (!isCalendarDate(input.deliveredOn)) errors.deliveredOn = 'Livrée le : date invalide.';
	const today = parisDateOf(ctx.now());
	let deliveredOn = input.deliveredOn;
	if (!errors.deliveredOn && !errors.status) {
		if (DONE.has(input.status)) deliveredOn ??= today;
		else if (deliveredOn !== null) errors.deliveredOn = 'Livrée le : seulement pour une prestation livrée ou facturée.';
		if (deliveredOn !== null && deliveredOn > today) errors.deliveredOn = 'Livrée le : la date ne peut pas être dans le futur.';
	}
	if (Object.keys(errors).length) throw invalid(errors);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('deliverables')
			.set({ status: input.status, due_at: input.dueOn, delivered_at: deliveredOn })
			.where('id', '=', deliverableId)
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'deliverable',
			entityId: deliverableId,
			action: 'tracked',
			before: { status: line.status, dueOn: line.due_at, deliveredOn: line.delivered_at },
			after: { status: input.status, dueOn: input.dueOn, deliveredOn }
		});
		if (line.status !== input.status && actor.id !== access.coordinatorId) {
			await notify(trx, now, [
				{
					userId: access.coordinatorId,
					bidId,
					kind: 'deliverable_tracked',
					message: `Prestation « ${line.label} » : ${DELIVERABLE_STATUSES[input.status].toLowerCase()}.`,
					link: `/reponses/${bidId}/repartition#suivi`
				}
			]);
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

export interface PaymentInput {
	lotId: string;
	/** The legal member that received the money. */
	organisationId: string;
	/** Cents HT, > 0. */
	amountCents: number;
	/** Calendar date of receipt (00:00 UTC). */
	receivedOn: number;
}

/** The actor's legal member in the bid (null for a non-member). */
async function bidOrganisationOf(db: DB, bidId: string, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('bid_members')
		.select('organisation_id')
		.where('bid_id', '=', bidId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.organisation_id ?? null;
}

/**
 * Records a payment received from the buyer by one legal member for one lot of a won bid, and
 * shares it among that member's people on that lot.
 *
 * Who: the coordinator for any member; a member for their own legal member.
 * Refused (French messages, nothing saved): an amount that is not > 0; more than what remains
 * to be received by that member on that lot (the message gives the figure); a lot or member not
 * in the split; a date in the future.
 *
 * Sharing (largest remainder, sharePaymentByGross): in proportion to what each person still has
 * to receive on that lot (their gross in the lot minus their shares of earlier payments). The
 * first payment is therefore shared exactly by gross, nobody ever receives more than their
 * gross, and the payment that completes the lot leaves everyone with exactly their gross.
 */
export async function recordPayment(ctx: Ctx, actor: Actor, bidId: string, input: PaymentInput): Promise<string> {
	const access = await loadBidAccess(ctx, actor, bidId);
	if (access.status !== 'won') throw new DomainError('conflict', 'Les paiements s’enregistrent une fois la réponse attribuée.');
	if (!canSplit(actor, 'recordPayments', access)) throw forbidden('En lecture seule, vous ne pouvez pas enregistrer de paiement.');
	const actorOrg = await bidOrganisationOf(ctx.db, bidId, actor.id);
	const errors: Record<string, string> = {};
	if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
		errors.amount =
			Number.isFinite(input.amountCents) && input.amountCents < 0
				? 'Montant : un paiement ne peut pas être négatif.'
				: 'Montant : indiquez un montant supérieur à 0.';
	}
	if (!isCalendarDate(input.receivedOn)) errors.receivedOn = 'Date de réception : date invalide.';
	else if (input.receivedOn > parisDateOf(ctx.now())) errors.receivedOn = 'Date de réception : la date ne peut pas être dans le futur.';
	if (Object.keys(errors).length) throw invalid(errors);
	if (!canSplit(actor, 'recordPaymentFor', access, { payee: { organisationId: input.organisationId, actorOrganisationId: actorOrg } })) {
		throw forbidden(
			'Vous pouvez enregistrer les paiements reçus par votre structure ; pour les autres membres, demandez à la coordination.'
		);
	}
	const now = ctx.now();
	const id = newId();
	await ctx.db.transaction().execute(async (trx) => {
		const split = await computeBidSplit(trx, bidId);
		const numbers = await lotNumbers(trx, bidId);
		const lot = split.lots.find((l) => l.lotId === input.lotId);
		const member = lot?.members.find((m) => m.organisationId === input.organisationId);
		if (!lot || !member) throw invalid({ target: 'Lot et membre : cette structure n’a pas de prestation sur ce lot.' });
		const where = `${member.name} sur le lot ${numbers.get(lot.lotId) ?? '?'}`;
		const earlier = await trx
			.selectFrom('payment_shares')
			.innerJoin('payments', 'payments.id', 'payment_shares.payment_id')
			.select(['payment_shares.user_id', 'payment_shares.amount_cents'])
			.where('payments.bid_id', '=', bidId)
			.where('payments.lot_id', '=', input.lotId)
			.where('payments.organisation_id', '=', input.organisationId)
			.execute();
		const receivedBy = new Map<string, number>();
		for (const s of earlier) receivedBy.set(s.user_id, (receivedBy.get(s.user_id) ?? 0) + s.amount_cents);
		const outstanding = member.people.map((p) => ({
			personId: p.personId,
			grossCents: Math.max(0, p.grossCents - (receivedBy.get(p.personId) ?? 0))
		}));
		const remaining = outstanding.reduce((acc, p) => acc + p.grossCents, 0);
		if (remaining === 0) {
			throw invalid({ amount: `Montant : tout a déjà été reçu pour ${where} (${formatEuros(member.amountCents)}).` });
		}
		if (input.amountCents > remaining) {
			throw invalid(
				{ amount: `Montant : il reste ${formatEuros(remaining)} à recevoir pour ${where}.` },
				`Il reste ${formatEuros(remaining)} à recevoir pour ${where}.`
			);
		}
		const shares = sharePaymentByGross(input.amountCents, outstanding);
		await trx
			.insertInto('payments')
			.values({
				id,
				bid_id: bidId,
				lot_id: input.lotId,
				organisation_id: input.organisationId,
				amount_cents: input.amountCents,
				received_on: input.receivedOn,
				recorded_by: actor.id,
				created_at: now
			})
			.execute();
		await trx
			.insertInto('payment_shares')
			.values(shares.map((s, i) => ({ payment_id: id, user_id: s.personId, amount_cents: s.amountCents, position: i })))
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'payment',
			entityId: id,
			action: 'recorded',
			after: {
				lot: numbers.get(lot.lotId),
				organisation: member.name,
				amountCents: input.amountCents,
				receivedOn: input.receivedOn,
				shares
			}
		});
		await notify(
			trx,
			now,
			shares
				.filter((s) => s.personId !== actor.id && s.amountCents > 0)
				.map((s) => ({
					userId: s.personId,
					bidId,
					kind: 'payment_recorded',
					message: `Paiement de ${formatEuros(input.amountCents)} reçu par ${where} : votre part est de ${formatEuros(s.amountCents)}.`,
					link: `/reponses/${bidId}/repartition#paiements`
				}))
		);
	});
	return id;
}

/** The coordinator, or whoever recorded it, deletes a payment entered by mistake (logged). */
export async function deletePayment(ctx: Ctx, actor: Actor, bidId: string, paymentId: string): Promise<void> {
	const access = await loadBidAccess(ctx, actor, bidId);
	const payment = await ctx.db
		.selectFrom('payments')
		.selectAll()
		.where('id', '=', paymentId)
		.where('bid_id', '=', bidId)
		.executeTakeFirst();
	if (!payment) throw notFound();
	if (!canSplit(actor, 'deletePayment', access, { recordedBy: payment.recorded_by })) {
		throw forbidden('Seule la coordination, ou la personne qui l’a enregistré, peut supprimer un paiement.');
	}
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx.deleteFrom('payments').where('id', '=', paymentId).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'payment',
			entityId: paymentId,
			action: 'deleted',
			before: {
				lotId: payment.lot_id,
				organisationId: payment.organisation_id,
				amountCents: payment.amount_cents,
				receivedOn: payment.received_on
			}
		});
	});
}

export interface LedgerPayment {
	id: string;
	lotId: string;
	lotNumber: number;
	organisationId: string;
	organisationName: string;
	amountCents: number;
	receivedOn: number;
	recordedById: string;
	recordedByName: string;
	createdAt: number;
	shares: Array<{ personId: string; name: string; amountCents: number }>;
}

export interface LedgerMemberLot {
	lotId: string;
	lotNumber: number;
	organisationId: string;
	organisationName: string;
	/** The member's amount in the lot (DC1 / ATTRI1). */
	expectedCents: number;
	receivedCents: number;
	remainingCents: number;
}

export interface LedgerPerson {
	personId: string;
	name: string;
	organisationId: string;
	organisationName: string;
	/** The person's gross (all lots): what the buyer pays their legal member for their work. */
	expectedCents: number;
	/** Σ their shares of the payments. */
	receivedCents: number;
	/** expected − received. */
	outstandingCents: number;
}

export interface PaymentLedger {
	payments: LedgerPayment[];
	memberLots: LedgerMemberLot[];
	people: LedgerPerson[];
	totals: { expectedCents: number; receivedCents: number; remainingCents: number };
}

/**
 * The payment ledger of a bid against its split: each payment with its shares (oldest received
 * first), expected / received / remaining per lot and legal member, and per person.
 */
export async function loadPaymentLedger(
	db: DB,
	bidId: string,
	split: SplitResult,
	lotNumbersKnown?: Map<string, number>
): Promise<PaymentLedger> {
	const numbers = lotNumbersKnown ?? (await lotNumbers(db, bidId));
	const rows = await db
		.selectFrom('payments')
		.innerJoin('organisations', 'organisations.id', 'payments.organisation_id')
		.innerJoin('users', 'users.id', 'payments.recorded_by')
		.select([
			'payments.id',
			'payments.lot_id',
			'payments.organisation_id',
			'payments.amount_cents',
			'payments.received_on',
			'payments.recorded_by',
			'payments.created_at',
			'organisations.name as orgName',
			'users.name as recorderName'
		])
		.where('payments.bid_id', '=', bidId)
		.orderBy('payments.received_on')
		.orderBy('payments.created_at')
		.orderBy('payments.id')
		.execute();
	const shareRows = await db
		.selectFrom('payment_shares')
		.innerJoin('payments', 'payments.id', 'payment_shares.payment_id')
		.innerJoin('users', 'users.id', 'payment_shares.user_id')
		.select(['payment_shares.payment_id', 'payment_shares.user_id', 'payment_shares.amount_cents', 'users.name'])
		.where('payments.bid_id', '=', bidId)
		.orderBy('payment_shares.position')
		.execute();
	const payments: LedgerPayment[] = rows.map((r) => ({
		id: r.id,
		lotId: r.lot_id,
		lotNumber: numbers.get(r.lot_id) ?? 0,
		organisationId: r.organisation_id,
		organisationName: r.orgName,
		amountCents: r.amount_cents,
		receivedOn: r.received_on,
		recordedById: r.recorded_by,
		recordedByName: r.recorderName,
		createdAt: r.created_at,
		shares: shareRows.filter((s) => s.payment_id === r.id).map((s) => ({ personId: s.user_id, name: s.name, amountCents: s.amount_cents }))
	}));
	const memberLots: LedgerMemberLot[] = [];
	for (const lot of split.lots) {
		for (const m of lot.members) {
			const receivedCents = payments
				.filter((p) => p.lotId === lot.lotId && p.organisationId === m.organisationId)
				.reduce((acc, p) => acc + p.amountCents, 0);
			memberLots.push({
				lotId: lot.lotId,
				lotNumber: numbers.get(lot.lotId) ?? 0,
				organisationId: m.organisationId,
				organisationName: m.name,
				expectedCents: m.amountCents,
				receivedCents,
				remainingCents: m.amountCents - receivedCents
			});
		}
	}
	const orgNames = new Map(split.organisations.map((o) => [o.organisationId, o.name]));
	const receivedBy = new Map<string, number>();
	for (const p of payments) for (const s of p.shares) receivedBy.set(s.personId, (receivedBy.get(s.personId) ?? 0) + s.amountCents);
	const people: LedgerPerson[] = split.people.map((p) => {
		const receivedCents = receivedBy.get(p.personId) ?? 0;
		return {
			personId: p.personId,
			name: p.name,
			organisationId: p.organisationId,
			organisationName: orgNames.get(p.organisationId) ?? '',
			expectedCents: p.grossCents,
			receivedCents,
			outstandingCents: p.grossCents - receivedCents
		};
	});
	const receivedCents = payments.reduce((acc, p) => acc + p.amountCents, 0);
	return {
		payments,
		memberLots,
		people,
		totals: { expectedCents: split.totals.offerCents, receivedCents, remainingCents: split.totals.offerCents - receivedCents }
	};
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

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

/** Everything the répartition page shows, for one member of the bid. */
export async function getSplitView(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string) {
	// Everything read once (the bid row, lots, lines, members with their rates and acceptances):
	// the access, the split and the page all come from these facts.
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	const { bid, lines, members } = facts;
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
	const participants: SplitParticipant[] = members.filter((m) => m.role !== 'observer');
	const mine = participants.find((p) => p.id === actor.id) ?? null;

	// Why my acceptance is gone: the newest withdrawal that included me.
	let withdrawn: { at: number; reason: string; by: string | null } | null = null;
	if (mine && mine.acceptedAt === null) {
		const entries = await ctx.db
			.selectFrom('activity')
			.leftJoin('users', 'users.id', 'activity.actor_id')
			.select(['activity.at', 'activity.before', 'activity.after', 'users.name'])
			.where('activity.bid_id', '=', bidId)
			.where('activity.entity', '=', 'split')
			.where('activity.action', '=', 'acceptances_withdrawn')
			.orderBy('activity.id', 'desc')
			.limit(50)
			.execute();
		for (const e of entries) {
			const before = parseJson(e.before) as { accepted?: unknown } | null;
			if (!Array.isArray(before?.accepted) || !before.accepted.includes(actor.id)) continue;
			const after = parseJson(e.after) as { reason?: unknown } | null;
			withdrawn = { at: e.at, reason: typeof after?.reason === 'string' ? after.reason : 'la répartition a changé', by: e.name };
			break;
		}
	}

	const myLines: MyLine[] = [];
	if (split) {
		for (const l of split.lines) {
			const part = l.parts.find((p) => p.personId === actor.id);
			if (!part) continue;
			const source = lines.find((x) => x.id === l.id);
			myLines.push({
				lineId: l.id,
				lotNumber: numbers.get(l.lotId) ?? 0,
				code: source?.code ?? '',
				label: l.label,
				amountCents: l.amountCents,
				weight: part.weight,
				weightTotal: l.parts.reduce((acc, p) => acc + p.weight, 0),
				partCents: part.amountCents,
				with: l.parts.filter((p) => p.personId !== actor.id).map((p) => split!.people.find((x) => x.personId === p.personId)?.name ?? '')
			});
		}
	}

	const won = bid.status === 'won';
	let tracking: { lines: TrackingLine[]; people: DoneShare[]; organisations: DoneShare[] } | null = null;
	let ledger: PaymentLedger | null = null;
	let actorOrg: string | null = null;
	if (won && split) {
		const partOf = new Map(split.lines.map((l) => [l.id, l.parts]));
		const trackingLines: TrackingLine[] = lines.map((l) => ({
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
			canEdit: canSplit(actor, 'trackLine', access, { assigned: l.assignees.some((a) => a.userId === actor.id) })
		}));
		const donePeople = new Map<string, number>();
		for (const l of trackingLines) {
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
		tracking = { lines: trackingLines, people, organisations };
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
		lotNumbers: Object.fromEntries(numbers) as Record<string, number>,
		participants,
		observers: members.filter((m) => m.role === 'observer').map((m) => ({ id: m.id, name: m.name, organisationName: m.organisationName })),
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

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/**
 * What the CSV/JSON exports need, after checking the actor is a member of the bid (404
 * otherwise): the split, the payment ledger (empty unless the bid is won) and the bid's details.
 */
export async function loadExport(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'bids.status', 'tenders.title', 'tenders.buyer', 'tenders.reference'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	const split = await computeBidSplit(ctx.db, bidId);
	const lines = await listDeliverables(ctx.db, bidId);
	const ledger = await loadPaymentLedger(ctx.db, bidId, split);
	return {
		split,
		ledger,
		meta: {
			bidId: bid.id,
			title: bid.title,
			buyer: bid.buyer,
			reference: bid.reference,
			status: bid.status,
			lotNumbers: Object.fromEntries(await lotNumbers(ctx.db, bidId)) as Record<string, number>,
			lineInfo: Object.fromEntries(lines.map((l) => [l.id, { code: l.code, unit: l.unit }])),
			generatedAt: ctx.now()
		}
	};
}
