/** In-app notifications (e-mailed copies are queued by jobs.ts when SMTP is configured). */
import type { DB } from '../db/index';

export interface Notice {
	userId: string;
	bidId?: string | null;
	kind: string;
	message: string;
	link?: string;
}

/** Written in the caller's transaction, so a rolled-back change notifies no one. */
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

export async function listNotifications(db: DB, userId: string, limit = 20) {
	return db
		.selectFrom('notifications')
		.selectAll()
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

export async function markAllRead(db: DB, userId: string, now: number): Promise<void> {
	await db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}
