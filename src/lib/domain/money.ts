/**
 * Money, quantities and rates, in exact integer arithmetic.
 *
 * - Amounts are integer **cents** (HT unless said otherwise). Never floats.
 * - Quantities are integer **thousandths** ("milli"): 2,5 → 2500.
 * - Rates are integer **basis points**: 1 % = 100 bp, 11 % = 1100 bp, 4,5 % = 450 bp.
 *
 * Products that may exceed 2^53 are computed with BigInt; every function that returns a number
 * guarantees a safe integer or throws a RangeError.
 *
 * Pure module: runs in the browser and on the server.
 */

/** Separators accepted between groups of thousands: space, no-break space, narrow no-break space. */
const GROUP_SEPARATOR = '[ \\u00A0\\u202F]';

/** Integer part: either plain digits, or 1–3 digits followed by groups of exactly 3. */
const INTEGER_PART = `(\\d{1,3}(?:${GROUP_SEPARATOR}\\d{3})+|\\d+)`;

const DECIMAL_RE = new RegExp(`^${INTEGER_PART}(?:[.,](\\d+))?$`);
const EUROS_RE = new RegExp(`^${INTEGER_PART}(?:[.,](\\d+))?\\s*€?$`);
const RATE_RE = /^(\d+)(?:[.,](\d+))?\s*%?$/;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** VAT rate applied to invoices between members (standard French rate), in basis points. */
export const STANDARD_VAT_RATE_BP = 2000;

/** 100 % in basis points. */
export const FULL_RATE_BP = 10000;

function toSafeNumber(value: bigint): number | null {
	if (value > MAX_SAFE || value < -MAX_SAFE) return null;
	return Number(value);
}

function toSafeNumberOrThrow(value: bigint, what: string): number {
	const n = toSafeNumber(value);
	if (n === null) throw new RangeError(`${what} exceeds Number.MAX_SAFE_INTEGER`);
	return n;
}

function assertSafeInteger(value: number, name: string): void {
	if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * Divides `numerator` by a positive `denominator`, rounding half-up (half away from zero, the
 * "commercial" rounding: 0,5 → 1 and −0,5 → −1).
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
	if (denominator <= 0n) throw new RangeError('denominator must be positive');
	if (numerator >= 0n) return (numerator * 2n + denominator) / (denominator * 2n);
	return -((-numerator * 2n + denominator) / (denominator * 2n));
}

function scaleDigits(intPart: string, fraction: string | undefined, maxDecimals: number): number | null {
	const frac = fraction ?? '';
	if (frac.length > maxDecimals) return null;
	const digits = intPart.replace(/[ \u00A0\u202F]/g, '') + frac.padEnd(maxDecimals, '0');
	return toSafeNumber(BigInt(digits));
}

/**
 * Parses a non-negative decimal number typed by a French user and returns it scaled by
 * 10^maxDecimals as an integer ("2,5" with maxDecimals 3 → 2500).
 *
 * Accepted: digits; groups of thousands separated by a space, U+00A0 or U+202F ("12 499");
 * one decimal separator, comma or dot; surrounding whitespace.
 * Refused (null): empty input, signs, letters, more than `maxDecimals` decimals, misplaced group
 * separators ("12 34"), several decimal separators ("1.234,56"), results beyond 2^53.
 *
 * @param input the raw text
 * @param maxDecimals the number of decimals allowed (0–6)
 * @returns the scaled integer, or null when the input is invalid
 */
export function parseDecimal(input: string, maxDecimals: number): number | null {
	if (!Number.isInteger(maxDecimals) || maxDecimals < 0 || maxDecimals > 6) {
		throw new RangeError('maxDecimals must be an integer between 0 and 6');
	}
	const match = DECIMAL_RE.exec(input.trim());
	if (!match || match[1] === undefined) return null;
	return scaleDigits(match[1], match[2], maxDecimals);
}

/**
 * Parses an amount in euros typed by a French user ("3 875,25", "3875.25", "12 499", "0,5",
 * "1 234 567,89 €") and returns integer cents.
 *
 * Same grammar as {@link parseDecimal} with at most 2 decimals, plus an optional trailing "€".
 * Negative amounts, more than 2 decimals, letters and empty input give null (the caller shows
 * the error).
 *
 * @returns the amount in cents, or null when the input is invalid
 */
export function parseEuros(input: string): number | null {
	const match = EUROS_RE.exec(input.trim());
	if (!match || match[1] === undefined) return null;
	return scaleDigits(match[1], match[2], 2);
}

/**
 * Parses a quantity ("2,5", "1 000", "0.125") and returns it in thousandths (2,5 → 2500).
 * At most 3 decimals; otherwise, or when invalid or negative, returns null.
 */
export function parseQuantity(input: string): number | null {
	return parseDecimal(input, 3);
}

/**
 * Line amount: quantity (thousandths) × unit price (cents), rounded half-up to the cent, exactly.
 * E.g. 2,5 × 419,90 € → `lineAmountCents(2500, 41990)` = 104975 (1 049,75 €).
 *
 * @throws RangeError when an argument is not a safe integer or the result exceeds 2^53
 */
export function lineAmountCents(quantityMilli: number, unitPriceCents: number): number {
	assertSafeInteger(quantityMilli, 'quantityMilli');
	assertSafeInteger(unitPriceCents, 'unitPriceCents');
	const amount = divRoundHalfUp(BigInt(quantityMilli) * BigInt(unitPriceCents), 1000n);
	return toSafeNumberOrThrow(amount, 'line amount');
}

/**
 * `cents × rateBp / 10000`, rounded half-up to the cent, exactly.
 * E.g. 3 % of 21 553,50 € → `mulRateHalfUp(2155350, 300)` = 64661 (646,61 €, not 646,60).
 *
 * @throws RangeError when an argument is not a safe integer
 */
export function mulRateHalfUp(cents: number, rateBp: number): number {
	assertSafeInteger(cents, 'cents');
	assertSafeInteger(rateBp, 'rateBp');
	const amount = divRoundHalfUp(BigInt(cents) * BigInt(rateBp), BigInt(FULL_RATE_BP));
	return toSafeNumberOrThrow(amount, 'amount');
}

function centsToDecimalString(cents: number, decimalSeparator: string): string {
	assertSafeInteger(cents, 'cents');
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const units = Math.floor(abs / 100);
	const rest = abs % 100;
	return `${sign}${units}${decimalSeparator}${String(rest).padStart(2, '0')}`;
}

const EUROS_FORMAT = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/**
 * Formats cents for display: "3 875,25 €" (as produced by Intl for fr-FR: U+202F between groups
 * of thousands, U+00A0 before "€"). Negative amounts: "-3 875,25 €".
 *
 * The value is handed to Intl as an exact decimal string, so no float rounding can occur.
 */
export function formatEuros(cents: number): string {
	const decimal = centsToDecimalString(cents, '.');
	// Intl.NumberFormat v3 formats decimal strings exactly; older engines convert to number,
	// which is still exact to the cent for any realistic amount.
	return EUROS_FORMAT.format(decimal as unknown as number);
}

/**
 * Formats cents without thousands separator and with a decimal comma, for CSV exports:
 * 387525 → "3875,25", -5 → "-0,05".
 */
export function formatCentsPlain(cents: number): string {
	return centsToDecimalString(cents, ',');
}

/**
 * Formats a rate in basis points as a French percentage: 1100 → "11 %", 450 → "4,5 %",
 * 1234 → "12,34 %". The space is U+00A0 (no-break space), as Intl fr-FR does.
 */
export function formatRate(bp: number): string {
	assertSafeInteger(bp, 'bp');
	const sign = bp < 0 ? '-' : '';
	const abs = Math.abs(bp);
	const units = Math.floor(abs / 100);
	const rest = abs % 100;
	const fraction = rest === 0 ? '' : ',' + String(rest).padStart(2, '0').replace(/0$/, '');
	return `${sign}${units}${fraction}\u00A0%`;
}

/**
 * Parses a percentage typed by the user ("11", "4,5", "4.5 %", "12,25%") into basis points.
 * Returns null when invalid, negative, above 100 % or with more than 2 decimals.
 */
export function parseRatePercent(input: string): number | null {
	const match = RATE_RE.exec(input.trim());
	if (!match || match[1] === undefined) return null;
	const frac = match[2] ?? '';
	if (frac.length > 2 || match[1].length > 6) return null;
	const bp = Number(match[1]) * 100 + Number(frac.padEnd(2, '0'));
	return bp <= FULL_RATE_BP ? bp : null;
}

/**
 * Splits the integer `total` in proportion to integer `weights` with the largest remainder
 * method: each share is floored, then the units left over go one by one to the largest
 * fractional parts; ties go to the earlier entry of `weights`. Computed exactly (remainders are
 * compared as integers `total × wᵢ mod Σw`). The parts always add up to `total`.
 *
 * A zero weight is allowed and always gets 0 (as long as one weight is positive).
 *
 * @example largestRemainder(500000, [1, 1, 1]) // [166667, 166667, 166666]
 * @example largestRemainder(233331, [60, 40]) // [139999, 93332]
 * @throws RangeError when total is negative or not a safe integer, a weight is negative or not a
 *   safe integer, or the weights sum to 0 while total is not 0
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
	assertSafeInteger(total, 'total');
	if (total < 0) throw new RangeError('total must not be negative');
	let weightSum = 0n;
	for (const w of weights) {
		assertSafeInteger(w, 'weight');
		if (w < 0) throw new RangeError('weights must not be negative');
		weightSum += BigInt(w);
	}
	if (weightSum === 0n) {
		if (total === 0) return weights.map(() => 0);
		throw new RangeError('weights must not all be zero');
	}
	const t = BigInt(total);
	const parts: bigint[] = [];
	const remainders: bigint[] = [];
	let allotted = 0n;
	for (const w of weights) {
		const product = t * BigInt(w);
		const part = product / weightSum;
		parts.push(part);
		remainders.push(product % weightSum);
		allotted += part;
	}
	let leftover = t - allotted;
	const order = weights.map((_, i) => i);
	// Stable ordering: larger remainder first, then list order.
	order.sort((a, b) => {
		const ra = remainders[a] ?? 0n;
		const rb = remainders[b] ?? 0n;
		if (ra !== rb) return ra > rb ? -1 : 1;
		return a - b;
	});
	for (const i of order) {
		if (leftover === 0n) break;
		parts[i] = (parts[i] ?? 0n) + 1n;
		leftover -= 1n;
	}
	return parts.map((p) => Number(p));
}
