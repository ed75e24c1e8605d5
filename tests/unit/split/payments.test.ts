import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { formatEuros, largestRemainder } from '../../../src/lib/domain/money';
import { DomainError } from '../../../src/lib/server/errors';
import { decideBid } from '../../../src/lib/server/split/decision.service';
import { deletePayment, recordPayment, type PaymentInput } from '../../../src/lib/server/split/payments.service';
import { setDeliverableTracking } from '../../../src/lib/server/split/tracking.service';
import { getSplitView } from '../../../src/lib/server/split/split-view';
import { parisDateOf } from '../../../src/lib/server/split/split-rules';
import type { DeliverableStatus } from '../../../src/lib/server/db/schema';
import { buildWorkedExample, markSubmitted, type WorkedExample } from './helpers';

const DAY = 24 * 3600 * 1000;
let ctx: TestContext;
let w: WorkedExample;
let today: number;

beforeAll(async () => {
	ctx = await createTestContext();
	w = await buildWorkedExample(ctx);
	today = parisDateOf(ctx.now());
});
afterAll(() => ctx.cleanup());

async function refusal(p: Promise<unknown>): Promise<DomainError> {
	const e = await p.then(
		() => null,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(DomainError);
	return e as DomainError;
}

async function paymentCount(): Promise<number> {
	const r = await ctx.db
		.selectFrom('payments')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('bid_id', '=', w.bidId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

describe('decideBid', () => {
	it('is refused before submission, with a French message', async () => {
		const e = await refusal(decideBid(ctx, w.anne, w.bidId, 'won'));
		expect(e.code).toBe('conflict');
		expect(e.message).toContain('pas encore été déposée');
	});

	it('is refused before the award for payments and tracking too', async () => {
		const pay = await refusal(
			recordPayment(ctx, w.anne, w.bidId, { lotId: w.lot1, organisationId: w.gamma, amountCents: 100, receivedOn: today })
		);
		expect(pay.message).toBe('Les paiements s’enregistrent une fois la réponse attribuée.');
		const track = await refusal(
			setDeliverableTracking(ctx, w.anne, w.bidId, w.lines['L1-1']!, { status: 'in_progress', dueOn: null, deliveredOn: null })
		);
		expect(track.code).toBe('conflict');
	});

	it('is for the coordinator, once, from « submitted »; everyone is told', async () => {
		await markSubmitted(ctx, w.bidId);
		expect((await refusal(decideBid(ctx, w.bruno, w.bidId, 'won'))).code).toBe('forbidden');
		expect((await refusal(decideBid(ctx, w.dora, w.bidId, 'lost'))).code).toBe('forbidden');
		await decideBid(ctx, w.anne, w.bidId, 'won');
		const bid = await ctx.db.selectFrom('bids').select(['status', 'decided_at']).where('id', '=', w.bidId).executeTakeFirstOrThrow();
		expect(bid.status).toBe('won');
		expect(bid.decided_at).not.toBeNull();
		const log = await ctx.db
			.selectFrom('activity')
			.selectAll()
			.where('bid_id', '=', w.bidId)
			.where('action', '=', 'decided')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(log.after!)).toEqual({ status: 'won' });
		for (const p of [w.bruno, w.chloe, w.dora]) {
			const n = await ctx.db
				.selectFrom('notifications')
				.select('message')
				.where('user_id', '=', p.id)
				.where('kind', '=', 'bid_won')
				.execute();
			expect(n).toHaveLength(1);
			expect(n[0]!.message).toContain('attribuée au groupement');
		}
		const again = await refusal(decideBid(ctx, w.anne, w.bidId, 'lost'));
		expect(again.message).toBe('La décision de l’acheteur est déjà enregistrée.');
	});
});

describe('tracking the deliverables of a won bid', () => {
	it('is done by the line’s assignees or the coordinator', async () => {
		// Bruno is on L1-2; delivered without a date gets today's.
		await setDeliverableTracking(ctx, w.bruno, w.bidId, w.lines['L1-2']!, {
			status: 'delivered',
			dueOn: today + 3 * DAY,
			deliveredOn: null
		});
		const row = await ctx.db
			.selectFrom('deliverables')
			.select(['status', 'due_at', 'delivered_at'])
			.where('id', '=', w.lines['L1-2']!)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'delivered', due_at: today + 3 * DAY, delivered_at: today });
		expect(
			(await refusal(setDeliverableTracking(ctx, w.chloe, w.bidId, w.lines['L1-2']!, { status: 'todo', dueOn: null, deliveredOn: null })))
				.code
		).toBe('forbidden');
		expect(
			(await refusal(setDeliverableTracking(ctx, w.dora, w.bidId, w.lines['L1-2']!, { status: 'todo', dueOn: null, deliveredOn: null })))
				.code
		).toBe('forbidden');
		await setDeliverableTracking(ctx, w.anne, w.bidId, w.lines['L2-1']!, { status: 'invoiced', dueOn: null, deliveredOn: today - DAY });
		const n = await ctx.db
			.selectFrom('notifications')
			.select('message')
			.where('user_id', '=', w.anne.id)
			.where('kind', '=', 'deliverable_tracked')
			.execute();
		expect(n.map((x) => x.message)).toEqual(['Prestation « Supports pédagogiques » : livrée.']);
	});

	it('refuses inconsistent dates in French', async () => {
		const future = await refusal(
			setDeliverableTracking(ctx, w.anne, w.bidId, w.lines['L1-1']!, { status: 'delivered', dueOn: null, deliveredOn: today + 2 * DAY })
		);
		expect(future.fields.deliveredOn).toBe('Livrée le : la date ne peut pas être dans le futur.');
		const notDone = await refusal(
			setDeliverableTracking(ctx, w.anne, w.bidId, w.lines['L1-1']!, { status: 'in_progress', dueOn: null, deliveredOn: today })
		);
		expect(notDone.fields.deliveredOn).toBe('Livrée le : seulement pour une prestation livrée ou facturée.');
		const bad = await refusal(
			setDeliverableTracking(ctx, w.anne, w.bidId, w.lines['L1-1']!, { status: 'todo', dueOn: 12345, deliveredOn: null })
		);
		expect(bad.fields.dueOn).toBe('Échéance : date invalide.');
	});

	it('refuses a status named after an Object.prototype member, storing nothing', async () => {
		const before = await ctx.db.selectFrom('deliverables').select(['id', 'status']).where('bid_id', '=', w.bidId).orderBy('id').execute();
		for (const status of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			for (const who of [w.anne, w.bruno]) {
				const e = await refusal(
					setDeliverableTracking(ctx, who, w.bidId, w.lines['L1-2']!, {
						status: status as DeliverableStatus,
						dueOn: null,
						deliveredOn: null
					})
				);
				expect(e.fields.status).toBe('Statut : choisissez une valeur de la liste.');
			}
		}
		expect(await ctx.db.selectFrom('deliverables').select(['id', 'status']).where('bid_id', '=', w.bidId).orderBy('id').execute()).toEqual(
			before
		);
	});

	it('shows everyone each member’s share of deliverables done', async () => {
		const view = await getSplitView(ctx, w.dora, w.bidId);
		expect(view.tracking!.organisations.map((o) => [o.name, o.doneCents, o.totalCents])).toEqual([
			['CAE GAMMA', 387_525, 1_687_345],
			['CAE DELTA', 1_249_900, 1_562_386]
		]);
		expect(view.tracking!.people.find((p) => p.id === w.bruno.id)!.doneCents).toBe(387_525);
		expect(view.tracking!.lines.every((l) => !l.canEdit)).toBe(true);
	});
});

describe('recordPayment', () => {
	const gammaLot1 = (amountCents: number, over: Partial<PaymentInput> = {}): PaymentInput => ({
		lotId: w.lot1,
		organisationId: w.gamma,
		amountCents,
		receivedOn: today,
		...over
	});

	it('refuses a negative or zero amount, in French, saving nothing', async () => {
		const negative = await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(-500)));
		expect(negative.code).toBe('invalid_input');
		expect(negative.fields.amount).toBe('Montant : un paiement ne peut pas être négatif.');
		const zero = await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(0)));
		expect(zero.fields.amount).toBe('Montant : indiquez un montant supérieur à 0.');
		const fraction = await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(10.5)));
		expect(fraction.fields.amount).toBeDefined();
		expect(await paymentCount()).toBe(0);
	});

	it('refuses more than what remains for that member and lot, with the figure', async () => {
		const e = await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(1_214_014)));
		expect(e.fields.amount).toBe(`Montant : il reste ${formatEuros(1_214_013)} à recevoir pour CAE GAMMA sur le lot 1.`);
		expect(e.message).toBe(`Il reste ${formatEuros(1_214_013)} à recevoir pour CAE GAMMA sur le lot 1.`);
		expect(e.message.replace(/[\u202F\u00A0]/g, ' ')).toBe('Il reste 12 140,13 € à recevoir pour CAE GAMMA sur le lot 1.');
		expect(await paymentCount()).toBe(0);
	});

	it('refuses a date in the future, an unknown lot, observers and other members’ organisations', async () => {
		expect((await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(100, { receivedOn: today + DAY })))).fields.receivedOn).toBe(
			'Date de réception : la date ne peut pas être dans le futur.'
		);
		expect((await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(100, { lotId: 'nope' })))).fields.target).toBeDefined();
		expect((await refusal(recordPayment(ctx, w.dora, w.bidId, gammaLot1(100)))).code).toBe('forbidden');
		expect((await refusal(recordPayment(ctx, w.chloe, w.bidId, gammaLot1(100)))).code).toBe('forbidden');
		expect(await paymentCount()).toBe(0);
	});

	it('shares a payment among the member’s people by their gross in the lot, and tells them', async () => {
		const id = await recordPayment(ctx, w.anne, w.bidId, gammaLot1(500_000));
		const shares = await ctx.db.selectFrom('payment_shares').selectAll().where('payment_id', '=', id).orderBy('position').execute();
		// Anne 8 264,88 and Bruno 3 875,25 on lot 1.
		const expected = largestRemainder(500_000, [826_488, 387_525]);
		expect(shares.map((s) => [s.user_id, s.amount_cents])).toEqual([
			[w.anne.id, expected[0]],
			[w.bruno.id, expected[1]]
		]);
		expect(expected).toEqual([340_395, 159_605]);
		const n = await ctx.db
			.selectFrom('notifications')
			.select('message')
			.where('user_id', '=', w.bruno.id)
			.where('kind', '=', 'payment_recorded')
			.execute();
		expect(n.map((x) => x.message)).toEqual([
			`Paiement de ${formatEuros(500_000)} reçu par CAE GAMMA sur le lot 1 : votre part est de ${formatEuros(159_605)}.`
		]);
		const log = await ctx.db
			.selectFrom('activity')
			.selectAll()
			.where('entity_id', '=', id)
			.where('action', '=', 'recorded')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(log.after!).amountCents).toBe(500_000);

		const e = await refusal(recordPayment(ctx, w.bruno, w.bidId, gammaLot1(714_014)));
		expect(e.message).toBe(`Il reste ${formatEuros(714_013)} à recevoir pour CAE GAMMA sur le lot 1.`);
	});

	it('ends with everyone at exactly their gross when the lot is paid in full', async () => {
		// Bruno records the rest for his own legal member.
		await recordPayment(ctx, w.bruno, w.bidId, gammaLot1(714_013));
		const view = await getSplitView(ctx, w.chloe, w.bidId);
		const lot1 = view.ledger!.memberLots.find((m) => m.lotId === w.lot1 && m.organisationId === w.gamma)!;
		expect(lot1).toMatchObject({ expectedCents: 1_214_013, receivedCents: 1_214_013, remainingCents: 0 });
		const people = Object.fromEntries(view.ledger!.people.map((p) => [p.name, p]));
		expect(people['Anne Martin']).toMatchObject({ expectedCents: 993_154, receivedCents: 826_488, outstandingCents: 166_666 });
		expect(people['Bruno Petit']).toMatchObject({ expectedCents: 694_191, receivedCents: 387_525, outstandingCents: 306_666 });
		expect(people['Chloé Bernard']).toMatchObject({ expectedCents: 1_562_386, receivedCents: 0, outstandingCents: 1_562_386 });
		const done = await refusal(recordPayment(ctx, w.anne, w.bidId, gammaLot1(1)));
		expect(done.fields.amount).toBe(`Montant : tout a déjà été reçu pour CAE GAMMA sur le lot 1 (${formatEuros(1_214_013)}).`);
	});

	it('never gives anyone more than their gross, whatever the payments', async () => {
		// GAMMA on lot 2: Bruno 3 066,66, Anne 1 666,66, paid in awkward instalments.
		const instalments = [1, 1, 3, 99_999, 7, 123_456, 2, 100_000];
		for (const amountCents of instalments) {
			await recordPayment(ctx, w.anne, w.bidId, { lotId: w.lot2, organisationId: w.gamma, amountCents, receivedOn: today - DAY });
			const view = await getSplitView(ctx, w.anne, w.bidId);
			for (const p of view.ledger!.people) {
				expect(p.receivedCents).toBeLessThanOrEqual(p.expectedCents);
				expect(p.outstandingCents).toBeGreaterThanOrEqual(0);
			}
		}
		const rest = 473_332 - instalments.reduce((a, b) => a + b, 0);
		await recordPayment(ctx, w.anne, w.bidId, { lotId: w.lot2, organisationId: w.gamma, amountCents: rest, receivedOn: today });
		const view = await getSplitView(ctx, w.anne, w.bidId);
		for (const name of ['Anne Martin', 'Bruno Petit']) expect(view.ledger!.people.find((p) => p.name === name)!.outstandingCents).toBe(0);
		for (const p of view.ledger!.payments) expect(p.shares.reduce((a, s) => a + s.amountCents, 0)).toBe(p.amountCents);
	});

	it('lets the coordinator or the person who recorded it delete a payment, logged', async () => {
		const id = await recordPayment(ctx, w.chloe, w.bidId, {
			lotId: w.lot2,
			organisationId: w.delta,
			amountCents: 1_000_000,
			receivedOn: today
		});
		expect((await refusal(deletePayment(ctx, w.bruno, w.bidId, id))).code).toBe('forbidden');
		await deletePayment(ctx, w.chloe, w.bidId, id);
		expect(await ctx.db.selectFrom('payment_shares').select('user_id').where('payment_id', '=', id).execute()).toEqual([]);
		const log = await ctx.db
			.selectFrom('activity')
			.selectAll()
			.where('entity_id', '=', id)
			.where('action', '=', 'deleted')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(log.before!).amountCents).toBe(1_000_000);
	});
});
