/**
 * A person's in-app notifications as use cases: reading them is part of the dashboard's load;
 * marking them read is this. Writing one (`notify`) is a repository step other use cases call in
 * their own transaction.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { markAllRead } from './notifications.repository';

/** Marks every unread notification of the person as read now. */
export async function readAllNotifications(ctx: AppContext, actor: Actor): Promise<void> {
	await markAllRead(ctx.db, actor.id, ctx.now());
}
