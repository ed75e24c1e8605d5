/**
 * The invitation page's guided path (issue 12, item 7): what the page tells the visitor before
 * any click — sign in, the wrong account, an organisation to join first (and the requests already
 * waiting), ready to accept — and that a submitted bid's invitation says up front it is closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, makeBid } from '../../support/bids';
import { getBidInvitationPage, inviteToBid, respondToBidInvitation } from '../../../src/lib/server/bids/members.service';
import { requestToJoin } from '../../../src/lib/server/accounts/join-requests.service';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

async function secretSentTo(email: string): Promise<string> {
	const row = await ctx.db
		.selectFrom('outbox')
		.select('body')
		.where('to_address', '=', email)
		.orderBy('id', 'desc')
		.executeTakeFirstOrThrow();
	return /invitation\/reponse\/([a-z2-7]+)/.exec(row.body)![1]!;
}

describe('getBidInvitationPage', () => {
	it('walks a newcomer from sign-in through their organisation to accepting', async () => {
		const b = await makeBid(ctx);
		const email = `nouvelle-${Date.now()}@test.example`;
		await inviteToBid(ctx, b.coordinator, b.bidId, { email, role: 'member' }, 'http://x');
		const secret = await secretSentTo(email);

		expect((await getBidInvitationPage(ctx, null, secret))?.step).toBe('signIn');
		const other = await actorOf(ctx, (await makeUser(ctx)).user.id);
		expect((await getBidInvitationPage(ctx, other, secret))?.step).toBe('otherAccount');

		const { user } = await makeUser(ctx, { email, name: 'Nadia Nouvelle' });
		let nadia = await actorOf(ctx, user.id);
		const before = await getBidInvitationPage(ctx, nadia, secret);
		expect(before).toMatchObject({ step: 'organisation', pendingJoins: [] });
		// Accepting now is refused (the page no longer offers it).
		await expect(respondToBidInvitation(ctx, nadia, secret, true)).rejects.toMatchObject({ code: 'conflict' });

		const { user: adminUser } = await makeUser(ctx);
		const org = await makeOrganisation(ctx, adminUser.id, { name: 'CAE OMEGA' });
		await requestToJoin(ctx, nadia, org.siret, '');
		expect(await getBidInvitationPage(ctx, nadia, secret)).toMatchObject({ step: 'organisation', pendingJoins: ['CAE OMEGA'] });

		await makeOrganisation(ctx, user.id, { name: 'SCOP NADIA' });
		nadia = await actorOf(ctx, user.id);
		expect((await getBidInvitationPage(ctx, nadia, secret))?.step).toBe('ready');
		expect(await respondToBidInvitation(ctx, nadia, secret, true)).toBe(b.bidId);
		expect(await getBidInvitationPage(ctx, nadia, secret)).toBeUndefined();
	});

	it('says a submitted bid’s invitation is closed before anyone clicks', async () => {
		const b = await makeBid(ctx);
		const { user } = await makeUser(ctx);
		await makeOrganisation(ctx, user.id);
		const invitee = await actorOf(ctx, user.id);
		await inviteToBid(ctx, b.coordinator, b.bidId, { email: invitee.email, role: 'member' }, 'http://x');
		const secret = await secretSentTo(invitee.email);
		const at = ctx.now();
		await ctx.db.updateTable('bids').set({ status: 'submitted', submitted_at: at }).where('id', '=', b.bidId).execute();

		for (const who of [null, invitee]) {
			const page = await getBidInvitationPage(ctx, who, secret);
			expect(page?.step).toBe('frozen');
			expect(page?.invitation.submittedAt).toBe(at);
		}
		// Clearing it (declining) still works.
		await respondToBidInvitation(ctx, invitee, secret, false);
		expect(await getBidInvitationPage(ctx, invitee, secret)).toBeUndefined();
	});
});
