/** The dashboard: my bids with role, deadline, progress, and what waits for me. */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { isParticipant } from '../policies/bid-member.policy';
import { listNotifications } from '../notifications/notifications.repository';
import { listMyBids, listSectionsToReview, listSectionsToWrite } from './dashboard.repository';
import { listInvitationsFor } from './invitations.repository';

export async function getDashboard(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor & { email: string }) {
	const now = ctx.now();
	const bids = await listMyBids(ctx.db, actor.id);
	const invitations = await listInvitationsFor(ctx.db, actor.email.toLowerCase(), now);
	const mySections = await listSectionsToWrite(ctx.db, actor.id);
	const toReview = await listSectionsToReview(ctx.db, actor.id);
	const notifications = await listNotifications(ctx.db, actor.id, 10);
	return {
		now,
		hasOrganisation: Boolean(actor.organisationId),
		bids: bids.map((b) => ({
			...b,
			needsAcceptance: b.status === 'draft' && isParticipant(b.role) && Number(b.myLines) > 0 && Number(b.accepted) === 0
		})),
		invitations,
		mySections,
		toReview,
		notifications
	};
}
