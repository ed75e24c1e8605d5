/**
 * Reading a bid for its pages: the header every tab shows (tender, lots answered, members, form),
 * the overview tab (progress, the actor's sections to write, the tender's lots, pending
 * invitations) and the activity timeline in French (activity/describe.ts).
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import type { BidAccess } from '../policies/bid.policy';
import { isParticipant } from '../policies/bid-member.policy';
import { listLots } from '../tenders/tenders.repository';
import { readActivityNames } from '../activity/activity-names.repository';
import { ActivityNames, activityRefs, describeActivity } from '../activity/describe';
import { nextTenderDate } from '../tenders/tender-rules';
import { authorizeBid } from './bid-access';
import { getBid, getBidHeader, getBidProgress, listActivity, listBidLots, listMembers } from './bids.repository';
import { listPendingInvitations } from './invitations.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/**
 * The bid's header data: tender, lots answered, members, form, and the tender's next deadline
 * before the DLRO (questions, then the buyer's answers) while the bid is in preparation: the
 * header shows that one beside the DLRO, the tender's page shows them all.
 */
export async function getBidSummary(ctx: Ctx, access: BidAccess) {
	const bid = await getBidHeader(ctx.db, access.id);
	const lots = await listBidLots(ctx.db, access.id);
	const members = await listMembers(ctx.db, access.id);
	const next = bid.status === 'draft' ? nextTenderDate(bid, ctx.now()) : null;
	return { bid, lots, members, nextDeadline: next && next.key !== 'dlro' ? next : null };
}

/** The overview tab: progress, the actor's unvalidated sections, every lot of the tender, pending invitations (not for observers). */
export async function getBidOverview(ctx: Ctx, actor: Actor, bidId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const { mySections, ...progress } = await getBidProgress(ctx.db, access.id, actor.id);
	const bid = await getBid(ctx.db, access.id);
	const allLots = (await listLots(ctx.db, bid.tender_id)).map((l) => ({ id: l.id, number: l.number, title: l.title }));
	return {
		invitations: access.role && isParticipant(access.role) ? await listPendingInvitations(ctx.db, access.id, ctx.now()) : [],
		progress,
		mySections,
		allLots,
		internalFreezeAt: access.internalFreezeAt
	};
}

/**
 * The bid's activity timeline, newest first, each entry as a French sentence with the names of
 * what it mentions (read in one query for the page) and its changes one per line.
 */
export async function getBidActivity(ctx: Ctx, actor: Actor, bidId: string, limit = 200) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const rows = await listActivity(ctx.db, access.id, limit);
	const names = new ActivityNames(await readActivityNames(ctx.db, activityRefs(rows)));
	return rows.map((r) => ({ id: r.id, at: r.at, actorName: r.actorName, ...describeActivity(r, names) }));
}
