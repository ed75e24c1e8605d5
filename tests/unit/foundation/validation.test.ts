import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formValues, parseForm, text } from '../../../src/lib/server/validation';

function form(entries: Array<[string, string]>): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('form parsing with field names taken from Object.prototype', () => {
	it('a `__proto__` field neither changes the parsed object nor leaks into it', () => {
		const schema = z.object({ name: text('Nom', { max: 20 }) });
		const parsed = parseForm(schema, form([['__proto__', 'a'], ['__proto__', 'b'], ['name', 'Anne']]));
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(parsed.data).toEqual({ name: 'Anne' });
		const missing = parseForm(schema, form([['__proto__', 'x'], ['constructor', 'y']]));
		expect(missing.ok).toBe(false);
		if (!missing.ok) expect(missing.errors).toEqual({ name: 'Nom : ce champ est obligatoire.' });
	});

	it('echoes fields named like prototype members back like any other field', () => {
		expect(formValues(form([['constructor', 'c'], ['toString', 't'], ['name', 'n']]))).toEqual({ constructor: 'c', toString: 't', name: 'n' });
	});
});
