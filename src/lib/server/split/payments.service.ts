/**
 * Payments received from the buyer on a won bid: recording one (shared among the payee's people
 * on that lot by sharePaymentByGross, src/lib/domain/split.ts) and deleting one entered by
 * mistake. The ledger built from them is ledger.ts.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, forbidden, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canSplit } from '../policies/split.policy';
import { loadBidAccess } from '../bids/bid-access';
import { memberOrganisationId } from './split.repository';
import { deletePaymentRow, findPayment, insertPayment, listMemberLotShares } from './payments.repository';
import { computeBidSplit } from './split-input';
import { lotNumbersOf } from './ledger';
import { isCalendarDate, parisDateOf } from './split-rules';
import { sharePaymentByGross } from '../../domain/split';
import { formatEuros } from '../../domain/money';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export interface PaymentInput {
	lotId: string;
	/** The legal member that received the money. */
	organisationId: string;
	/** Cents HT, > 0. */
	amountCents: number;
	/** Calendar date of receipt (00:00 UTC). */
	receivedOn: number;
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
	const actorOrg = await memberOrganisationId(ctx.db, bidId, actor.id);
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
		const numbers = await lotNumbersOf(trx, bidId);
		const lot = split.lots.find((l) => l.lotId === input.lotId);
		const member = lot?.members.find((m) => m.organisationId === input.organisationId);
		if (!lot || !member) throw invalid({ target: 'Lot et membre : cette structure n’a pas de prestation sur ce lot.' });
		const where = `${member.name} sur le lot ${numbers.get(lot.lotId) ?? '?'}`;
		const receivedBy = new Map<string, number>();
		for (const s of await listMemberLotShares(trx, bidId, input.lotId, input.organisationId)) {
			receivedBy.set(s.user_id, (receivedBy.get(s.user_id) ?? 0) + s.amount_cents);
		}
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
		await insertPayment(
			trx,
			{
				id,
				bidId,
				lotId: input.lotId,
				organisationId: input.organisationId,
				amountCents: input.amountCents,
				receivedOn: input.receivedOn,
				recordedBy: actor.id,
				createdAt: now
			},
			shares
		);
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
	const payment = await findPayment(ctx.db, bidId, paymentId);
	if (!payment) throw notFound();
	if (!canSplit(actor, 'deletePayment', access, { recordedBy: payment.recorded_by })) {
		throw forbidden('Seule la coordination, ou la personne qui l’a enregistré, peut supprimer un paiement.');
	}
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await deletePaymentRow(trx, paymentId);
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
