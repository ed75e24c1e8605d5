/**
 * Price lines entered by the group (issue 12): members add and edit the lines they are assigned
 * to, the coordinator keeps the last word, and the assignees' order — the tie-break of the
 * rounding cent — is the order given, kept as it is. Real services on the worked example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import {
	createDeliverable,
	deleteDeliverable,
	getDeliverablesView,
	updateDeliverable,
	type DeliverableInput
} from '../../../src/lib/server/bids/deliverables.service';
import { listDeliverables } from '../../../src/lib/server/bids/deliverables.repository';
import { computeBidSplit } from '../../../src/lib/server/split/split-input';
import { acceptSplit } from '../../../src/lib/server/split/acceptance.service';
import { buildWorkedExample, type WorkedExample } from '../split/helpers';

let ctx: TestContext;
let w: WorkedExample;

beforeAll(async () => {
	ctx = await createTestContext();
	w = await buildWorkedExample(ctx);
});
afterAll(() => ctx.cleanup());

function line(label: string, assignees: string[], unitPriceCents = 100): DeliverableInput {
	return {
		lotId: w.lot2,
		code: '',
		label,
		quantityMilli: 1000,
		unit: 'forfait',
		unitPriceCents,
		assignees: assignees.map((userId) => ({ userId, weight: 1 }))
	};
}

async function stored(id: string) {
	return (await listDeliverables(ctx.db, w.bidId)).find((l) => l.id === id)!;
}

describe('the assignees’ order', () => {
	it('is kept as given, not alphabetical, and decides who gets the rounding cent', async () => {
		// 1,00 € for three people: 34 / 33 / 33 cents; the cent goes to the first listed, Chloé.
		const id = await createDeliverable(ctx, w.anne, w.bidId, line('Ordre', [w.chloe.id, w.anne.id, w.bruno.id]));
		expect((await stored(id)).assignees.map((a) => a.userId)).toEqual([w.chloe.id, w.anne.id, w.bruno.id]);
		const parts = (await computeBidSplit(ctx.db, w.bidId)).lines.find((l) => l.id === id)!.parts;
		expect(parts.map((p) => [p.personId, p.amountCents])).toEqual([
			[w.chloe.id, 34],
			[w.anne.id, 33],
			[w.bruno.id, 33]
		]);
		await updateDeliverable(ctx, w.anne, w.bidId, id, line('Ordre', [w.bruno.id, w.chloe.id, w.anne.id]));
		expect((await stored(id)).assignees.map((a) => a.userId)).toEqual([w.bruno.id, w.chloe.id, w.anne.id]);
		await deleteDeliverable(ctx, w.anne, w.bidId, id);
	});
});

describe('members propose price lines', () => {
	it('a member adds a line with themselves among the assignees, not one for others only', async () => {
		const id = await createDeliverable(ctx, w.bruno, w.bidId, line('Proposée par Bruno', [w.bruno.id, w.chloe.id]));
		expect((await stored(id)).label).toBe('Proposée par Bruno');
		await expect(createDeliverable(ctx, w.bruno, w.bidId, line('Pour Chloé seule', [w.chloe.id]))).rejects.toMatchObject({
			code: 'invalid_input',
			fields: { assignees: expect.stringContaining('cochez-vous') }
		});
	});

	it('a member edits and deletes only the lines they are assigned to, and stays on them', async () => {
		const mine = await createDeliverable(ctx, w.chloe, w.bidId, line('De Chloé', [w.chloe.id]));
		await updateDeliverable(ctx, w.chloe, w.bidId, mine, line('De Chloé, revue', [w.chloe.id], 250));
		expect((await stored(mine)).unitPriceCents).toBe(250);
		// Bruno is not on it: 403; Chloé cannot hand it over entirely: a form error.
		await expect(updateDeliverable(ctx, w.bruno, w.bidId, mine, line('Prise', [w.bruno.id]))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(deleteDeliverable(ctx, w.bruno, w.bidId, mine)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(updateDeliverable(ctx, w.chloe, w.bidId, mine, line('Donnée', [w.bruno.id]))).rejects.toMatchObject({
			code: 'invalid_input'
		});
		// The coordinator keeps the last word.
		await updateDeliverable(ctx, w.anne, w.bidId, mine, line('Confiée à Bruno', [w.bruno.id]));
		expect((await stored(mine)).assignees.map((a) => a.userId)).toEqual([w.bruno.id]);
		await expect(deleteDeliverable(ctx, w.chloe, w.bidId, mine)).rejects.toMatchObject({ code: 'forbidden' });
		await deleteDeliverable(ctx, w.bruno, w.bidId, mine);
	});

	it('a member’s change withdraws the acceptances, as the coordinator’s does', async () => {
		await acceptSplit(ctx, w.anne, w.bidId);
		await createDeliverable(ctx, w.chloe, w.bidId, line('Retire les acceptations', [w.chloe.id]));
		const rows = await ctx.db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', w.bidId).execute();
		expect(rows).toEqual([]);
	});

	it('observers never; members not after the internal freeze; nobody once submitted', async () => {
		await expect(createDeliverable(ctx, w.dora, w.bidId, line('Observatrice', [w.anne.id]))).rejects.toMatchObject({ code: 'forbidden' });
		await ctx.db
			.updateTable('bids')
			.set({ internal_freeze_at: ctx.now() - 1 })
			.where('id', '=', w.bidId)
			.execute();
		await expect(createDeliverable(ctx, w.bruno, w.bidId, line('Trop tard', [w.bruno.id]))).rejects.toThrow(/gel interne/);
		const late = await createDeliverable(ctx, w.anne, w.bidId, line('Coordination après le gel', [w.bruno.id]));
		await ctx.db.updateTable('bids').set({ status: 'submitted' }).where('id', '=', w.bidId).execute();
		await expect(updateDeliverable(ctx, w.anne, w.bidId, late, line('Après dépôt', [w.anne.id]))).rejects.toMatchObject({
			code: 'frozen'
		});
		await ctx.db.updateTable('bids').set({ status: 'draft', internal_freeze_at: null }).where('id', '=', w.bidId).execute();
	});

	it('the page gets the same answers: who may add, which lines each may edit', async () => {
		const bruno = await getDeliverablesView(ctx, w.bruno, w.bidId);
		expect(bruno.canAddLine).toBe(true);
		expect(bruno.addsOwnLinesOnly).toBe(true);
		for (const l of bruno.lines) expect(l.canEdit).toBe(l.assignees.some((a) => a.userId === w.bruno.id));
		const anne = await getDeliverablesView(ctx, w.anne, w.bidId);
		expect([anne.canAddLine, anne.addsOwnLinesOnly, anne.lines.every((l) => l.canEdit)]).toEqual([true, false, true]);
		const dora = await getDeliverablesView(ctx, w.dora, w.bidId);
		expect([dora.canAddLine, dora.lines.some((l) => l.canEdit)]).toEqual([false, false]);
	});
});
