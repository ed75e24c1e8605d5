/**
 * The buyer's decision on a submitted bid, recorded by the coordinator: won (attribuée) or
 * lost. Every other member is told; a won bid opens the tracking of its deliverables and the
 * payments (tracking.service, payments.service).
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, forbidden, invalid } from '../errors';
import { notify } from '../notifications/notifications.repository';
import { can } from '../policies/index';
import type { Actor } from '../policies/actor';
import { authorizeBid, loadBidAccess } from '../bids/bid-access';
import { getBidWithTender, listMemberIdsExcept, recordDecision } from './split.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

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
		if (!(await recordDecision(trx, bidId, outcome, now))) {
			throw new DomainError('conflict', 'La décision de l’acheteur est déjà enregistrée.');
		}
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'decided',
			before: { status: 'submitted' },
			after: { status: outcome }
		});
		const { title } = await getBidWithTender(trx, bidId);
		const message =
			outcome === 'won'
				? `Bonne nouvelle : la réponse « ${title} » a été attribuée au groupement. Suivez les prestations et les paiements dans la répartition.`
				: `La réponse « ${title} » n’a pas été retenue par l’acheteur.`;
		await notify(
			trx,
			now,
			(await listMemberIdsExcept(trx, bidId, actor.id)).map((userId) => ({
				userId,
				bidId,
				kind: `bid_${outcome}`,
				message,
				link: `/reponses/${bidId}/repartition`
			}))
		);
	});
}
