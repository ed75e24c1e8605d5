/**
 * Reading a bid for its pages: the header every tab shows (tender, lots answered, members, form),
 * the overview tab (progress, the actor's sections to write, the tender's lots, pending
 * invitations, the legal members also found in a competing group on the same lot) and the
 * activity timeline in French (activity/describe.ts).
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import type { BidAccess } from '../policies/bid.policy';
import { canBeRemoved, isParticipant } from '../policies/bid-member.policy';
import { can } from '../policies/index';
import { listLots } from '../tenders/tenders.repository';
import { readActivityNames } from '../activity/activity-names.repository';
import { ActivityNames, activityRefs, describeActivity } from '../activity/describe';
import { nextTenderDate } from '../tenders/tender-rules';
import { authorizeBid } from './bid-access';
import { getBid, getBidHeader, getBidProgress, listActivity, listBidLots, listMembers } from './bids.repository';
import { listSharedLegalMembers } from './groups.repository';
import { listPendingInvitations } from './invitations.repository';
import { bidLogo } from './logo.service';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/**
 * The bid's header data: tender, lots answered, members, form, and the tender's next deadline
 * before the DLRO (questions, then the buyer's answers) while the bid is in preparation: the
 * header shows that one beside the DLRO, the tender's page shows them all. Each member says, from
 * the policies, whether they take part (may be chosen as author, piece owner or for a price line)
 * and whether the actor may remove them, so pages test no role themselves.
 */
export async function getBidSummary(ctx: Ctx, actor: Actor, access: BidAccess) {
	const bid = await getBidHeader(ctx.db, access.id);
	const lots = await listBidLots(ctx.db, access.id);
	const mayRemove = can(actor, 'bid', 'removeMember', access);
	const members = (await listMembers(ctx.db, access.id)).map((m) => ({
		...m,
		takesPart: isParticipant(m.role),
		removable: mayRemove && canBeRemoved(m.role)
	}));
	const next = bid.status === 'draft' ? nextTenderDate(bid, ctx.now()) : null;
	return { bid, lots, members, nextDeadline: next && next.key !== 'dlro' ? next : null };
}

/** A legal member of this group also taking part in another group of the tender, on the lots both answer. */
export interface CompetingGroupWarning {
	organisationName: string;
	/** The other group's mandataire: all the warning shows of a competitor, with the lots. */
	otherMandataireName: string;
	lotNumbers: number[];
}

/**
 * The legal members this group shares with competing groups of the same tender on the same lot
 * (the buyer may reject both offers), one warning per legal member and other group.
 */
export async function getCompetingGroupWarnings(ctx: Ctx, bidId: string): Promise<CompetingGroupWarning[]> {
	const rows = await listSharedLegalMembers(ctx.db, bidId);
	const byPair = new Map<string, CompetingGroupWarning>();
	for (const r of rows) {
		const key = `${r.organisationId}/${r.otherBidId}`;
		const w = byPair.get(key) ?? { organisationName: r.organisationName, otherMandataireName: r.otherMandataireName, lotNumbers: [] };
		if (!w.lotNumbers.includes(r.lotNumber)) w.lotNumbers.push(r.lotNumber);
		byPair.set(key, w);
	}
	return [...byPair.values()];
}

/** The overview tab: progress, the actor's unvalidated sections, every lot of the tender, the group's logo, pending invitations and competing-group warnings (not for observers). */
export async function getBidOverview(ctx: Ctx, actor: Actor, bidId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const { mySections, ...progress } = await getBidProgress(ctx.db, access.id, actor.id);
	const bid = await getBid(ctx.db, access.id);
	const allLots = (await listLots(ctx.db, bid.tender_id)).map((l) => ({ id: l.id, number: l.number, title: l.title }));
	const participant = access.role !== null && isParticipant(access.role);
	return {
		invitations: participant ? await listPendingInvitations(ctx.db, access.id, ctx.now()) : [],
		competingGroups: participant ? await getCompetingGroupWarnings(ctx, access.id) : [],
		progress,
		mySections,
		allLots,
		logo: await bidLogo(ctx, bid.logo_file_id),
		internalFreezeAt: access.internalFreezeAt,
		observersMaySuggest: bid.observers_may_suggest === 1,
		canDecide: can(actor, 'bid', 'decide', access)
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
