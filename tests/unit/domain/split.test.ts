import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	SplitInputError,
	checkSplitInvariants,
	computeSplit,
	sharePaymentByGross,
	type SplitInput,
	type SplitInputErrorCode,
	type SplitLineInput,
	type SplitResult
} from '../../../src/lib/domain/split';

/** DOMAIN.md, "Worked example". */
function workedExample(): SplitInput {
	return {
		coordinatorId: 'anne',
		feeRateBp: 400,
		organisations: [
			{ id: 'gamma', name: 'CAE GAMMA' },
			{ id: 'delta', name: 'CAE DELTA' }
		],
		people: [
			{ id: 'anne', name: 'Anne', organisationId: 'gamma', contributionRateBp: 1100 },
			{ id: 'bruno', name: 'Bruno', organisationId: 'gamma', contributionRateBp: 1100 },
			{ id: 'chloe', name: 'Chloé', organisationId: 'delta', contributionRateBp: 900 }
		],
		lots: [
			{ id: 'lot1', label: 'Lot 1' },
			{ id: 'lot2', label: 'Lot 2' }
		],
		lines: [
			line('L1-1', 'lot1', 'ateliers', 12000, 64500, [['anne', 1]]),
			line('L1-2', 'lot1', 'supports', 1000, 387525, [['bruno', 1]]),
			line('L1-3', 'lot1', 'bilan', 2500, 41990, [
				['anne', 1],
				['chloe', 1]
			]),
			line('L2-1', 'lot2', 'site', 1000, 1249900, [['chloe', 1]]),
			line('L2-2', 'lot2', 'charte', 1000, 500000, [
				['bruno', 1],
				['chloe', 1],
				['anne', 1]
			]),
			line('L2-3', 'lot2', 'contenus', 7000, 33333, [
				['bruno', 60],
				['chloe', 40]
			])
		]
	};
}

function line(
	id: string,
	lotId: string,
	label: string,
	quantityMilli: number,
	unitPriceCents: number,
	assignees: [string, number][]
): SplitLineInput {
	return {
		id,
		lotId,
		label,
		quantityMilli,
		unitPriceCents,
		assignees: assignees.map(([personId, weight]) => ({ personId, weight }))
	};
}

function person(result: SplitResult, id: string) {
	const p = result.people.find((x) => x.personId === id);
	if (!p) throw new Error(`no person ${id}`);
	return p;
}

function expectSplitError(input: SplitInput, code: SplitInputErrorCode): SplitInputError {
	try {
		computeSplit(input);
	} catch (e) {
		expect(e).toBeInstanceOf(SplitInputError);
		const err = e as SplitInputError;
		expect(err.code).toBe(code);
		expect(err.message.length).toBeGreaterThan(0);
		return err;
	}
	throw new Error(`expected SplitInputError ${code}`);
}

describe('computeSplit: DOMAIN.md worked example', () => {
	const result = computeSplit(workedExample());

	it('computes every line and its parts', () => {
		const lines = result.lines.map((l) => [l.id, l.amountCents, l.parts.map((p) => [p.personId, p.amountCents])]);
		expect(lines).toEqual([
			['L1-1', 774000, [['anne', 774000]]],
			['L1-2', 387525, [['bruno', 387525]]],
			[
				'L1-3',
				104975,
				[
					['anne', 52488],
					['chloe', 52487]
				]
			],
			['L2-1', 1249900, [['chloe', 1249900]]],
			[
				'L2-2',
				500000,
				[
					['bruno', 166667],
					['chloe', 166667],
					['anne', 166666]
				]
			],
			[
				'L2-3',
				233331,
				[
					['bruno', 139999],
					['chloe', 93332]
				]
			]
		]);
		expect(result.lines[5]?.parts.map((p) => p.weight)).toEqual([60, 40]);
	});

	it('computes every figure of every person', () => {
		const rows = result.people.map((p) => ({
			id: p.personId,
			gross: p.grossCents,
			feePaid: p.feePaidCents,
			feeReceived: p.feeReceivedCents,
			base: p.baseCents,
			contribution: p.contributionCents,
			net: p.netCents
		}));
		expect(rows).toEqual([
			{ id: 'anne', gross: 993154, feePaid: 0, feeReceived: 90263, base: 1083417, contribution: 119176, net: 964241 },
			{ id: 'bruno', gross: 694191, feePaid: 27768, feeReceived: 0, base: 666423, contribution: 73307, net: 593116 },
			{ id: 'chloe', gross: 1562386, feePaid: 62495, feeReceived: 0, base: 1499891, contribution: 134990, net: 1364901 }
		]);
		expect(person(result, 'anne').isCoordinator).toBe(true);
		expect(person(result, 'bruno').isCoordinator).toBe(false);
		expect(person(result, 'chloe').contributionRateBp).toBe(900);
	});

	it('computes each person’s gross per lot', () => {
		expect(person(result, 'anne').grossByLot).toEqual([
			{ lotId: 'lot1', grossCents: 826488 },
			{ lotId: 'lot2', grossCents: 166666 }
		]);
		expect(person(result, 'bruno').grossByLot).toEqual([
			{ lotId: 'lot1', grossCents: 387525 },
			{ lotId: 'lot2', grossCents: 306666 }
		]);
		expect(person(result, 'chloe').grossByLot).toEqual([
			{ lotId: 'lot1', grossCents: 52487 },
			{ lotId: 'lot2', grossCents: 1509899 }
		]);
	});

	it('computes the totals', () => {
		expect(result.totals).toEqual({
			offerCents: 3249731,
			grossCents: 3249731,
			feeCents: 90263,
			baseCents: 3249731,
			contributionCents: 327473,
			netCents: 2922258
		});
	});

	it('computes the amounts per lot and legal member (DC1 / ATTRI1)', () => {
		const lots = result.lots.map((l) => ({
			lot: l.lotId,
			label: l.label,
			amount: l.amountCents,
			members: l.members.map((m) => [m.organisationId, m.name, m.amountCents])
		}));
		expect(lots).toEqual([
			{
				lot: 'lot1',
				label: 'Lot 1',
				amount: 1266500,
				members: [
					['gamma', 'CAE GAMMA', 1214013],
					['delta', 'CAE DELTA', 52487]
				]
			},
			{
				lot: 'lot2',
				label: 'Lot 2',
				amount: 1983231,
				members: [
					['gamma', 'CAE GAMMA', 473332],
					['delta', 'CAE DELTA', 1509899]
				]
			}
		]);
		expect(result.lots[0]?.members[0]?.people).toEqual([
			{ personId: 'anne', grossCents: 826488 },
			{ personId: 'bruno', grossCents: 387525 }
		]);
	});

	it('computes the totals per organisation', () => {
		expect(result.organisations).toEqual([
			{
				organisationId: 'gamma',
				name: 'CAE GAMMA',
				isCoordinatorOrganisation: true,
				amountCents: 1687345,
				amountByLot: [
					{ lotId: 'lot1', amountCents: 1214013 },
					{ lotId: 'lot2', amountCents: 473332 }
				],
				feePaidCents: 27768,
				feeReceivedCents: 90263,
				baseCents: 1749840,
				contributionCents: 192483,
				netCents: 1557357,
				personIds: ['anne', 'bruno']
			},
			{
				organisationId: 'delta',
				name: 'CAE DELTA',
				isCoordinatorOrganisation: false,
				amountCents: 1562386,
				amountByLot: [
					{ lotId: 'lot1', amountCents: 52487 },
					{ lotId: 'lot2', amountCents: 1509899 }
				],
				feePaidCents: 62495,
				feeReceivedCents: 0,
				baseCents: 1499891,
				contributionCents: 134990,
				netCents: 1364901,
				personIds: ['chloe']
			}
		]);
	});

	it('lists the fee transfers: DELTA invoiced with 20 % VAT, Bruno’s fee internal to GAMMA', () => {
		expect(result.coordinatorOrganisationId).toBe('gamma');
		expect(result.feeInvoices).toEqual([
			{
				fromOrganisationId: 'gamma',
				toOrganisationId: 'gamma',
				internal: true,
				amountHtCents: 27768,
				vatRateBp: 0,
				vatCents: 0,
				amountTtcCents: 27768,
				payers: [{ personId: 'bruno', feeCents: 27768 }]
			},
			{
				fromOrganisationId: 'delta',
				toOrganisationId: 'gamma',
				internal: false,
				amountHtCents: 62495,
				vatRateBp: 2000,
				vatCents: 12499,
				amountTtcCents: 74994,
				payers: [{ personId: 'chloe', feeCents: 62495 }]
			}
		]);
	});

	it('satisfies the invariants', () => {
		expect(result.invariants).toEqual({ ok: true, violations: [] });
		expect(checkSplitInvariants(result)).toEqual({ ok: true, violations: [] });
	});

	it('detects a tampered result', () => {
		const tampered = structuredClone(result);
		const chloe = tampered.people[2];
		if (!chloe) throw new Error('no Chloé');
		chloe.contributionCents += 1;
		const check = checkSplitInvariants(tampered);
		expect(check.ok).toBe(false);
		expect(check.violations.length).toBeGreaterThan(0);
	});
});

describe('computeSplit: special cases', () => {
	it('keeps a coordinator without lines, who still receives the fee', () => {
		const input = workedExample();
		input.people.push({ id: 'dan', name: 'Dan', organisationId: 'delta', contributionRateBp: 1000 });
		input.coordinatorId = 'dan';
		const r = computeSplit(input);
		const dan = person(r, 'dan');
		expect(dan.grossCents).toBe(0);
		expect(dan.grossByLot).toEqual([]);
		expect(dan.feePaidCents).toBe(0);
		// Anne now pays 4 % of 9 931,54 = 397,2616 → 397,26
		expect(person(r, 'anne').feePaidCents).toBe(39726);
		expect(dan.feeReceivedCents).toBe(39726 + 27768 + 62495);
		expect(dan.baseCents).toBe(dan.feeReceivedCents);
		expect(dan.contributionCents).toBe(Math.round(dan.baseCents / 10));
		expect(r.coordinatorOrganisationId).toBe('delta');
		// Dan is in no lot: DELTA's lot amounts are Chloé's only.
		expect(r.lots.map((l) => l.members.find((m) => m.organisationId === 'delta')?.people.length)).toEqual([1, 1]);
		// GAMMA is invoiced; Chloé's fee is internal to DELTA.
		expect(r.feeInvoices.map((f) => [f.fromOrganisationId, f.internal, f.amountHtCents])).toEqual([
			['gamma', false, 39726 + 27768],
			['delta', true, 62495]
		]);
		expect(r.invariants.ok).toBe(true);
	});

	it('with a fee of 0, nobody pays and there is nothing to invoice', () => {
		const input = workedExample();
		input.feeRateBp = 0;
		const r = computeSplit(input);
		expect(r.people.map((p) => [p.feePaidCents, p.feeReceivedCents])).toEqual([
			[0, 0],
			[0, 0],
			[0, 0]
		]);
		expect(r.people.map((p) => p.baseCents)).toEqual(r.people.map((p) => p.grossCents));
		expect(r.feeInvoices).toEqual([]);
		expect(r.totals.feeCents).toBe(0);
	});

	it('lists every lot and organisation, even without lines', () => {
		const input = workedExample();
		input.lots.push({ id: 'lot3', label: 'Lot 3' });
		input.organisations.push({ id: 'epsilon', name: 'SCOP EPSILON' });
		const r = computeSplit(input);
		expect(r.lots[2]).toEqual({ lotId: 'lot3', label: 'Lot 3', amountCents: 0, members: [] });
		expect(r.organisations[2]).toMatchObject({ organisationId: 'epsilon', amountCents: 0, personIds: [], amountByLot: [] });
	});

	it('keeps a member assigned to a 0 € line in the lot', () => {
		const input = workedExample();
		input.lines.push(line('L2-4', 'lot2', 'gratuit', 1000, 0, [['anne', 1]]));
		input.lines.push(line('L1-4', 'lot1', 'offert', 0, 1000, [['bruno', 1]]));
		const r = computeSplit(input);
		expect(r.lines.at(-1)?.amountCents).toBe(0);
		expect(r.totals.offerCents).toBe(3249731);
	});

	it('gives nothing to anyone with an empty bid', () => {
		const input = workedExample();
		input.lines = [];
		const r = computeSplit(input);
		expect(r.totals).toEqual({ offerCents: 0, grossCents: 0, feeCents: 0, baseCents: 0, contributionCents: 0, netCents: 0 });
		expect(r.lots.every((l) => l.members.length === 0)).toBe(true);
		expect(r.invariants.ok).toBe(true);
	});

	it('rounds the fee per person, not on the total', () => {
		// Two non-coordinators with 0,25 € each at 10 %: 2,5 cents each → 3 + 3 = 6,
		// while 10 % of the 0,50 € total would be 5.
		const r = computeSplit({
			coordinatorId: 'c',
			feeRateBp: 1000,
			organisations: [{ id: 'o', name: 'O' }],
			lots: [{ id: 'l', label: 'L' }],
			people: [
				{ id: 'c', name: 'C', organisationId: 'o', contributionRateBp: 0 },
				{ id: 'a', name: 'A', organisationId: 'o', contributionRateBp: 0 },
				{ id: 'b', name: 'B', organisationId: 'o', contributionRateBp: 0 }
			],
			lines: [line('x', 'l', 'x', 1000, 25, [['a', 1]]), line('y', 'l', 'y', 1000, 25, [['b', 1]])]
		});
		expect(r.people.map((p) => p.feePaidCents)).toEqual([0, 3, 3]);
		expect(person(r, 'c').feeReceivedCents).toBe(6);
		expect(r.invariants.ok).toBe(true);
	});

	it('rounds the contribution per person, not on the organisation total', () => {
		// Two people with 0,05 € each at 10 %: 0,5 cent each → 1 + 1 = 2, not 1 on the total.
		const r = computeSplit({
			coordinatorId: 'a',
			feeRateBp: 0,
			organisations: [{ id: 'o', name: 'O' }],
			lots: [{ id: 'l', label: 'L' }],
			people: [
				{ id: 'a', name: 'A', organisationId: 'o', contributionRateBp: 1000 },
				{ id: 'b', name: 'B', organisationId: 'o', contributionRateBp: 1000 }
			],
			lines: [
				line('x', 'l', 'x', 1000, 10, [
					['a', 1],
					['b', 1]
				])
			]
		});
		expect(r.people.map((p) => p.contributionCents)).toEqual([1, 1]);
		expect(r.organisations[0]?.contributionCents).toBe(2);
	});
});

describe('computeSplit: input validation', () => {
	it('refuses a weight that is 0, negative or not an integer', () => {
		for (const weight of [0, -1, 1.5, Number.NaN]) {
			const input = workedExample();
			const l = input.lines[2];
			if (!l?.assignees[1]) throw new Error('fixture');
			l.assignees[1].weight = weight;
			const err = expectSplitError(input, 'invalid_weight');
			expect(err.lineId).toBe('L1-3');
			expect(err.personId).toBe('chloe');
			expect(err.message).toContain('Chloé');
		}
	});

	it('refuses a line with no assignee', () => {
		const input = workedExample();
		input.lines.push(line('L9', 'lot1', 'orpheline', 1000, 100, []));
		const err = expectSplitError(input, 'no_assignee');
		expect(err.lineId).toBe('L9');
		expect(err.message).toBe('Aucune personne n’est affectée à la ligne « orpheline ».');
	});

	it('refuses an assignee who is not in the bid', () => {
		const input = workedExample();
		input.lines.push(line('L9', 'lot1', 'x', 1000, 100, [['zoe', 1]]));
		expect(expectSplitError(input, 'unknown_person').personId).toBe('zoe');
	});

	it('refuses the same person twice on a line', () => {
		const input = workedExample();
		input.lines.push(
			line('L9', 'lot1', 'x', 1000, 100, [
				['anne', 1],
				['anne', 2]
			])
		);
		expectSplitError(input, 'duplicate_assignee');
	});

	it('refuses contribution and fee rates outside 0–100 %', () => {
		for (const rate of [-1, 10001, 5.5]) {
			const input = workedExample();
			const bruno = input.people[1];
			if (!bruno) throw new Error('fixture');
			bruno.contributionRateBp = rate;
			expect(expectSplitError(input, 'invalid_rate').personId).toBe('bruno');
			const input2 = workedExample();
			input2.feeRateBp = rate;
			expectSplitError(input2, 'invalid_fee_rate');
		}
		const ok = workedExample();
		ok.feeRateBp = 10000;
		const bruno = ok.people[1];
		if (!bruno) throw new Error('fixture');
		bruno.contributionRateBp = 0;
		expect(computeSplit(ok).invariants.ok).toBe(true);
	});

	it('refuses an unknown coordinator, organisation or lot', () => {
		const a = workedExample();
		a.coordinatorId = 'nobody';
		expectSplitError(a, 'unknown_coordinator');
		const b = workedExample();
		b.organisations = b.organisations.filter((o) => o.id !== 'delta');
		expectSplitError(b, 'unknown_organisation');
		const c = workedExample();
		c.lots = c.lots.filter((l) => l.id !== 'lot2');
		expectSplitError(c, 'unknown_lot');
	});

	it('refuses invalid quantities and prices', () => {
		for (const q of [-1000, 1.5, Number.NaN]) {
			const input = workedExample();
			input.lines.push(line('L9', 'lot1', 'x', q, 100, [['anne', 1]]));
			expectSplitError(input, 'invalid_quantity');
		}
		for (const p of [-100, 0.5, Number.POSITIVE_INFINITY]) {
			const input = workedExample();
			input.lines.push(line('L9', 'lot1', 'x', 1000, p, [['anne', 1]]));
			expectSplitError(input, 'invalid_price');
		}
	});

	it('refuses duplicate ids and overflowing amounts', () => {
		const a = workedExample();
		a.lines.push(line('L1-1', 'lot1', 'doublon', 1000, 100, [['anne', 1]]));
		expectSplitError(a, 'duplicate_id');
		const b = workedExample();
		b.people.push({ id: 'anne', name: 'Anne bis', organisationId: 'gamma', contributionRateBp: 0 });
		expectSplitError(b, 'duplicate_id');
		const c = workedExample();
		c.lines.push(line('L9', 'lot1', 'x', 10 ** 9, 10 ** 12, [['anne', 1]]));
		expectSplitError(c, 'amount_too_large');
	});
});

describe('sharePaymentByGross', () => {
	it('shares a payment by gross, with the largest remainder', () => {
		// GAMMA receives its lot 1 amount: shared back exactly to Anne and Bruno.
		expect(
			sharePaymentByGross(1214013, [
				{ personId: 'anne', grossCents: 826488 },
				{ personId: 'bruno', grossCents: 387525 }
			])
		).toEqual([
			{ personId: 'anne', amountCents: 826488 },
			{ personId: 'bruno', amountCents: 387525 }
		]);
		// Half of it: 607006,5 split 413244 / 193762,5 → the leftover cent goes by remainder.
		const half = sharePaymentByGross(607006, [
			{ personId: 'anne', grossCents: 826488 },
			{ personId: 'bruno', grossCents: 387525 }
		]);
		expect(half.reduce((a, s) => a + s.amountCents, 0)).toBe(607006);
		expect(half).toEqual([
			{ personId: 'anne', amountCents: 413244 },
			{ personId: 'bruno', amountCents: 193762 }
		]);
	});

	it('breaks ties in the given order and gives 0 to a gross of 0', () => {
		expect(
			sharePaymentByGross(1, [
				{ personId: 'a', grossCents: 100 },
				{ personId: 'b', grossCents: 100 }
			]).map((s) => s.amountCents)
		).toEqual([1, 0]);
		expect(
			sharePaymentByGross(1, [
				{ personId: 'b', grossCents: 100 },
				{ personId: 'a', grossCents: 100 }
			]).map((s) => s.personId + s.amountCents)
		).toEqual(['b1', 'a0']);
		expect(
			sharePaymentByGross(101, [
				{ personId: 'a', grossCents: 0 },
				{ personId: 'b', grossCents: 3 },
				{ personId: 'c', grossCents: 0 }
			]).map((s) => s.amountCents)
		).toEqual([0, 101, 0]);
	});

	it('refuses what cannot be shared', () => {
		expect(() => sharePaymentByGross(100, [])).toThrow(SplitInputError);
		expect(() => sharePaymentByGross(100, [{ personId: 'a', grossCents: 0 }])).toThrow(/impossible de répartir/);
		expect(() => sharePaymentByGross(-1, [{ personId: 'a', grossCents: 1 }])).toThrow(SplitInputError);
		expect(() => sharePaymentByGross(1.5, [{ personId: 'a', grossCents: 1 }])).toThrow(SplitInputError);
		expect(() => sharePaymentByGross(1, [{ personId: 'a', grossCents: -1 }])).toThrow(SplitInputError);
		expect(sharePaymentByGross(0, [])).toEqual([]);
		expect(sharePaymentByGross(0, [{ personId: 'a', grossCents: 0 }])).toEqual([{ personId: 'a', amountCents: 0 }]);
	});

	it('always adds up to the payment', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10 ** 10 }),
				fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 12 }).filter((g) => g.some((x) => x > 0)),
				(payment, grosses) => {
					const shares = sharePaymentByGross(
						payment,
						grosses.map((g, i) => ({ personId: `p${i}`, grossCents: g }))
					);
					expect(shares.reduce((a, s) => a + s.amountCents, 0)).toBe(payment);
					shares.forEach((s, i) => {
						if (grosses[i] === 0) expect(s.amountCents).toBe(0);
					});
				}
			)
		);
	});
});

// ---------------------------------------------------------------------------------------------
// Property-based tests over random bids
// ---------------------------------------------------------------------------------------------

const bidArbitrary: fc.Arbitrary<SplitInput> = fc
	.record({
		orgCount: fc.integer({ min: 1, max: 4 }),
		people: fc.array(
			fc.record({
				org: fc.nat(),
				rate: fc.integer({ min: 0, max: 2000 })
			}),
			{ minLength: 1, maxLength: 12 }
		),
		lotCount: fc.integer({ min: 1, max: 4 }),
		coordinator: fc.nat(),
		feeRateBp: fc.integer({ min: 0, max: 1000 }),
		lines: fc.array(
			fc.record({
				lot: fc.nat(),
				quantityMilli: fc.oneof(
					fc.integer({ min: 0, max: 1_000_000 }),
					fc.integer({ min: 1, max: 1000 }).map((q) => q * 1000)
				),
				unitPriceCents: fc.integer({ min: 0, max: 10_000_000 }),
				assignees: fc.uniqueArray(fc.record({ who: fc.nat(), weight: fc.integer({ min: 1, max: 100 }) }), {
					minLength: 1,
					maxLength: 12,
					selector: (a) => a.who
				})
			}),
			{ minLength: 1, maxLength: 60 }
		)
	})
	.map((r) => {
		const organisations = Array.from({ length: r.orgCount }, (_, i) => ({ id: `org${i}`, name: `Structure ${i}` }));
		const people = r.people.map((p, i) => ({
			id: `p${i}`,
			name: `Personne ${i}`,
			organisationId: `org${p.org % r.orgCount}`,
			contributionRateBp: p.rate
		}));
		const lots = Array.from({ length: r.lotCount }, (_, i) => ({ id: `lot${i}`, label: `Lot ${i + 1}` }));
		const lines: SplitLineInput[] = r.lines.map((l, i) => {
			// Map assignee indices onto people, dropping duplicates created by the modulo.
			const seen = new Set<number>();
			const assignees = [];
			for (const a of l.assignees) {
				const idx = a.who % people.length;
				if (seen.has(idx)) continue;
				seen.add(idx);
				assignees.push({ personId: `p${idx}`, weight: a.weight });
			}
			return {
				id: `line${i}`,
				lotId: `lot${l.lot % r.lotCount}`,
				label: `Ligne ${i}`,
				quantityMilli: l.quantityMilli,
				unitPriceCents: l.unitPriceCents,
				assignees
			};
		});
		return {
			organisations,
			people,
			lots,
			lines,
			coordinatorId: `p${r.coordinator % people.length}`,
			feeRateBp: r.feeRateBp
		};
	});

/** Independent re-derivation of the DOMAIN.md rules, in BigInt, on top of the result. */
function expectRulesHold(input: SplitInput, r: SplitResult): void {
	expect(r.invariants).toEqual({ ok: true, violations: [] });
	let offer = 0n;
	const partsByPerson = new Map<string, bigint>();
	input.lines.forEach((l, i) => {
		const out = r.lines[i];
		if (!out) throw new Error('missing line');
		expect(out.id).toBe(l.id);
		// Rule 1: half-up to the cent.
		const exact = BigInt(l.quantityMilli) * BigInt(l.unitPriceCents);
		const diff = BigInt(out.amountCents) * 1000n - exact;
		expect(diff > -500n && diff <= 500n).toBe(true);
		offer += BigInt(out.amountCents);
		// Rule 2: parts add up; each is the floor or floor + 1 of the exact share.
		const wsum = BigInt(l.assignees.reduce((a, x) => a + x.weight, 0));
		expect(out.parts.map((p) => p.personId)).toEqual(l.assignees.map((a) => a.personId));
		expect(out.parts.reduce((a, p) => a + p.amountCents, 0)).toBe(out.amountCents);
		out.parts.forEach((p, j) => {
			const floor = (BigInt(out.amountCents) * BigInt(l.assignees[j]?.weight ?? 0)) / wsum;
			expect(BigInt(p.amountCents) - floor).toBeGreaterThanOrEqual(0n);
			expect(BigInt(p.amountCents) - floor).toBeLessThanOrEqual(1n);
			partsByPerson.set(p.personId, (partsByPerson.get(p.personId) ?? 0n) + BigInt(p.amountCents));
		});
	});
	let paid = 0n;
	let received = 0n;
	let base = 0n;
	let net = 0n;
	let contribution = 0n;
	expect(r.people.map((p) => p.personId)).toEqual(input.people.map((p) => p.id));
	for (const p of r.people) {
		const inPerson = input.people.find((x) => x.id === p.personId);
		if (!inPerson) throw new Error('missing person');
		expect(BigInt(p.grossCents)).toBe(partsByPerson.get(p.personId) ?? 0n);
		if (p.personId === input.coordinatorId) {
			expect(p.feePaidCents).toBe(0);
		} else {
			expect(p.feeReceivedCents).toBe(0);
			const d = BigInt(p.feePaidCents) * 10000n - BigInt(p.grossCents) * BigInt(input.feeRateBp);
			expect(d > -5000n && d <= 5000n).toBe(true);
		}
		expect(p.baseCents).toBe(p.grossCents - p.feePaidCents + p.feeReceivedCents);
		const dc = BigInt(p.contributionCents) * 10000n - BigInt(p.baseCents) * BigInt(inPerson.contributionRateBp);
		expect(dc > -5000n && dc <= 5000n).toBe(true);
		expect(p.netCents).toBe(p.baseCents - p.contributionCents);
		paid += BigInt(p.feePaidCents);
		received += BigInt(p.feeReceivedCents);
		base += BigInt(p.baseCents);
		net += BigInt(p.netCents);
		contribution += BigInt(p.contributionCents);
	}
	// Rule 7.
	expect(paid).toBe(received);
	expect(base).toBe(offer);
	expect(net + contribution).toBe(offer);
	expect(BigInt(r.totals.offerCents)).toBe(offer);
	// Per lot and member: Σ members = lot = Σ lines of the lot.
	for (const lot of r.lots) {
		const lines = input.lines.filter((l) => l.lotId === lot.lotId);
		const lotSum = r.lines.filter((l) => l.lotId === lot.lotId).reduce((a, l) => a + l.amountCents, 0);
		expect(lot.amountCents).toBe(lotSum);
		expect(lot.members.reduce((a, m) => a + m.amountCents, 0)).toBe(lotSum);
		for (const m of lot.members) {
			expect(m.people.reduce((a, p) => a + p.grossCents, 0)).toBe(m.amountCents);
		}
		if (lines.length === 0) expect(lot.members).toEqual([]);
	}
	// Per organisation: billed amount = Σ its lot amounts; Σ = offer.
	expect(r.organisations.reduce((a, o) => a + o.amountCents, 0)).toBe(r.totals.offerCents);
	for (const o of r.organisations) {
		expect(o.amountByLot.reduce((a, x) => a + x.amountCents, 0)).toBe(o.amountCents);
		expect(o.netCents + o.contributionCents).toBe(o.baseCents);
	}
	// Fee transfers: HT sum to the fee; internal only for the coordinator's organisation; TTC = HT + 20 %.
	expect(BigInt(r.feeInvoices.reduce((a, f) => a + f.amountHtCents, 0))).toBe(paid);
	for (const f of r.feeInvoices) {
		expect(f.toOrganisationId).toBe(r.coordinatorOrganisationId);
		expect(f.internal).toBe(f.fromOrganisationId === r.coordinatorOrganisationId);
		expect(f.amountTtcCents).toBe(f.amountHtCents + f.vatCents);
		if (!f.internal) {
			const dv = BigInt(f.vatCents) * 10000n - BigInt(f.amountHtCents) * 2000n;
			expect(dv > -5000n && dv <= 5000n).toBe(true);
		}
	}
}

/** Everything but the per-line output, which follows input order. */
function orderIndependentPart(r: SplitResult) {
	return {
		people: r.people,
		lots: r.lots,
		organisations: r.organisations,
		feeInvoices: r.feeInvoices,
		totals: r.totals,
		lines: [...r.lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
	};
}

describe('computeSplit: properties over random bids', () => {
	it('always satisfies every rule and invariant, to the cent', () => {
		fc.assert(
			fc.property(bidArbitrary, (input) => {
				expectRulesHold(input, computeSplit(input));
			}),
			{ numRuns: 500 }
		);
	});

	it('does not depend on the order of the lines', () => {
		fc.assert(
			fc.property(
				bidArbitrary.chain((input) =>
					fc.tuple(fc.constant(input), fc.shuffledSubarray(input.lines, { minLength: input.lines.length, maxLength: input.lines.length }))
				),
				([input, shuffled]) => {
					const a = computeSplit(input);
					const b = computeSplit({ ...input, lines: shuffled });
					expect(orderIndependentPart(b)).toEqual(orderIndependentPart(a));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('reproduces the worked example whatever the order of its lines', () => {
		const expected = orderIndependentPart(computeSplit(workedExample()));
		const input = workedExample();
		fc.assert(
			fc.property(fc.shuffledSubarray(input.lines, { minLength: input.lines.length, maxLength: input.lines.length }), (lines) => {
				expect(orderIndependentPart(computeSplit({ ...input, lines }))).toEqual(expected);
			})
		);
	});
});
