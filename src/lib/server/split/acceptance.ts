/**
 * Members' acceptance of the split. Any change to a line, an assignment, a weight, a rate,
 * the fee or the membership withdraws every acceptance, in the caller's transaction.
 */
import { logActivity } from '../activity';
import type { DB } from '../db/index';
import { notify } from '../notifications/notifications.service';

export async function withdrawAcceptances(db: DB, bidId: string, actorId: string | null, reason: string, now: number): Promise<number> {
	const rows = await db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bidId).execute();
	if (rows.length === 0) return 0;
	await db.deleteFrom('split_acceptances').where('bid_id', '=', bidId).execute();
	await logActivity(db, now, {
		actorId,
		bidId,
		entity: 'split',
		entityId: bidId,
		action: 'acceptances_withdrawn',
		before: { accepted: rows.map((r) => r.user_id) },
		after: { reason }
	});
	await notify(
		db,
		now,
		rows.map((r) => ({
			userId: r.user_id,
			bidId,
			kind: 'split_changed',
			message: `La répartition a changé (${reason}) : votre acceptation a été retirée, relisez-la et acceptez-la à nouveau.`,
			link: `/reponses/${bidId}/repartition`
		}))
	);
	return rows.length;
}

/** Withdraws acceptances in every draft bid where one of these people takes part (rate changes). */
export async function withdrawAcceptancesForPeople(db: DB, userIds: string[], actorId: string, reason: string, now: number): Promise<void> {
	if (userIds.length === 0) return;
	const bids = await db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.select('bids.id')
		.distinct()
		.where('bid_members.user_id', 'in', userIds)
		.where('bids.status', '=', 'draft')
		.execute();
	for (const b of bids) await withdrawAcceptances(db, b.id, actorId, reason, now);
}
