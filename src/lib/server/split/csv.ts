/**
 * The CSV dialect of the exports, for French Excel: UTF-8 with a BOM (so accents open correctly),
 * `;` between fields, decimal comma, no thousands separator, CRLF line ends, a field quoted (inner
 * `"` doubled) when it holds `;`, `"`, a line break or surrounding spaces. Text that a spreadsheet
 * would run as a formula (starting with = + - @ or a tab) is prefixed with an apostrophe.
 *
 * Pure functions.
 */
import { formatCentsPlain } from '../../domain/money';

/** A CSV cell: text, an amount in cents, a rate in basis points, or an integer. */
export type CsvCell = string | { cents: number } | { bp: number } | { int: number } | null;

export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export const money = (cents: number): CsvCell => ({ cents });
export const rate = (bp: number): CsvCell => ({ bp });
export const int = (n: number): CsvCell => ({ int: n });

/** One field, escaped. */
export function csvField(cell: CsvCell): string {
	if (cell === null) return '';
	if (typeof cell === 'object') {
		if ('cents' in cell) return formatCentsPlain(cell.cents);
		// Basis points as a percentage with two decimals: 1100 → "11,00".
		if ('bp' in cell) return formatCentsPlain(cell.bp);
		return String(cell.int);
	}
	let text = cell;
	if (FORMULA_START.test(text)) text = `'${text}`;
	if (/[;"\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
	return text;
}

/** Rows → CSV text, with the BOM and CRLF line ends. */
export function toCsv(rows: CsvCell[][]): string {
	return CSV_BOM + rows.map((r) => r.map(csvField).join(';')).join('\r\n') + '\r\n';
}

/** Quantity in thousandths → "2,5", "12", "0,125". */
export function quantityPlain(milli: number): string {
	const units = Math.floor(milli / 1000);
	const rest = milli % 1000;
	return rest === 0 ? String(units) : `${units},${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

/** A calendar date stored as 00:00 UTC → "27/11/2026" (French Excel reads it as a date). */
export function datePlain(ms: number): string {
	const d = new Date(ms);
	return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}
