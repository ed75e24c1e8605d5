import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { computeBidSplit } from '../../../src/lib/server/bids/deliverables.service';
import { formatEuros } from '../../../src/lib/domain/money';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext({ COTRAIT_DEMO: '1' });
});
afterAll(() => ctx.cleanup());

describe('demo seed', () => {
	it('creates the four demo accounts, GAMMA 11 % and DELTA 9 %', async () => {
		const users = await ctx.db.selectFrom('users').select('email').orderBy('email').execute();
		expect(users.map((u) => u.email)).toEqual(['anne@demo.test', 'bruno@demo.test', 'chloe@demo.test', 'dora@demo.test']);
		const orgs = await ctx.db.selectFrom('organisations').select(['name', 'contribution_rate_bp']).orderBy('name').execute();
		expect(orgs).toEqual([
			{ name: 'CAE DELTA', contribution_rate_bp: 900 },
			{ name: 'CAE GAMMA', contribution_rate_bp: 1100 }
		]);
	});

	it("holds the worked example as Anne's bid, with the DOMAIN.md figures", async () => {
		const bid = await ctx.db.selectFrom('bids').select('id').executeTakeFirstOrThrow();
		const split = await computeBidSplit(ctx.db, bid.id);
		const byName = Object.fromEntries(split.people.map((p) => [p.name.split(' ')[0], p]));
		expect(formatEuros(byName.Anne!.netCents)).toBe(formatEuros(964_241));
		expect(byName.Bruno!.netCents).toBe(593_116);
		expect(byName.Chloé!.netCents).toBe(1_364_901);
		expect(split.totals.offerCents).toBe(3_249_731);
		const accepted = await ctx.db.selectFrom('split_acceptances').select('user_id').execute();
		expect(accepted).toHaveLength(1);
	});

	it('is not seeded twice', async () => {
		const { seedDemoIfEmpty } = await import('../../../src/lib/server/demo/seed');
		await seedDemoIfEmpty(ctx);
		expect(await ctx.db.selectFrom('bids').select('id').execute()).toHaveLength(1);
	});
});
