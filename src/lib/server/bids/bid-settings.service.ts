/**
 * The coordinator's settings of a bid: the lots it answers, the form of the group, the internal
 * freeze, whether observers may suggest changes. Each use case authorizes `manage`, then writes and logs in one transaction.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { BidForm } from '../db/schema';
import { invalid } from '../errors';
import type { Actor } from '../policies/actor';
import { listLots } from '../tenders/tenders.repository';
import { syncRequirementItems } from '../requirements/sync';
import { authorizeBid } from './bid-access';
import { formProblem } from './bid-rules';
import {
	countParticipantOrganisations,
	getBid,
	hasLinesOnLots,
	replaceBidLots,
	updateBidForm,
	updateInternalFreeze,
	updateObserversMaySuggest
} from './bids.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab'>;

/** The bid answers exactly `lotIds` (lots of its tender); a dropped lot must have no price line left. */
export async function setBidLots(ctx: Ctx, actor: Actor, bidId: string, lotIds: string[]): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const bid = await getBid(ctx.db, bidId);
	const lots = await listLots(ctx.db, bid.tender_id);
	const chosen = lots.filter((l) => lotIds.includes(l.id));
	if (chosen.length === 0) throw invalid({ lots: 'Choisissez au moins un lot auquel répondre.' });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const dropped = lots.filter((l) => !lotIds.includes(l.id)).map((l) => l.id);
		if (await hasLinesOnLots(trx, bidId, dropped)) {
			throw invalid({ lots: 'Un lot retiré a encore des prestations : supprimez-les d’abord.' });
		}
		await replaceBidLots(
			trx,
			bidId,
			chosen.map((l) => l.id)
		);
		await syncRequirementItems(trx, bidId);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'lots_changed',
			after: { lots: chosen.map((l) => l.number) }
		});
	});
}

/** The form of the group; it must fit the number of organisations among the participants. */
export async function setBidForm(ctx: Ctx, actor: Actor, bidId: string, form: BidForm): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const before = await getBid(trx, bidId);
		const problem = formProblem(form, await countParticipantOrganisations(trx, bidId));
		if (problem) throw invalid({ form: problem });
		await updateBidForm(trx, bidId, form);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'form_changed',
			before: { form: before.form },
			after: { form }
		});
	});
}

/** After `at`, only the coordinator changes the bid; it must precede the deadline. Open editors re-check their access. */
export async function setInternalFreeze(ctx: Ctx, actor: Actor, bidId: string, at: number): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'manage');
	if (at > access.dlro) throw invalid({ freeze: 'Le gel interne doit précéder la date limite de remise des offres.' });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await updateInternalFreeze(trx, bidId, at);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'freeze_changed',
			before: { at: access.internalFreezeAt },
			after: { at }
		});
	});
	ctx.collab?.refreshAccess('section/');
}

/** Lets the bid's observers suggest changes in the sections (or not). Open editors re-check their access. */
export async function setObserversMaySuggest(ctx: Ctx, actor: Actor, bidId: string, allowed: boolean): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	const changed = await ctx.db.transaction().execute(async (trx) => {
		const before = (await getBid(trx, bidId)).observers_may_suggest === 1;
		if (before === allowed) return false;
		await updateObserversMaySuggest(trx, bidId, allowed);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'observers_suggest_changed',
			before: { allowed: before },
			after: { allowed }
		});
		return true;
	});
	if (changed) await ctx.collab?.refreshAccess('section/');
}
