/**
 * An amount written out in French, as an acte d'engagement (ATTRI1) asks for « en lettres »:
 * 1 983 231 cents → « dix-neuf mille huit cent trente-deux euros et trente et un centimes ».
 * Traditional spelling (the one the official forms use): « vingt et un », « quatre-vingts »,
 * « deux cents » but « deux cent mille », « mille » invariable, « deux millions d'euros ».
 * Hand-written because the packages tried spell « zéro euros » and « deux millions euros ».
 */

const UNITS = [
	'zéro',
	'un',
	'deux',
	'trois',
	'quatre',
	'cinq',
	'six',
	'sept',
	'huit',
	'neuf',
	'dix',
	'onze',
	'douze',
	'treize',
	'quatorze',
	'quinze',
	'seize'
] as const;
const TENS = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'] as const;

/**
 * 0–99. `final`: nothing but a noun (or the end) follows, so « quatre-vingts » takes its s.
 */
function belowHundred(n: number, final: boolean): string {
	if (n <= 16) return UNITS[n]!;
	if (n < 20) return `dix-${UNITS[n - 10]}`;
	const ten = Math.floor(n / 10);
	const unit = n % 10;
	if (ten === 7 || ten === 9) {
		const base = ten === 7 ? 'soixante' : 'quatre-vingt';
		const rest = belowHundred(10 + unit, false);
		return ten === 7 && unit === 1 ? `${base} et ${rest}` : `${base}-${rest}`;
	}
	if (ten === 8) return unit === 0 ? (final ? 'quatre-vingts' : 'quatre-vingt') : `quatre-vingt-${UNITS[unit]}`;
	const word = TENS[ten]!;
	if (unit === 0) return word;
	return unit === 1 ? `${word} et un` : `${word}-${UNITS[unit]}`;
}

/** 0–999 (0 gives ''). `final` as above: « cents » and « quatre-vingts » take an s only at the end. */
function belowThousand(n: number, final: boolean): string {
	const hundreds = Math.floor(n / 100);
	const rest = n % 100;
	const parts: string[] = [];
	if (hundreds === 1) parts.push('cent');
	else if (hundreds > 1) parts.push(`${UNITS[hundreds]} ${rest === 0 && final ? 'cents' : 'cent'}`);
	if (rest > 0) parts.push(belowHundred(rest, final));
	return parts.join(' ');
}

/** A whole number written out, 0 ≤ n < 10¹². */
export function numberInWords(n: number): string {
	if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`numberInWords: ${n}`);
	if (n === 0) return 'zéro';
	const billions = Math.floor(n / 1e9);
	const millions = Math.floor((n % 1e9) / 1e6);
	const thousands = Math.floor((n % 1e6) / 1e3);
	const rest = n % 1e3;
	const parts: string[] = [];
	// Millions and billions are nouns: the number before them is « final » (« deux cents millions »).
	if (billions > 0) parts.push(`${belowThousand(billions, true)} ${billions > 1 ? 'milliards' : 'milliard'}`);
	if (millions > 0) parts.push(`${belowThousand(millions, true)} ${millions > 1 ? 'millions' : 'million'}`);
	// « Mille » is not a noun: « deux cent mille », « quatre-vingt mille », and never « un mille ».
	if (thousands > 0) parts.push(thousands === 1 ? 'mille' : `${belowThousand(thousands, false)} mille`);
	if (rest > 0) parts.push(belowThousand(rest, true));
	return parts.join(' ');
}

/** An amount in cents written out in euros and centimes. */
export function amountInWords(cents: number): string {
	if (!Number.isInteger(cents) || cents < 0) throw new RangeError(`amountInWords: ${cents}`);
	const euros = Math.floor(cents / 100);
	const centimes = cents % 100;
	const euroWord = euros >= 2 ? 'euros' : 'euro';
	// « un million d'euros », « deux milliards d'euros »: the noun takes « de » before « euros ».
	const of = euros > 0 && euros % 1e6 === 0 ? "d'" : '';
	const head = `${numberInWords(euros)} ${of}${euroWord}`;
	if (centimes === 0) return head;
	return `${head} et ${numberInWords(centimes)} ${centimes >= 2 ? 'centimes' : 'centime'}`;
}
