/**
 * Every to-do and notification of the dashboard names its bid (and lot) and links to the exact
 * place; the header's unread count is one indexed count (issue 12, item 9).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf, addBidMember, makeBid, writeSection } from '../../support/bids';
import { makeUser } from '../../support/factories';
import { getDashboard } from '../../../src/lib/server/bids/dashboard.service';
import { inviteToBid } from '../../../src/lib/server/bids/members.service';
import { createSection } from '../../../src/lib/server/sections/sections.service';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { readAllNotifications, unreadNotificationCount } from '../../../src/lib/server/notifications/inbox';

const contexts: TestContext[] = [];
afterAll(async () => {
	for (const c of contexts) await c.cleanup();
});

const section = (title: string, lotId: string | null, authorIds: string[], reviewerId: string | null = null) => ({
	title,
	lotId,
	authorIds,
	reviewerId,
	limitKind: 'none' as const,
	limitValue: null,
	criterion: '',
	dueAt: null
});

describe('dashboard context', () => {
	it('names the bid and lot of each section to write or review and of each notification', async () => {
		const ctx = await createTestContext();
		contexts.push(ctx);
		// Two bids with a section of the same title: the dashboard must tell them apart.
		const a = await makeBid(ctx, 2);
		const b = await makeBid(ctx, 1);
		await ctx.db.updateTable('tenders').set({ title: 'Ateliers numériques' }).where('id', '=', b.tenderId).execute();
		const bruno = await addBidMember(ctx, a.bidId, 'member');
		await ctx.db
			.insertInto('bid_members')
			.values({ bid_id: b.bidId, user_id: bruno.id, organisation_id: bruno.organisationId!, role: 'member', joined_at: ctx.now() })
			.execute();
		const refsA = await createSection(ctx, a.coordinator, a.bidId, section('Références', a.lotIds[1]!, [bruno.id]));
		await createSection(ctx, b.coordinator, b.bidId, section('Références', null, [bruno.id]));

		const mine = await getDashboard(ctx, bruno);
		expect(mine.mySections.map((s) => [s.title, s.context])).toEqual(
			expect.arrayContaining([
				['Références', 'Accompagnement numérique · Lot 2 — Lot 2'],
				['Références', 'Ateliers numériques']
			])
		);
		// The assignment notice names the bid and the lot of the section it links to.
		const assigned = mine.notifications.find((n) => n.link === `/reponses/${a.bidId}/sections/${refsA}`);
		expect(assigned).toMatchObject({ context: 'Accompagnement numérique · Lot 2 — Lot 2' });

		// Review: the coordinator sees what to review with its bid; Bruno is told it is validated, with its bid.
		await transitionSection(ctx, bruno, a.bidId, refsA, 'requestReview');
		const coord = await getDashboard(ctx, a.coordinator);
		expect(coord.toReview).toEqual([expect.objectContaining({ id: refsA, context: 'Accompagnement numérique · Lot 2 — Lot 2' })]);
		await writeSection(ctx, refsA);
		await transitionSection(ctx, a.coordinator, a.bidId, refsA, 'validate');
		const told = (await getDashboard(ctx, bruno)).notifications[0]!;
		expect(told).toMatchObject({
			context: 'Accompagnement numérique · Lot 2 — Lot 2',
			link: `/reponses/${a.bidId}/sections/${refsA}`
		});
	});

	it('links a pending invitation to the page that accepts it, and counts unread notifications', async () => {
		const ctx = await createTestContext();
		contexts.push(ctx);
		const a = await makeBid(ctx, 1);
		const { user } = await makeUser(ctx, { name: 'Dora' });
		const dora = await actorOf(ctx, user.id);
		expect(await unreadNotificationCount(ctx, dora)).toBe(0);
		await inviteToBid(ctx, a.coordinator, a.bidId, { email: dora.email, role: 'member' }, 'http://localhost');
		const { invitations } = await getDashboard(ctx, dora);
		expect(invitations).toEqual([
			expect.objectContaining({
				title: 'Accompagnement numérique',
				inviterName: 'Coordinatrice',
				link: expect.stringMatching(/^\/invitation\/reponse\/[a-z2-7]+$/)
			})
		]);
		expect(await unreadNotificationCount(ctx, dora)).toBe(1);
		await readAllNotifications(ctx, dora);
		expect(await unreadNotificationCount(ctx, dora)).toBe(0);
	});

	it('counts through the partial index of unread notifications', async () => {
		const ctx = await createTestContext();
		contexts.push(ctx);
		const plan = await ctx.db
			.selectFrom('notifications')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('user_id', '=', 'u')
			.where('read_at', 'is', null)
			.compile();
		const rows = (await ctx.db.executeQuery({ ...plan, sql: `explain query plan ${plan.sql}` })).rows as Array<{ detail: string }>;
		expect(rows.map((r) => r.detail).join(' ')).toMatch(/USING COVERING INDEX notifications_unread|USING INDEX notifications_unread/);
	});
});
