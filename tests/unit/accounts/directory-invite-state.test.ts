/**
 * The partner directory's « inviter à cette réponse » (issue 12, item 13): for each of the
 * coordinator's bids, who is already a member and who has an invitation waiting, so the page says
 * « déjà membre » / « invitation envoyée » instead of offering to invite them again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, makeBid } from '../../support/bids';
import { getDirectoryPage } from '../../../src/lib/server/accounts/directory.service';
import { inviteToBid, respondToBidInvitation } from '../../../src/lib/server/bids/members.service';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

describe('getDirectoryPage', () => {
	it('marks members and invited people per bid, and no one else', async () => {
		const b = await makeBid(ctx);
		const people = [];
		for (const name of ['Alice Membre', 'Bob Invité', 'Carla Libre']) {
			const { user } = await makeUser(ctx, { name });
			await makeOrganisation(ctx, user.id);
			people.push(await actorOf(ctx, user.id));
		}
		const [alice, bob, carla] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
		await inviteToBid(ctx, b.coordinator, b.bidId, { email: alice.email, role: 'member' }, 'http://x');
		const mail = ctx.db.selectFrom('outbox').select('body').where('to_address', '=', alice.email).orderBy('id', 'desc');
		const secret = /invitation\/reponse\/([a-z2-7]+)/.exec((await mail.executeTakeFirstOrThrow()).body)![1]!;
		await respondToBidInvitation(ctx, alice, secret, true);
		await inviteToBid(ctx, b.coordinator, b.bidId, { email: bob.email, role: 'member' }, 'http://x');

		const page = await getDirectoryPage(ctx, b.coordinator, { q: '', department: '' });
		expect(page.bids.map((x) => x.id)).toEqual([b.bidId]);
		expect(page.states[b.bidId]).toEqual({ [alice.id]: 'member', [bob.id]: 'invited' });
		expect(page.people.map((p) => p.name)).toEqual(expect.arrayContaining(['Alice Membre', 'Bob Invité', 'Carla Libre']));
		expect(page.states[b.bidId]![carla.id]).toBeUndefined();

		// An expired invitation no longer counts.
		ctx.advance(22 * 86_400_000);
		const later = await getDirectoryPage(ctx, b.coordinator, { q: '', department: '' });
		expect(later.states[b.bidId]).toEqual({ [alice.id]: 'member' });
	});
});
