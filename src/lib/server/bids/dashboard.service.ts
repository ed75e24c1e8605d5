/** The dashboard: my bids with role, deadline, progress, and what waits for me. */
import { sql } from 'kysely';
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { listNotifications } from '../notifications/notifications.service';

export async function getDashboard(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor & { email: string }) {
	const now = ctx.now();
	const bids = await ctx.db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select([
			'bids.id',
			'bids.status',
			'bid_members.role',
			'tenders.title',
			'tenders.buyer',
			'tenders.dlro',
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id)`.as('sectionsTotal'),
			sql<number>`(select count(*) from sections s where s.bid_id = bids.id and s.state = 'validated')`.as('sectionsValidated'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id)`.as('piecesTotal'),
			sql<number>`(select count(*) from requirement_items r where r.bid_id = bids.id and r.status != 'todo')`.as('piecesDone'),
			sql<number>`(select count(*) from split_acceptances a where a.bid_id = bids.id and a.user_id = ${actor.id})`.as('accepted'),
			sql<number>`(select count(*) from deliverable_assignees da join deliverables d on d.id = da.deliverable_id where d.bid_id = bids.id and da.user_id = ${actor.id})`.as(
				'myLines'
			)
		])
		.where('bid_members.user_id', '=', actor.id)
		.orderBy((eb) => eb.case().when('bids.status', '=', 'draft').then(0).else(1).end())
		.orderBy('tenders.dlro')
		.execute();
	const invitations = await ctx.db
		.selectFrom('bid_invitations')
		.innerJoin('bids', 'bids.id', 'bid_invitations.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bid_invitations.id', 'tenders.title', 'tenders.buyer'])
		.where('bid_invitations.email', '=', actor.email.toLowerCase())
		.where('bid_invitations.status', '=', 'pending')
		.where('bid_invitations.expires_at', '>', now)
		.execute();
	const mySections = await ctx.db
		.selectFrom('section_authors')
		.innerJoin('sections', 'sections.id', 'section_authors.section_id')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select(['sections.id', 'sections.title', 'sections.bid_id as bidId', 'sections.state'])
		.where('section_authors.user_id', '=', actor.id)
		.where('bids.status', '=', 'draft')
		.where('sections.state', 'in', ['draft', 'changes_requested'])
		.orderBy('sections.position')
		.limit(10)
		.execute();
	const toReview = await ctx.db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select(['sections.id', 'sections.title', 'sections.bid_id as bidId'])
		.where('sections.state', '=', 'review')
		.where('bids.status', '=', 'draft')
		.where((eb) => eb.or([eb('sections.reviewer_id', '=', actor.id), eb('bids.coordinator_id', '=', actor.id)]))
		.execute();
	const notifications = await listNotifications(ctx.db, actor.id, 10);
	return {
		now,
		bids: bids.map((b) => ({
			...b,
			needsAcceptance: b.status === 'draft' && b.role !== 'observer' && Number(b.myLines) > 0 && Number(b.accepted) === 0
		})),
		invitations,
		mySections,
		toReview,
		notifications
	};
}
