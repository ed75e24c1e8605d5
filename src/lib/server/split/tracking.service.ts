/**
 * The tracking of the deliverables of a won bid: the line's assignees, or the coordinator, set
 * its status (à faire / en cours / livrée / facturée), due date and delivery date; the
 * coordinator is told when someone else changes a status. Statuses and dates: split-rules.ts.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { DeliverableStatus } from '../db/schema';
import { DomainError, forbidden, invalid, notFound } from '../errors';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canSplit } from '../policies/split.policy';
import { loadBidAccess } from '../bids/bid-access';
import { findDeliverable, isAssignee, updateDeliverableTracking } from '../bids/deliverables.repository';
import { DELIVERABLE_STATUSES, DONE, isCalendarDate, isDeliverableStatus, parisDateOf } from './split-rules';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

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
	const line = await findDeliverable(ctx.db, bidId, deliverableId);
	if (!line) throw notFound();
	if (access.status !== 'won') throw new DomainError('conflict', 'Le suivi des prestations commence quand la réponse est attribuée.');
	const assigned = await isAssignee(ctx.db, deliverableId, actor.id);
	if (!canSplit(actor, 'trackLine', access, { assigned })) {
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
		await updateDeliverableTracking(trx, deliverableId, { status: input.status, dueAt: input.dueOn, deliveredAt: deliveredOn });
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
