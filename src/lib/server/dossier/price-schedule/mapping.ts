/**
 * Where the buyer's price schedule (BPU / DQE / DPGF) keeps each thing: which sheet, which row
 * holds the headers, where the priced rows start and end, and which column holds the designation,
 * the unit, the quantity, the unit price and the amount. The coordinator confirms it after a
 * best guess read from the header row (`guessMapping`). Pure: no workbook library here.
 */
import { z } from 'zod';

/** Column letters as Excel writes them: A … XFD. */
const column = z
	.string()
	.trim()
	.toUpperCase()
	.regex(/^[A-Z]{1,3}$/, 'Colonne invalide (A, B, …, AA…).');

export const scheduleMappingSchema = z
	.object({
		sheet: z.string().min(1, 'Choisissez la feuille.').max(200),
		headerRow: z.number().int().min(1).max(1_048_576),
		firstRow: z.number().int().min(1).max(1_048_576),
		lastRow: z.number().int().min(1).max(1_048_576),
		code: column.optional(),
		designation: column,
		unit: column.optional(),
		quantity: column.optional(),
		unitPrice: column,
		amount: column.optional()
	})
	.refine((m) => m.firstRow > m.headerRow, { message: 'Les lignes de prix commencent après la ligne des titres.', path: ['firstRow'] })
	.refine((m) => m.lastRow >= m.firstRow, { message: 'La dernière ligne doit suivre la première.', path: ['lastRow'] })
	.refine((m) => m.lastRow - m.firstRow < 5000, { message: 'Au plus 5 000 lignes de prix par bordereau.', path: ['lastRow'] })
	.refine((m) => m.unitPrice !== m.designation && m.unitPrice !== m.quantity && m.unitPrice !== m.amount, {
		message: 'Le prix unitaire doit avoir sa propre colonne.',
		path: ['unitPrice']
	});

export type ScheduleMapping = z.infer<typeof scheduleMappingSchema>;
export type MappedColumn = 'code' | 'designation' | 'unit' | 'quantity' | 'unitPrice' | 'amount';

/** A mapping as stored (JSON in `price_schedules.mapping`), or null (never confirmed, or no longer valid). */
export function storedMapping(json: string | null): ScheduleMapping | null {
	if (!json) return null;
	try {
		const parsed = scheduleMappingSchema.safeParse(JSON.parse(json));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** 1-based column number of a letter reference: A → 1, Z → 26, AA → 27. */
export function columnNumber(letters: string): number {
	let n = 0;
	for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

/** Letter reference of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
	let out = '';
	for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
	return out;
}

/** Lower case, without accents, dots or extra spaces: « Qté. » → « qte », « Désignation » → « designation ». */
function normalise(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[.:()€]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Header words buyers use, most specific first (« Prix total » is an amount, « Prix » alone a unit price). */
const HEADER_WORDS: Array<[MappedColumn, RegExp]> = [
	['amount', /(montant|total)/],
	['unitPrice', /^(p ?u|prix)\b|prix unitaire/],
	['quantity', /^(quantite|qte|qt|quantites|nombre|nb)\b/],
	['unit', /^(unite|u|unites|unite de mesure)$/],
	['code', /^(n|no|n°|numero|ref|reference|code|article|poste|item)\b/],
	['designation', /(designation|libelle|description|intitule|prestation|nature des|ouvrage)/]
];

/** Rows of a sheet as display texts, 1-based row numbers; cells[0] is column A. */
export interface PreviewRow {
	number: number;
	cells: string[];
}

/**
 * The best guess of a mapping from the first rows of a sheet: the header row is the first one
 * where a designation and a price column are both recognised; the priced rows run from the next
 * row to the last row with text. Returns null when no header row is recognised.
 */
export function guessMapping(sheet: string, rows: PreviewRow[]): ScheduleMapping | null {
	for (const row of rows.slice(0, 40)) {
		const found: Partial<Record<MappedColumn, string>> = {};
		row.cells.forEach((text, index) => {
			const words = normalise(text);
			if (!words) return;
			for (const [key, pattern] of HEADER_WORDS) {
				if (found[key] || !pattern.test(words)) continue;
				found[key] = columnLetters(index + 1);
				return;
			}
		});
		if (!found.designation || !found.unitPrice) continue;
		const after = rows.filter((r) => r.number > row.number && r.cells.some((c) => c.trim() !== ''));
		const lastRow = after.at(-1)?.number ?? row.number + 1;
		return {
			sheet,
			headerRow: row.number,
			firstRow: row.number + 1,
			lastRow: Math.max(lastRow, row.number + 1),
			code: found.code,
			designation: found.designation,
			unit: found.unit,
			quantity: found.quantity,
			unitPrice: found.unitPrice,
			amount: found.amount
		};
	}
	return null;
}
