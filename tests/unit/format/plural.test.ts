/** French plural agreement (src/lib/format/plural.ts): 0 and 1 are singular, decimals below 2 too. */
import { describe, expect, it } from 'vitest';
import { countOf, plural } from '../../../src/lib/format/plural';

const page = { one: 'page', other: 'pages' };

describe('plural', () => {
	it.each([
		[0, 'page'],
		[1, 'page'],
		[1.5, 'page'],
		[1.99, 'page'],
		[2, 'pages'],
		[3, 'pages'],
		[20, 'pages'],
		[1_000, 'pages']
	])('%s → %s', (n, word) => {
		expect(plural(n, page)).toBe(word);
	});

	it('uses « many » for round millions when given, else « other »', () => {
		expect(plural(1_000_000, { ...page, many: 'de pages' })).toBe('de pages');
		expect(plural(1_000_000, page)).toBe('pages');
	});
});

describe('countOf', () => {
	it('writes the count the French way with its agreeing word', () => {
		expect(countOf(1, page)).toBe('1 page');
		expect(countOf(0, { one: 'section', other: 'sections' })).toBe('0 section');
		expect(countOf(12_000, { one: 'caractère', other: 'caractères' })).toBe('12\u202f000 caractères');
	});

	it('takes a formatter for decimals', () => {
		const oneDecimal = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
		expect(countOf(1.5, page, oneDecimal)).toBe('1,5 page');
		expect(countOf(2.5, page, oneDecimal)).toBe('2,5 pages');
	});
});
