/**
 * Forming groups on one tender (issue 12): a legal member may lead only one group per tender
 * (a second bid with the same mandataire is refused, naming the first), may join other groups as
 * a plain member, and both groups are warned when a legal member sits in two of them on one lot,
 * showing only the other group's mandataire and the lots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addMember, makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, makeBid } from '../../support/bids';
import { createBid } from '../../../src/lib/server/bids/create-bid';
import { getBidOverview } from '../../../src/lib/server/bids/bid-overview';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

/** A person of `orgId` added to the bid as a member (as if they had accepted an invitation). */
async function joinAsMember(bidId: string, userId: string, orgId: string) {
	await ctx.db
		.insertInto('bid_members')
		.values({ bid_id: bidId, user_id: userId, organisation_id: orgId, role: 'member', joined_at: ctx.now() })
		.execute();
}

describe('one mandataire per tender', () => {
	it('refuses a second group led by the same organisation, naming the first group’s coordinator', async () => {
		const b = await makeBid(ctx, 2);
		const { user } = await makeUser(ctx, { name: 'Bruno Colin' });
		await addMember(ctx, b.org.id, user.id, 'entrepreneur');
		await joinAsMember(b.bidId, user.id, b.org.id);
		const bruno = await actorOf(ctx, user.id);
		const err = await createBid(ctx, bruno, b.tenderId, [b.lotIds[1]!]).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DomainError);
		expect((err as DomainError).code).toBe('conflict');
		expect((err as DomainError).message).toBe(`${b.org.name} mène déjà un groupement sur cet appel d'offres.`);
		expect((err as DomainError).fields.lots).toContain(`${b.org.name} est déjà mandataire`);
		expect((err as DomainError).fields.lots).toContain('coordonnée par Coordinatrice');
		const count = await ctx.db.selectFrom('bids').select('id').where('tender_id', '=', b.tenderId).execute();
		expect(count).toHaveLength(1);
	});

	it('lets a legal member of one group lead another group of the same tender only if it leads none yet', async () => {
		const b = await makeBid(ctx, 2);
		const { user } = await makeUser(ctx, { name: 'Chloé Bernard' });
		const delta = await makeOrganisation(ctx, user.id, { name: 'CAE DELTA' });
		await joinAsMember(b.bidId, user.id, delta.id);
		const chloe = await actorOf(ctx, user.id);
		const second = await createBid(ctx, chloe, b.tenderId, [b.lotIds[0]!]);
		expect(second).toBeTruthy();
		// A second one led by DELTA is refused.
		await expect(createBid(ctx, chloe, b.tenderId, [b.lotIds[1]!])).rejects.toThrow(/CAE DELTA mène déjà un groupement/);
	});
});

describe('legal member in two competing groups', () => {
	it('warns both groups’ participants on the shared lots, showing only the other mandataire and the lots', async () => {
		const b = await makeBid(ctx, 3);
		const { user } = await makeUser(ctx, { name: 'Chloé Bernard' });
		const delta = await makeOrganisation(ctx, user.id, { name: 'CAE EPSILON' });
		await joinAsMember(b.bidId, user.id, delta.id);
		const chloe = await actorOf(ctx, user.id);
		const other = await createBid(ctx, chloe, b.tenderId, [b.lotIds[0]!, b.lotIds[2]!]);

		const mine = await getBidOverview(ctx, b.coordinator, b.bidId);
		expect(mine.competingGroups).toEqual([{ organisationName: 'CAE EPSILON', otherMandataireName: 'CAE EPSILON', lotNumbers: [1, 3] }]);
		const theirs = await getBidOverview(ctx, chloe, other);
		expect(theirs.competingGroups).toEqual([{ organisationName: 'CAE EPSILON', otherMandataireName: b.org.name, lotNumbers: [1, 3] }]);
		// Nothing about the other group's people.
		expect(JSON.stringify(theirs.competingGroups)).not.toContain('Coordinatrice');
	});

	it('gives no warning when the groups answer different lots, nor for observers, nor to observers', async () => {
		const b = await makeBid(ctx, 2);
		const { user } = await makeUser(ctx);
		const zeta = await makeOrganisation(ctx, user.id, { name: 'CAE ZETA' });
		await joinAsMember(b.bidId, user.id, zeta.id);
		const other = await createBid(ctx, await actorOf(ctx, user.id), b.tenderId, [b.lotIds[0]!]);
		// Narrow the first group to lot 2: no lot in common any more.
		await ctx.db.deleteFrom('bid_lots').where('bid_id', '=', b.bidId).where('lot_id', '=', b.lotIds[0]!).execute();
		expect((await getBidOverview(ctx, b.coordinator, b.bidId)).competingGroups).toEqual([]);

		// An observer of the first group's organisation in the other group counts for nothing…
		await ctx.db.insertInto('bid_lots').values({ bid_id: b.bidId, lot_id: b.lotIds[0]! }).execute();
		await ctx.db.deleteFrom('bid_members').where('bid_id', '=', b.bidId).where('user_id', '=', user.id).execute();
		const { user: staff } = await makeUser(ctx);
		await addMember(ctx, b.org.id, staff.id, 'support');
		await ctx.db
			.insertInto('bid_members')
			.values({ bid_id: other, user_id: staff.id, organisation_id: b.org.id, role: 'observer', joined_at: ctx.now() })
			.execute();
		expect((await getBidOverview(ctx, b.coordinator, b.bidId)).competingGroups).toEqual([]);

		// …and an observer is not shown the warning.
		await joinAsMember(b.bidId, user.id, zeta.id);
		await ctx.db
			.insertInto('bid_members')
			.values({ bid_id: b.bidId, user_id: staff.id, organisation_id: b.org.id, role: 'observer', joined_at: ctx.now() })
			.execute();
		expect((await getBidOverview(ctx, b.coordinator, b.bidId)).competingGroups).toHaveLength(1);
		expect((await getBidOverview(ctx, await actorOf(ctx, staff.id), b.bidId)).competingGroups).toEqual([]);
	});
});
