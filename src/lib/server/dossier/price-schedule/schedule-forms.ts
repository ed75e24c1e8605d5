/**
 * The schedule page's mapping form, read from a POST (« Créer les lignes de prix ») or from the
 * query string (« Prévisualiser », a GET form): row numbers and column letters as typed, checked
 * with French messages, then the mapping schema's own rules (rows in order, the unit price in a
 * column of its own, at most 5 000 rows).
 */
import { scheduleMappingSchema, type ScheduleMapping } from './mapping';

/** The form's fields, in the order they are shown; the last six are the columns. */
export const MAPPING_FIELDS = [
	'sheet',
	'headerRow',
	'firstRow',
	'lastRow',
	'code',
	'designation',
	'unit',
	'quantity',
	'unitPrice',
	'amount'
] as const;

const ROW_LABELS = { headerRow: 'Ligne des titres', firstRow: 'Première ligne', lastRow: 'Dernière ligne' } as const;
const COLUMN_LABELS = {
	code: 'Code',
	designation: 'Désignation',
	unit: 'Unité',
	quantity: 'Quantité',
	unitPrice: 'Prix unitaire',
	amount: 'Montant'
} as const;
const REQUIRED_COLUMNS = new Set(['designation', 'unitPrice']);

export type MappingParse =
	| { ok: true; mapping: ScheduleMapping; values: Record<string, string> }
	| { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** Reads the mapping from form fields (FormData or URLSearchParams share `get`). */
export function parseMappingForm(source: { get(name: string): FormDataEntryValue | string | null }): MappingParse {
	const values: Record<string, string> = {};
	for (const name of MAPPING_FIELDS) {
		const v = source.get(name);
		values[name] = typeof v === 'string' ? v.slice(0, 300) : '';
	}
	const errors: Record<string, string> = {};
	if (!values.sheet!.trim()) errors.sheet = 'Feuille : choisissez la feuille des prix.';
	const rows: Partial<Record<keyof typeof ROW_LABELS, number>> = {};
	for (const [name, label] of Object.entries(ROW_LABELS) as Array<[keyof typeof ROW_LABELS, string]>) {
		const raw = values[name]!.trim();
		if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1_048_576)
			errors[name] = `${label} : indiquez un numéro de ligne du classeur (1 à 1 048 576).`;
		else rows[name] = Number(raw);
	}
	const columns: Partial<Record<keyof typeof COLUMN_LABELS, string>> = {};
	for (const [name, label] of Object.entries(COLUMN_LABELS) as Array<[keyof typeof COLUMN_LABELS, string]>) {
		const raw = values[name]!.trim().toUpperCase();
		if (!raw) {
			if (REQUIRED_COLUMNS.has(name)) errors[name] = `${label} : choisissez la colonne.`;
			continue;
		}
		if (!/^[A-Z]{1,3}$/.test(raw)) errors[name] = `${label} : choisissez une colonne de la liste.`;
		else columns[name] = raw;
	}
	if (Object.keys(errors).length) return { ok: false, errors, values };
	const used = Object.entries(columns);
	const twice = used.find(([name, letter]) => used.some(([other, l]) => other !== name && l === letter));
	if (twice) {
		const [name, letter] = twice;
		return {
			ok: false,
			errors: {
				[name]: `${COLUMN_LABELS[name as keyof typeof COLUMN_LABELS]} : la colonne ${letter} est déjà choisie pour un autre champ.`
			},
			values
		};
	}
	const parsed = scheduleMappingSchema.safeParse({ sheet: values.sheet, ...rows, ...columns });
	if (parsed.success) return { ok: true, mapping: parsed.data, values };
	for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
	return { ok: false, errors, values };
}

/** True when the query string carries a mapping to preview (the GET form was sent). */
export function asksPreview(params: URLSearchParams): boolean {
	return params.has('designation') && params.has('unitPrice');
}
