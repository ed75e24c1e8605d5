/**
 * French plural agreement for UI strings that show a count: « 1 page », « 0 page », « 1,5 page »,
 * « 2 pages », « 1 000 000 de pages ». The category comes from `Intl.PluralRules('fr-FR')` (in
 * French 0 and every number below 2 take the singular), so no page decides it by hand with `> 1`.
 */

const rules = new Intl.PluralRules('fr-FR');
const integers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** The forms of a word; `many` (round millions: « 1 000 000 de pages ») defaults to `other`. */
export interface PluralForms {
	one: string;
	other: string;
	many?: string;
}

/** The form of the word that agrees with `n`: `plural(1, { one: 'page', other: 'pages' })` → « page ». */
export function plural(n: number, forms: PluralForms): string {
	const category = rules.select(n);
	if (category === 'one') return forms.one;
	if (category === 'many') return forms.many ?? forms.other;
	return forms.other;
}

/**
 * The count and its agreeing word, the count written the French way (narrow no-break space
 * between thousands): `countOf(2, { one: 'ligne', other: 'lignes' })` → « 2 lignes ». `format`
 * writes the number when whole numbers are not enough (one decimal for estimated pages).
 */
export function countOf(n: number, forms: PluralForms, format: (n: number) => string = (v) => integers.format(v)): string {
	return `${format(n)} ${plural(n, forms)}`;
}
