/**
 * Members' acceptance of the split, withdrawn. Any change to a line, an assignment, a weight, a
 * rate, the fee or the membership withdraws every acceptance, in the caller's transaction: the
 * use cases that make those changes (here and in other features) call these two functions.
 */
import { logActivity } from '../activity.repository';
import type { DB } from '../db/index';
import { notify } from '../notifications/notifications.repository';
import { deleteAcceptances, listAcceptedUserIds, listDraftBidIdsOf } from './split.repository';

export async function withdrawAcceptances(db: DB, bidId: string, actorId: string | null, reason: string, now: number): Promise<number> {
	const accepted = await listAcceptedUserIds(db, bidId);
	if (accepted.length === 0) return 0;
	await deleteAcceptances(db, bidId);
	await logActivity(db, now, {
		actorId,
		bidId,
		entity: 'split',
		entityId: bidId,
		action: 'acceptances_withdrawn',
		before: { accepted },
		after: { reason }
	});
	await notify(
		db,
		now,
		accepted.map((userId) => ({
			userId,
			bidId,
			kind: 'split_changed',
			message: `La répartition a changé (${reason}) : votre acceptation a été retirée, relisez-la et acceptez-la à nouveau.`,
			link: `/reponses/${bidId}/repartition`
		}))
	);
	return accepted.length;
}

/** Withdraws acceptances in every draft bid where one of these people takes part (rate changes). */
export async function withdrawAcceptancesForPeople(db: DB, userIds: string[], actorId: string, reason: string, now: number): Promise<void> {
	if (userIds.length === 0) return;
	for (const bidId of await listDraftBidIdsOf(db, userIds)) await withdrawAcceptances(db, bidId, actorId, reason, now);
}
