import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	divRoundHalfUp,
	formatCentsPlain,
	formatEuros,
	formatRate,
	largestRemainder,
	lineAmountCents,
	mulRateHalfUp,
	parseDecimal,
	parseEuros,
	parseQuantity,
	parseRatePercent
} from '../../../src/lib/domain/money';

const NNBSP = '\u202F';
const NBSP = '\u00A0';

describe('parseEuros', () => {
	it.each([
		['3 875,25', 387525],
		['3875.25', 387525],
		['3875,25', 387525],
		['12 499', 1249900],
		['0,5', 50],
		['0.05', 5],
		['0', 0],
		['1 234 567,89 €', 123456789],
		['1 234 567,89€', 123456789],
		[`1${NNBSP}234${NNBSP}567,89${NBSP}€`, 123456789],
		[`12${NBSP}499,00`, 1249900],
		['  42  ', 4200],
		['5000,00', 500000],
		['007', 700],
		['90071992547409,91', 9007199254740991]
	])('parses %j as %d cents', (input, cents) => {
		expect(parseEuros(input)).toBe(cents);
	});

	it.each([
		'',
		'   ',
		'€',
		'3,875',
		'12,345',
		'0,001',
		'-5',
		'-5,00',
		'+5',
		'abc',
		'12a',
		'12 €uros',
		'12 49',
		'1234 567',
		'1 2345',
		'1.234,56',
		'1,234.56',
		'1..5',
		'1,',
		',5',
		'5 %',
		'€ 12',
		'1e3',
		'Infinity',
		'NaN',
		'0x10',
		'90071992547409,92'
	])('refuses %j', (input) => {
		expect(parseEuros(input)).toBeNull();
	});

	it('round-trips with formatCentsPlain for any amount', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
				expect(parseEuros(formatCentsPlain(cents))).toBe(cents);
			})
		);
	});

	it('round-trips with formatEuros (Intl output) for any amount', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (cents) => {
				expect(parseEuros(formatEuros(cents))).toBe(cents);
			})
		);
	});
});

describe('parseQuantity and parseDecimal', () => {
	it.each([
		['2,5', 2500],
		['2.5', 2500],
		['12', 12000],
		['0,125', 125],
		['1 000', 1000000],
		['7', 7000],
		['0', 0]
	])('parses %j as %d thousandths', (input, milli) => {
		expect(parseQuantity(input)).toBe(milli);
	});

	it.each(['1,23456', '0,0001', '-1', '', 'deux', '2,5 €', '1 00'])('refuses %j', (input) => {
		expect(parseQuantity(input)).toBeNull();
	});

	it('scales by the number of decimals asked', () => {
		expect(parseDecimal('1,5', 0)).toBeNull();
		expect(parseDecimal('15', 0)).toBe(15);
		expect(parseDecimal('1,5', 1)).toBe(15);
		expect(parseDecimal('1,5', 4)).toBe(15000);
		expect(() => parseDecimal('1', -1)).toThrow(RangeError);
		expect(() => parseDecimal('1', 1.5)).toThrow(RangeError);
	});
});

describe('divRoundHalfUp', () => {
	it('rounds half away from zero', () => {
		expect(divRoundHalfUp(5n, 10n)).toBe(1n);
		expect(divRoundHalfUp(4n, 10n)).toBe(0n);
		expect(divRoundHalfUp(15n, 10n)).toBe(2n);
		expect(divRoundHalfUp(25n, 10n)).toBe(3n);
		expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
		expect(divRoundHalfUp(-4n, 10n)).toBe(0n);
		expect(divRoundHalfUp(-15n, 10n)).toBe(-2n);
		expect(divRoundHalfUp(0n, 7n)).toBe(0n);
		expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
	});
});

describe('mulRateHalfUp', () => {
	it('rounds half-up: 3 % of 21 553,50 € is 646,61 € (not 646,60)', () => {
		expect(mulRateHalfUp(2155350, 300)).toBe(64661);
	});

	it('computes the worked example fees and contributions', () => {
		expect(mulRateHalfUp(694191, 400)).toBe(27768);
		expect(mulRateHalfUp(1562386, 400)).toBe(62495);
		expect(mulRateHalfUp(1083417, 1100)).toBe(119176);
		expect(mulRateHalfUp(666423, 1100)).toBe(73307);
		expect(mulRateHalfUp(1499891, 900)).toBe(134990);
	});

	it('handles 0 %, 100 %, and large amounts exactly', () => {
		expect(mulRateHalfUp(123456, 0)).toBe(0);
		expect(mulRateHalfUp(123456, 10000)).toBe(123456);
		expect(mulRateHalfUp(Number.MAX_SAFE_INTEGER, 10000)).toBe(Number.MAX_SAFE_INTEGER);
		expect(mulRateHalfUp(1, 5000)).toBe(1);
		expect(mulRateHalfUp(1, 4999)).toBe(0);
	});

	it('is within half a cent of the exact value, rounding halves up', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10000 }), (cents, bp) => {
				const r = BigInt(mulRateHalfUp(cents, bp));
				const exact = BigInt(cents) * BigInt(bp); // × 1/10000
				const diff = r * 10000n - exact;
				expect(diff > -5000n && diff <= 5000n).toBe(true);
			})
		);
	});

	it('always rounds exact halves up', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
				// (2n + 1) × 50 % = n + 0,5 → n + 1
				expect(mulRateHalfUp(2 * n + 1, 5000)).toBe(n + 1);
				// (2n + 1) × 0,5 × 1 cent → n + 1
				expect(lineAmountCents(500 * (2 * n + 1), 1)).toBe(n + 1);
			})
		);
	});

	it('refuses non-integers', () => {
		expect(() => mulRateHalfUp(1.5, 100)).toThrow(RangeError);
		expect(() => mulRateHalfUp(100, 1.5)).toThrow(RangeError);
	});
});

describe('lineAmountCents', () => {
	it('computes the worked example lines', () => {
		expect(lineAmountCents(12000, 64500)).toBe(774000);
		expect(lineAmountCents(1000, 387525)).toBe(387525);
		expect(lineAmountCents(2500, 41990)).toBe(104975);
		expect(lineAmountCents(1000, 1249900)).toBe(1249900);
		expect(lineAmountCents(1000, 500000)).toBe(500000);
		expect(lineAmountCents(7000, 33333)).toBe(233331);
	});

	it('rounds half-up to the cent', () => {
		// 0,005 × 1,00 € = 0,005 € → 0,01 €
		expect(lineAmountCents(5, 100)).toBe(1);
		// 0,004 × 1,00 € → 0
		expect(lineAmountCents(4, 100)).toBe(0);
		// 1,5 × 0,01 € = 0,015 € → 0,02 €
		expect(lineAmountCents(1500, 1)).toBe(2);
		// 2,345 × 3,33 € = 7,80885 € → 7,81 €
		expect(lineAmountCents(2345, 333)).toBe(781);
		// Float would say 1.005 * 100 = 100.49999…; exact arithmetic gives 1,01 €
		expect(lineAmountCents(1005, 100)).toBe(101);
	});

	it('is exact for large values', () => {
		// 999 999,999 × 100 000,00 € = 99 999 999 900 € exactly
		expect(lineAmountCents(999999999, 10000000)).toBe(9999999990000);
		expect(() => lineAmountCents(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
	});

	it('is within half a cent of the exact value', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: 0, max: 10 ** 7 }), (q, p) => {
				const r = BigInt(lineAmountCents(q, p));
				const diff = r * 1000n - BigInt(q) * BigInt(p);
				expect(diff > -500n && diff <= 500n).toBe(true);
			})
		);
	});
});

describe('formatting', () => {
	it('formats euros as Intl fr-FR does', () => {
		expect(formatEuros(387525)).toBe(`3${NNBSP}875,25${NBSP}€`);
		expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
		expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
		expect(formatEuros(123456789)).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
		expect(formatEuros(-387525)).toBe(`-3${NNBSP}875,25${NBSP}€`);
		expect(formatEuros(Number.MAX_SAFE_INTEGER)).toBe(`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`);
		expect(formatEuros(387525)).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(3875.25));
	});

	it('formats plain cents for CSV', () => {
		expect(formatCentsPlain(387525)).toBe('3875,25');
		expect(formatCentsPlain(123456789)).toBe('1234567,89');
		expect(formatCentsPlain(5)).toBe('0,05');
		expect(formatCentsPlain(0)).toBe('0,00');
		expect(formatCentsPlain(-5)).toBe('-0,05');
		expect(formatCentsPlain(-387525)).toBe('-3875,25');
		expect(() => formatCentsPlain(1.5)).toThrow(RangeError);
	});

	it('formats rates', () => {
		expect(formatRate(1100)).toBe(`11${NBSP}%`);
		expect(formatRate(450)).toBe(`4,5${NBSP}%`);
		expect(formatRate(1234)).toBe(`12,34${NBSP}%`);
		expect(formatRate(5)).toBe(`0,05${NBSP}%`);
		expect(formatRate(0)).toBe(`0${NBSP}%`);
		expect(formatRate(10000)).toBe(`100${NBSP}%`);
	});
});

describe('parseRatePercent', () => {
	it.each([
		['11', 1100],
		['4,5', 450],
		['4.5 %', 450],
		['4,5%', 450],
		[`13,5${NBSP}%`, 1350],
		['12,25', 1225],
		['0', 0],
		['100', 10000],
		[' 9 ', 900]
	])('parses %j as %d bp', (input, bp) => {
		expect(parseRatePercent(input)).toBe(bp);
	});

	it.each(['', '%', '4,555', '-1', '100,01', '101', 'onze', '4,', '4,5 %%', '1 000'])('refuses %j', (input) => {
		expect(parseRatePercent(input)).toBeNull();
	});

	it('round-trips with formatRate', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10000 }), (bp) => {
				expect(parseRatePercent(formatRate(bp))).toBe(bp);
			})
		);
	});
});

describe('largestRemainder', () => {
	it('splits the worked example lines', () => {
		expect(largestRemainder(500000, [1, 1, 1])).toEqual([166667, 166667, 166666]);
		expect(largestRemainder(233331, [60, 40])).toEqual([139999, 93332]);
		expect(largestRemainder(104975, [1, 1])).toEqual([52488, 52487]);
	});

	it('gives ties to the earlier entry', () => {
		expect(largestRemainder(1, [1, 1, 1])).toEqual([1, 0, 0]);
		expect(largestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
		expect(largestRemainder(5, [2, 1, 2])).toEqual([2, 1, 2]);
		expect(largestRemainder(1, [2, 1, 2])).toEqual([1, 0, 0]);
	});

	it('gives the leftover to the largest remainders, not list order', () => {
		// 10 × [1, 2] / 3 = 3,33 / 6,67 → 3 / 7
		expect(largestRemainder(10, [1, 2])).toEqual([3, 7]);
		// 100 × [1, 1, 5] / 7 = 14,28 / 14,28 / 71,43 → 14 / 14 / 72
		expect(largestRemainder(100, [1, 1, 5])).toEqual([14, 14, 72]);
	});

	it('handles edge cases', () => {
		expect(largestRemainder(0, [1, 2, 3])).toEqual([0, 0, 0]);
		expect(largestRemainder(7, [3])).toEqual([7]);
		expect(largestRemainder(0, [])).toEqual([]);
		expect(largestRemainder(5, [0, 1, 0])).toEqual([0, 5, 0]);
		expect(largestRemainder(Number.MAX_SAFE_INTEGER, [1, 1])).toEqual([4503599627370496, 4503599627370495]);
		expect(() => largestRemainder(5, [])).toThrow(RangeError);
		expect(() => largestRemainder(5, [0, 0])).toThrow(RangeError);
		expect(() => largestRemainder(-1, [1])).toThrow(RangeError);
		expect(() => largestRemainder(5, [1, -1])).toThrow(RangeError);
		expect(() => largestRemainder(5, [1.5])).toThrow(RangeError);
		expect(() => largestRemainder(1.5, [1])).toThrow(RangeError);
	});

	it('always sums to the total, each part being the floor or floor + 1 of the exact share', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10 ** 12 }),
				fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0)),
				(total, weights) => {
					const parts = largestRemainder(total, weights);
					expect(parts).toHaveLength(weights.length);
					expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
					const sum = BigInt(weights.reduce((a, b) => a + b, 0));
					parts.forEach((part, i) => {
						const floor = (BigInt(total) * BigInt(weights[i] ?? 0)) / sum;
						expect(BigInt(part) === floor || BigInt(part) === floor + 1n).toBe(true);
						if (weights[i] === 0) expect(part).toBe(0);
					});
				}
			)
		);
	});

	it('gives extra units to larger remainders first (ties in list order)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10 ** 9 }),
				fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 12 }),
				(total, weights) => {
					const parts = largestRemainder(total, weights);
					const sum = BigInt(weights.reduce((a, b) => a + b, 0));
					const rem = weights.map((w) => (BigInt(total) * BigInt(w)) % sum);
					const extra = parts.map((p, i) => BigInt(p) > (BigInt(total) * BigInt(weights[i] ?? 0)) / sum);
					for (let i = 0; i < weights.length; i++) {
						for (let j = 0; j < weights.length; j++) {
							if (!extra[i] || extra[j]) continue;
							// i got an extra unit and j did not: i's remainder must rank before j's.
							const ri = rem[i] ?? 0n;
							const rj = rem[j] ?? 0n;
							expect(ri > rj || (ri === rj && i < j)).toBe(true);
						}
					}
				}
			)
		);
	});
});
