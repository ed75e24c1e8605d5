/**
 * A person's in-app notifications as use cases: the unread count every signed-in page's header
 * shows, and marking them read (the list is part of the dashboard's load). Writing one (`notify`) is a repository step other use cases call in their
 * own transaction.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { countUnread, markAllRead } from './notifications.repository';

/** Marks every unread notification of the person as read now. */
export async function readAllNotifications(ctx: AppContext, actor: Actor): Promise<void> {
	await markAllRead(ctx.db, actor.id, ctx.now());
}

/** The header's count: one indexed count query per page load. */
export async function unreadNotificationCount(ctx: Pick<AppContext, 'db'>, actor: Actor): Promise<number> {
	return countUnread(ctx.db, actor.id);
}
