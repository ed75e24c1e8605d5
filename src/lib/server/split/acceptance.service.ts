/**
 * The terms members agree to: the coordinator sets the coordination fee, each member (and the
 * coordinator) accepts the split as it stands. Every figure comes from src/lib/domain/split.ts
 * (through split-input); nothing here rounds money. Withdrawing acceptances is acceptance.ts.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, forbidden, invalid } from '../errors';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { getFeeRate, listAcceptedUserIds, setFeeRate, upsertAcceptance } from './split.repository';
import { computeBidSplit } from './split-input';
import { splitFingerprint } from './split-rules';
import { withdrawAcceptances } from './acceptance';
import { formatEuros, formatRate, FULL_RATE_BP } from '../../domain/money';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

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
		const before = await getFeeRate(trx, bidId);
		if (before === feeRateBp) return false;
		await setFeeRate(trx, bidId, feeRateBp);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'fee_changed',
			before: { feeRateBp: before },
			after: { feeRateBp }
		});
		await withdrawAcceptances(
			trx,
			bidId,
			actor.id,
			`frais de coordination passés de ${formatRate(before)} à ${formatRate(feeRateBp)}`,
			now
		);
		return true;
	});
}

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
		await upsertAcceptance(trx, { bidId, userId: actor.id, acceptedAt: now, grossCents: me.grossCents, netCents: me.netCents });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'split',
			entityId: bidId,
			action: 'accepted',
			after: { grossCents: me.grossCents, netCents: me.netCents }
		});
		if (actor.id !== access.coordinatorId) {
			const accepted = new Set(await listAcceptedUserIds(trx, bidId));
			const everyone = split.people.every((p) => accepted.has(p.personId));
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
