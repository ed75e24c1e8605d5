import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { euros, formValues, isoDate, optionalEuros, parseForm, percent, requiredIsoDate, text } from '../../../src/lib/server/validation';

function form(entries: Array<[string, string]>): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('form parsing with field names taken from Object.prototype', () => {
	it('a `__proto__` field neither changes the parsed object nor leaks into it', () => {
		const schema = z.object({ name: text('Nom', { max: 20 }) });
		const parsed = parseForm(
			schema,
			form([
				['__proto__', 'a'],
				['__proto__', 'b'],
				['name', 'Anne']
			])
		);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(parsed.data).toEqual({ name: 'Anne' });
		const missing = parseForm(
			schema,
			form([
				['__proto__', 'x'],
				['constructor', 'y']
			])
		);
		expect(missing.ok).toBe(false);
		if (!missing.ok) expect(missing.errors).toEqual({ name: 'Nom : ce champ est obligatoire.' });
	});

	it('echoes fields named like prototype members back like any other field', () => {
		expect(
			formValues(
				form([
					['constructor', 'c'],
					['toString', 't'],
					['name', 'n']
				])
			)
		).toEqual({ constructor: 'c', toString: 't', name: 'n' });
	});
});

describe('form fields for money, rates and dates (French messages)', () => {
	const parse = <S extends z.ZodType>(schema: S, entries: Record<string, string>) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(entries)) form.append(k, v);
		return parseForm(z.object({ f: schema }), form);
	};

	it('euros: as people type them, to the cent', () => {
		for (const [typed, cents] of [
			['5 000,00', 500_000],
			['5000.5 €', 500_050],
			['1\u202F249,90', 124_990]
		] as const) {
			expect(parse(euros('Montant'), { f: typed })).toMatchObject({ ok: true, data: { f: cents } });
		}
		const refused: Array<[string, string]> = [
			['', 'Montant : ce champ est obligatoire.'],
			['-3', 'Montant : le montant ne peut pas être négatif.'],
			['12,345', 'Montant : 2 décimales au maximum (les centimes).'],
			['douze', 'Montant : indiquez un montant en euros, par exemple 5 000 ou 1 249,90.'],
			['0', 'Montant : indiquez un montant supérieur à 0.']
		];
		for (const [typed, message] of refused)
			expect(parse(euros('Montant'), { f: typed })).toMatchObject({ ok: false, errors: { f: message }, values: { f: typed } });
		expect(parse(optionalEuros('Estimation'), {})).toMatchObject({ ok: true, data: { f: null } });
		expect(parse(optionalEuros('Estimation', { max: { cents: 100, message: 'trop' } }), { f: '2' })).toMatchObject({
			ok: false,
			errors: { f: 'trop' }
		});
	});

	it('percent: basis points between 0 and 100 %', () => {
		expect(parse(percent('Taux'), { f: '4,5 %' })).toMatchObject({ ok: true, data: { f: 450 } });
		expect(parse(percent('Taux'), { f: '0' })).toMatchObject({ ok: true, data: { f: 0 } });
		expect(parse(percent('Taux'), { f: '101' })).toMatchObject({
			ok: false,
			errors: { f: 'Taux : le taux doit être compris entre 0 et 100 %.' }
		});
		expect(parse(percent('Taux'), { f: '4,555' })).toMatchObject({ ok: false, errors: { f: 'Taux : 2 décimales au maximum.' } });
		expect(parse(percent('Taux', { empty: 'Taux : 0 s’il n’y en a pas.' }), {})).toMatchObject({
			ok: false,
			errors: { f: 'Taux : 0 s’il n’y en a pas.' }
		});
	});

	it('dates: real calendar days only', () => {
		expect(parse(isoDate('Échéance'), { f: '2026-02-28' })).toMatchObject({ ok: true, data: { f: Date.UTC(2026, 1, 28) } });
		expect(parse(isoDate('Échéance'), { f: '' })).toMatchObject({ ok: true, data: { f: null } });
		expect(parse(isoDate('Échéance'), { f: '2026-02-30' })).toMatchObject({
			ok: false,
			errors: { f: 'Échéance : date invalide (jj/mm/aaaa).' }
		});
		expect(parse(requiredIsoDate('Reçu le'), { f: '' })).toMatchObject({ ok: false, errors: { f: 'Reçu le : ce champ est obligatoire.' } });
		// A field sent twice is refused in French, not with the library's English.
		const twice = new FormData();
		twice.append('f', '2026-01-01');
		twice.append('f', '2026-01-02');
		expect(parseForm(z.object({ f: requiredIsoDate('Reçu le') }), twice)).toMatchObject({
			ok: false,
			errors: { f: 'Reçu le : valeur invalide.' }
		});
	});
});
