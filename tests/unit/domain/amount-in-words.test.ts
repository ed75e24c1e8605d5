import { describe, expect, it } from 'vitest';
import { amountInWords, numberInWords } from '../../../src/lib/domain/amount-in-words';

describe('amounts written out in French', () => {
	it.each([
		[0, 'zéro'],
		[1, 'un'],
		[16, 'seize'],
		[17, 'dix-sept'],
		[21, 'vingt et un'],
		[22, 'vingt-deux'],
		[70, 'soixante-dix'],
		[71, 'soixante et onze'],
		[77, 'soixante-dix-sept'],
		[80, 'quatre-vingts'],
		[81, 'quatre-vingt-un'],
		[91, 'quatre-vingt-onze'],
		[100, 'cent'],
		[101, 'cent un'],
		[200, 'deux cents'],
		[280, 'deux cent quatre-vingts'],
		[1000, 'mille'],
		[1080, 'mille quatre-vingts'],
		[80_000, 'quatre-vingt mille'],
		[200_000, 'deux cent mille'],
		[12_665, 'douze mille six cent soixante-cinq'],
		[1_000_000, 'un million'],
		[200_000_000, 'deux cents millions'],
		[3_200_000, 'trois millions deux cent mille'],
		[2_000_000_001, 'deux milliards un']
	])('%i → %s', (n, words) => {
		expect(numberInWords(n)).toBe(words);
	});

	it('writes euros and centimes with their agreement', () => {
		expect(amountInWords(1_983_231)).toBe('dix-neuf mille huit cent trente-deux euros et trente et un centimes');
		expect(amountInWords(101)).toBe('un euro et un centime');
		expect(amountInWords(50)).toBe('zéro euro et cinquante centimes');
		expect(amountInWords(200_000_000)).toBe("deux millions d'euros");
		expect(amountInWords(320_000_000)).toBe('trois millions deux cent mille euros');
		expect(amountInWords(20_000)).toBe('deux cents euros');
	});

	it('refuses what is not a whole, non-negative amount', () => {
		expect(() => amountInWords(-1)).toThrow(RangeError);
		expect(() => amountInWords(1.5)).toThrow(RangeError);
		expect(() => numberInWords(1e12)).toThrow(RangeError);
	});
});
