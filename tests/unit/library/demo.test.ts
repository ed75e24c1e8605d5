// The demo's library (issue 16): entries for Anne, Bruno, Chloé and both CAEs, seen as the
// library's rules say (Chloé's method through the bid she shares with Anne), one past its review date.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf } from '../../support/bids';
import { seedDemoIfEmpty } from '../../../src/lib/server/demo/seed';
import { listVisibleEntries } from '../../../src/lib/server/library/library-read';
import { search } from '../../../src/lib/server/search/search.service';
import { makeUser } from '../../support/factories';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
	await seedDemoIfEmpty(ctx);
});
afterAll(() => ctx.cleanup());

const idOf = async (email: string) =>
	(await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

it('seeds a library per person and per CAE, with one entry to review', async () => {
	const anne = await actorOf(ctx, await idOf('anne@demo.test'));
	const entries = await listVisibleEntries(ctx, anne);
	const titles = entries.map((e) => e.title);
	expect(titles).toContain('CAE GAMMA — présentation de la coopérative');
	expect(titles).toContain('DELTA — engagement environnemental');
	expect(titles).toContain('Audit et mise en conformité RGAA');
	expect(titles).not.toContain('CAE DELTA — présentation de la coopérative');
	expect(entries.filter((e) => e.dueForReview).map((e) => e.title)).toEqual(['Animer un atelier participatif']);
	for (const key of ['anne', 'bruno', 'chloe']) {
		const who = await actorOf(ctx, await idOf(`${key}@demo.test`));
		const mine = await listVisibleEntries(ctx, who, { owner: 'mine' });
		expect(mine.map((e) => e.kind).sort()).toEqual(['method', 'profile', 'reference']);
	}
	const found = (await search(ctx, anne, 'accessibilite')).results.filter((r) => r.kind === 'library').map((r) => r.href);
	expect(found.length).toBeGreaterThan(0);
	const { user } = await makeUser(ctx);
	const stranger = await actorOf(ctx, user.id);
	const strangerHits = (await search(ctx, stranger, 'rgaa')).results;
	expect(strangerHits).toEqual([]);
});
