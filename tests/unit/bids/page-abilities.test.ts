/**
 * What the bid and tender pages show a person comes from the policies, not from role tests in
 * the browser: who may start a bid on a tender, which members take part (may be chosen as
 * authors, piece owners, on price lines) and which the actor may remove.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { canStartBid } from '../../../src/lib/server/policies/tender.policy';
import type { Actor } from '../../../src/lib/server/policies/actor';
import { loadBidAccess } from '../../../src/lib/server/bids/bid-access';
import { getBidSummary } from '../../../src/lib/server/bids/bid-overview';
import { getTender } from '../../../src/lib/server/tenders/tenders.service';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

describe('starting a bid', () => {
	const entrepreneur: Actor = { id: 'u', organisationId: 'o', orgRole: 'entrepreneur' };
	const support: Actor = { id: 'u', organisationId: 'o', orgRole: 'support' };
	const unattached: Actor = { id: 'u', organisationId: null, orgRole: null };
	it.each([
		['an entrepreneur with no bid on it', entrepreneur, [], true],
		['an entrepreneur who is a member of a bid on it', entrepreneur, [{ role: 'member' as const }], true],
		['an entrepreneur who coordinates a bid on it', entrepreneur, [{ role: 'coordinator' as const }], false],
		['support staff', support, [], false],
		['someone attached to no organisation', unattached, [], false]
	])('%s: %s', (_label, actor, bids, expected) => {
		expect(canStartBid(actor, bids)).toBe(expected);
	});

	it("is what the tender page's load hands over", async () => {
		const b = await makeBid(ctx, 1);
		expect((await getTender(ctx, b.coordinator, b.tenderId)).canBid).toBe(false);
	});
});

describe("a bid's members on its pages", () => {
	it('say who takes part and whom the actor may remove', async () => {
		const b = await makeBid(ctx, 1);
		const member = await addBidMember(ctx, b.bidId, 'member');
		const observer = await addBidMember(ctx, b.bidId, 'observer');
		const flags = async (actor: Actor) => {
			const summary = await getBidSummary(ctx, actor, await loadBidAccess(ctx, actor, b.bidId));
			return Object.fromEntries(summary.members.map((m) => [m.id, { takesPart: m.takesPart, removable: m.removable }]));
		};
		expect(await flags(b.coordinator)).toEqual({
			[b.coordinator.id]: { takesPart: true, removable: false },
			[member.id]: { takesPart: true, removable: true },
			[observer.id]: { takesPart: false, removable: true }
		});
		const seenByMember = await flags(member);
		expect(Object.values(seenByMember).map((m) => m.removable)).toEqual([false, false, false]);
	});
});
