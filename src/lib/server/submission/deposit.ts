/** Recording the deposit on the buyer's platform (use case): its time and the receipt file. */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, invalid } from '../errors';
import type { Actor } from '../policies/actor';
import { can } from '../policies/index';
import { authorizeBid } from '../bids/bid-access';
import { storeUpload } from '../files/storage';
import { findSubmission, setDeposit } from './submission.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'config'>;

/** The coordinator records the deposit on the buyer's platform: time and receipt file. */
export async function recordDeposit(ctx: Ctx, actor: Actor, bidId: string, input: { at: number; receipt: File | null }): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	if (!can(actor, 'bid', 'recordDeposit', access)) throw new DomainError('forbidden', 'Seule la coordination enregistre le dépôt.');
	const sub = await findSubmission(ctx.db, bidId);
	if (!sub) throw invalid({ _form: 'Approuvez et déposez d’abord la réponse dans Cotrait.' });
	if (input.at > ctx.now() + 5 * 60_000) throw invalid({ at: 'Heure du dépôt : elle ne peut pas être dans le futur.' });
	let fileId: string | null = null;
	if (input.receipt && input.receipt.size > 0) {
		fileId = (await storeUpload(ctx, input.receipt, { field: 'receipt', kind: 'receipt', bidId, uploadedBy: actor.id })).id;
	}
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await setDeposit(trx, sub.id, { at: input.at, receiptFileId: fileId, recordedBy: actor.id });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'deposit_recorded',
			after: { at: input.at, receipt: fileId }
		});
	});
}
