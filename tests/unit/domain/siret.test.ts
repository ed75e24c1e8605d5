import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSiret, isValidSiren, isValidSiret, normalizeSiret } from '../../../src/lib/domain/siret';

describe('isValidSiret', () => {
	it.each([
		'73282932000074',
		'732 829 320 00074',
		'732\u00A0829\u00A0320\u00A000074',
		' 73282932000074 ',
		// La Poste head office: keeps the Luhn key.
		'35600000000048',
		'356 000 000 00048',
		// La Poste establishments: sum of the digits multiple of 5 (3+5+6+1 = 15, 3+5+6+6 = 20, 3+5+6+1+2+3+4+6 = 30).
		'35600000000001',
		'35600000000006',
		'35600000012346'
	])('accepts %j', (s) => {
		expect(isValidSiret(s)).toBe(true);
	});

	it.each([
		// Wrong checksum.
		'73282932000075',
		'73282932000047',
		'12345678901234',
		// La Poste establishment passing Luhn but not the sum rule (sum 19).
		'35600000000014',
		// Wrong length.
		'7328293200007',
		'732829320000740',
		'',
		// Letters and other characters.
		'7328293200007A',
		'ABCDEFGHIJKLMN',
		'732-829-320-00074',
		'73282932000074.',
		// All zeros passes Luhn but is not a SIRET.
		'00000000000000'
	])('refuses %j', (s) => {
		expect(isValidSiret(s)).toBe(false);
	});

	it('detects any single wrong digit (outside La Poste)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
				const base = '73282932000074';
				const d = (Number(base[pos]) + delta) % 10;
				const changed = base.slice(0, pos) + String(d) + base.slice(pos + 1);
				expect(isValidSiret(changed)).toBe(false);
			})
		);
	});

	it('has exactly one valid check digit for any 13 first digits (outside La Poste)', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{13}$/), (prefix) => {
				fc.pre(!prefix.startsWith('356000000') && !/^0+$/.test(prefix));
				const valid = Array.from({ length: 10 }, (_, d) => prefix + String(d)).filter(isValidSiret);
				expect(valid).toHaveLength(1);
			})
		);
	});
});

describe('isValidSiren', () => {
	it('checks the 9-digit SIREN with Luhn', () => {
		expect(isValidSiren('732829320')).toBe(true);
		expect(isValidSiren('732 829 320')).toBe(true);
		expect(isValidSiren('356000000')).toBe(true);
		expect(isValidSiren('732829321')).toBe(false);
		expect(isValidSiren('73282932')).toBe(false);
		expect(isValidSiren('73282932000074')).toBe(false);
		expect(isValidSiren('000000000')).toBe(false);
		expect(isValidSiren('73282932A')).toBe(false);
	});
});

describe('normalizeSiret and formatSiret', () => {
	it('strips whitespace', () => {
		expect(normalizeSiret(' 732 829 320 00074 ')).toBe('73282932000074');
		expect(normalizeSiret('732\u202F829\u00A0320\t00074')).toBe('73282932000074');
		expect(normalizeSiret('abc')).toBe('abc');
	});

	it('groups SIREN and NIC for display', () => {
		expect(formatSiret('73282932000074')).toBe('732 829 320 00074');
		expect(formatSiret(' 732 82932000074')).toBe('732 829 320 00074');
		expect(formatSiret('1234')).toBe('1234');
	});
});
