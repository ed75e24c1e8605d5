/**
 * The SQL of in-app notifications (the `notifications` table), and the reads the notification
 * jobs need (bids nearing their deadline and their members): plain Kysely functions taking `db`
 * or a transaction first. Other features' use cases write their notices with `notify`, in their
 * own transaction; the wording and who is told stay with them.
 */
import type { DB } from '../db/index';

export interface Notice {
	userId: string;
	bidId?: string | null;
	kind: string;
	message: string;
	link?: string;
}

/** Writes the notices in the caller's transaction, so a rolled-back change notifies no one. */
export async function notify(db: DB, now: number, notices: Notice[]): Promise<void> {
	if (notices.length === 0) return;
	await db
		.insertInto('notifications')
		.values(
			notices.map((n) => ({
				user_id: n.userId,
				bid_id: n.bidId ?? null,
				kind: n.kind,
				message: n.message,
				link: n.link ?? '',
				created_at: now,
				read_at: null,
				emailed_at: null
			}))
		)
		.execute();
}

/** The person's newest notifications, each with the title of the bid it is about (null for none, or a bid since deleted). */
export async function listNotifications(db: DB, userId: string, limit = 20) {
	return db
		.selectFrom('notifications')
		.leftJoin('bids', 'bids.id', 'notifications.bid_id')
		.leftJoin('tenders', 'tenders.id', 'bids.tender_id')
		.selectAll('notifications')
		.select('tenders.title as bidTitle')
		.where('notifications.user_id', '=', userId)
		.orderBy('notifications.created_at', 'desc')
		.orderBy('notifications.id', 'desc')
		.limit(limit)
		.execute();
}

/** How many notifications the person has not read (the partial index `notifications_unread` holds only those). */
export async function countUnread(db: DB, userId: string): Promise<number> {
	const row = await db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The lot (number and title) of each of these sections that has one, for notifications about a section. */
export async function listSectionLots(db: DB, sectionIds: string[]) {
	if (sectionIds.length === 0) return [];
	return db
		.selectFrom('sections')
		.innerJoin('lots', 'lots.id', 'sections.lot_id')
		.select(['sections.id', 'lots.number', 'lots.title'])
		.where('sections.id', 'in', sectionIds)
		.execute();
}

export async function markAllRead(db: DB, userId: string, now: number): Promise<void> {
	await db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

/** Whether the bid already got a notification of one of `kinds`. */
export async function bidHasNotificationOfKind(db: DB, bidId: string, kinds: string[]): Promise<boolean> {
	const row = await db
		.selectFrom('notifications')
		.select('kind')
		.where('bid_id', '=', bidId)
		.where('kind', 'in', kinds)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/** Bids still in preparation whose DLRO falls in (`after`, `until`], with their tender's title. */
export async function listDraftBidsDueBetween(db: DB, after: number, until: number) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'tenders.title', 'tenders.dlro'])
		.where('bids.status', '=', 'draft')
		.where('tenders.dlro', '>', after)
		.where('tenders.dlro', '<=', until)
		.execute();
}

/** The people of a bid (its members, whatever their role). */
export async function listBidMemberIds(db: DB, bidId: string): Promise<string[]> {
	const rows = await db.selectFrom('bid_members').select('user_id').where('bid_id', '=', bidId).execute();
	return rows.map((r) => r.user_id);
}

/** Up to `limit` notifications written since `since` and not yet e-mailed, with their recipient, oldest first. */
export async function listNotificationsToEmail(db: DB, since: number, limit: number) {
	return db
		.selectFrom('notifications')
		.innerJoin('users', 'users.id', 'notifications.user_id')
		.select(['notifications.id', 'notifications.kind', 'notifications.message', 'notifications.link', 'users.email', 'users.name'])
		.where('notifications.emailed_at', 'is', null)
		.where('notifications.created_at', '>=', since)
		.orderBy('notifications.id')
		.limit(limit)
		.execute();
}

/** Marks the notification e-mailed unless it already was. */
export async function markEmailed(db: DB, id: number, now: number): Promise<void> {
	await db.updateTable('notifications').set({ emailed_at: now }).where('id', '=', id).where('emailed_at', 'is', null).execute();
}
