/**
 * The répartition page reads what it shows once (issue 13): the bid row, its members (with
 * rates and acceptances), its price lines and its lots, counted on the real database while the
 * page's real `load` runs, for a bid in preparation and for a won bid with payments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { callLoad } from '../../support/pages';
import { TableReads } from '../../support/table-reads';
import { buildWorkedExample, markSubmitted, type WorkedExample } from './helpers';
import { decideBid } from '../../../src/lib/server/split/decision.service';
import { load as repartitionLoad } from '../../../src/routes/(app)/reponses/[id]/repartition/+page.server';

/**
 * SELECT statements per table for one render: each row once — the price lines' table is named
 * twice because their assignees are read with a join on it, in the same single read of the lines.
 */
const ONCE = { bids: 1, bid_members: 1, bid_lots: 1, deliverables: 2, deliverable_assignees: 1 };

let ctx: TestContext;
let w: WorkedExample;
beforeAll(async () => {
	ctx = await createTestContext();
	w = await buildWorkedExample(ctx);
});
afterAll(() => ctx.cleanup());

async function pageReads(who: WorkedExample['anne']) {
	const reads = new TableReads();
	const counted = Object.assign(Object.create(Object.getPrototypeOf(ctx)), ctx, { db: ctx.db.withPlugin(reads) });
	const data = await callLoad(
		counted,
		repartitionLoad,
		{ id: who.id, email: who.email, name: who.name },
		`/reponses/${w.bidId}/repartition`,
		{ id: w.bidId }
	);
	return { reads, data };
}

describe('répartition page', () => {
	it('reads the bid, its members, lines and lots once for a bid in preparation', async () => {
		const { reads, data } = await pageReads(w.bruno);
		expect(data.view.split?.totals.offerCents).toBe(3_249_731);
		for (const [table, n] of Object.entries(ONCE)) expect(reads.of(table), table).toBe(n);
	});

	it('still reads them once for a won bid, with tracking and payments', async () => {
		await markSubmitted(ctx, w.bidId);
		await decideBid(ctx, w.anne, w.bidId, 'won');
		const { reads, data } = await pageReads(w.anne);
		expect(data.view.tracking?.lines.length).toBe(6);
		for (const [table, n] of Object.entries(ONCE)) expect(reads.of(table), table).toBe(n);
	});
});
