// What was written before search existed is searchable after the upgrade: migration 0017 indexes
// titles, comments and tenders; the start-up catch-up indexes the co-written texts stored since
// they were last indexed (and then has nothing left to do).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid, writeSection } from '../../support/bids';
import * as m0017 from '../../../src/lib/server/db/migrations/2026-12-01T0017-search';
import { search } from '../../../src/lib/server/search/search.service';
import { catchUpRoomIndex } from '../../../src/lib/server/search/room-index';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { addComment } from '../../../src/lib/server/sections/discussion.service';

let ctx: TestContext;

beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(async () => {
	await ctx.cleanup();
});

it('indexes what is already there, and co-written texts at start', async () => {
	const b = await makeBid(ctx, 1);
	const member = await addBidMember(ctx, b.bidId, 'member');
	const [first] = await listSections(ctx.db, b.bidId);
	// Stored as the collaboration server stores it, never compacted.
	await writeSection(ctx, first!.id, 'Balisage des sentiers de randonnée.');
	await addComment(ctx, member, b.bidId, first!.id, 'Penser aux passerelles.');

	// The database as it was before migration 0017.
	await m0017.down(ctx.db);
	await m0017.up(ctx.db);
	const hrefs = async (q: string) => (await search(ctx, member, q)).results.map((r) => r.href);
	expect(await hrefs(first!.title)).toContain(`/reponses/${b.bidId}/sections/${first!.id}`);
	expect(await hrefs('passerelle')).toEqual([expect.stringMatching(/#commentaire-/)]);
	expect(await hrefs('Guéret')).toEqual([`/appels-d-offres/${b.tenderId}`]);
	expect(await hrefs('sentiers balisage')).toEqual([]);

	expect(await catchUpRoomIndex(ctx)).toBe(1);
	expect(await hrefs('sentiers balisage')).toEqual([`/reponses/${b.bidId}/sections/${first!.id}`]);
	expect(await catchUpRoomIndex(ctx)).toBe(0);
});
