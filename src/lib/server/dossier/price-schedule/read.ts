/**
 * Reads the buyer's price schedule (`.xlsx`) with exceljs: the sheets and their first rows for
 * the mapping screen, then the priced rows under a confirmed mapping. Reading never changes the
 * file; writing the prices back is `fill.ts`, which patches the original bytes instead.
 *
 * A workbook is a ZIP: its uncompressed size is checked from the archive's directory before
 * anything is inflated, so a small upload cannot expand into gigabytes (« zip bomb »).
 */
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { columnNumber, type PreviewRow, type ScheduleMapping } from './mapping';

/** Largest uncompressed workbook read (a real BPU is a few MB at most). */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
const MAX_PREVIEW_ROWS = 400;
const MAX_PREVIEW_COLUMNS = 26;

export class ScheduleReadError extends Error {}

/** Opens a workbook, refusing what is not an .xlsx or would inflate past the limit. */
export async function openWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
	let total = 0;
	let hasWorkbook = false;
	try {
		unzipSync(bytes, {
			filter(entry) {
				total += entry.originalSize;
				if (entry.name === 'xl/workbook.xml') hasWorkbook = true;
				return false;
			}
		});
	} catch {
		throw new ScheduleReadError('Ce fichier n’est pas un classeur Excel (.xlsx) lisible.');
	}
	if (!hasWorkbook) throw new ScheduleReadError('Ce fichier n’est pas un classeur Excel (.xlsx).');
	if (total > MAX_UNCOMPRESSED_BYTES) throw new ScheduleReadError('Ce classeur est trop volumineux une fois décompressé (64 Mo au plus).');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	} catch {
		throw new ScheduleReadError('Ce classeur Excel n’a pas pu être lu.');
	}
	return workbook;
}

/** What a person sees of a cell: the shown text, a formula's last computed result. */
export function cellText(cell: ExcelJS.Cell): string {
	// A merged range's text belongs to its first cell; the others read as empty (a heading merged
	// over the row is then one designation, not a designation, a unit and a price).
	if (cell.isMerged && cell.master.address !== cell.address) return '';
	const value = cell.value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'object' && 'formula' in value) return value.result === undefined ? '' : String(value.result);
	if (typeof value === 'object' && 'sharedFormula' in value) return value.result === undefined ? '' : String(value.result);
	try {
		return cell.text ?? '';
	} catch {
		return String(value);
	}
}

/** A number in a cell: a number, a formula's numeric result, or French text « 1 234,5 ». */
export function cellNumber(cell: ExcelJS.Cell): number | null {
	if (cell.isMerged && cell.master.address !== cell.address) return null;
	const value = cell.value;
	if (typeof value === 'number') return value;
	if (value && typeof value === 'object' && 'result' in value && typeof value.result === 'number') return value.result;
	const text = cellText(cell)
		.replace(/[\s\u00a0\u202f€]/g, '')
		.replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
	return Number(text);
}

export function hasFormula(cell: ExcelJS.Cell): boolean {
	const value = cell.value;
	return (
		cell.type === ExcelJS.ValueType.Formula || (!!value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))
	);
}

export interface SheetPreview {
	name: string;
	hidden: boolean;
	rowCount: number;
	columnCount: number;
	rows: PreviewRow[];
	hiddenColumns: number[];
	merged: string[];
}

/** Every sheet with its first rows as text, for the mapping screen. */
export function sheetPreviews(workbook: ExcelJS.Workbook): SheetPreview[] {
	return workbook.worksheets.map((sheet) => {
		const columnCount = Math.min(sheet.columnCount, MAX_PREVIEW_COLUMNS);
		const rows: PreviewRow[] = [];
		sheet.eachRow({ includeEmpty: false }, (row, number) => {
			if (rows.length >= MAX_PREVIEW_ROWS) return;
			const cells: string[] = [];
			for (let c = 1; c <= columnCount; c++) cells.push(cellText(row.getCell(c)).slice(0, 300));
			rows.push({ number, cells });
		});
		const hiddenColumns: number[] = [];
		for (let c = 1; c <= columnCount; c++) if (sheet.getColumn(c).hidden) hiddenColumns.push(c);
		const merges = (sheet.model as { merges?: string[] }).merges ?? [];
		return {
			name: sheet.name,
			hidden: sheet.state !== 'visible',
			rowCount: sheet.rowCount,
			columnCount,
			rows,
			hiddenColumns,
			merged: merges.slice(0, 200)
		};
	});
}

/** One priced row of the buyer's schedule, as it becomes a price line. */
export interface ScheduleRow {
	row: number;
	code: string;
	designation: string;
	unit: string;
	/** Thousandths, as price lines keep them; 1 when the schedule gives no quantity (a BPU). */
	quantityMilli: number;
	quantityGiven: boolean;
	/** The amount cell computes itself (the buyer's formula), so only the unit price is written. */
	amountIsFormula: boolean;
}

const TOTAL_ROW = /^(sous[- ]?)?total\b|^montant total\b|^total general\b/i;

/**
 * The rows to price under a mapping: a row with a designation, and a unit or a quantity when
 * those columns are mapped. Headings, totals (a formula in the price column, or « Total … ») and
 * hidden rows are left to the buyer's sheet.
 */
export function scheduleRows(workbook: ExcelJS.Workbook, mapping: ScheduleMapping): ScheduleRow[] {
	const sheet = workbook.getWorksheet(mapping.sheet);
	if (!sheet) throw new ScheduleReadError(`La feuille « ${mapping.sheet} » n’existe pas dans ce classeur.`);
	const col = (letters: string | undefined) => (letters ? columnNumber(letters) : null);
	const cDesignation = col(mapping.designation)!;
	const cUnit = col(mapping.unit);
	const cQuantity = col(mapping.quantity);
	const cPrice = col(mapping.unitPrice)!;
	const cAmount = col(mapping.amount);
	const cCode = col(mapping.code);
	const out: ScheduleRow[] = [];
	for (let r = mapping.firstRow; r <= mapping.lastRow; r++) {
		const row = sheet.getRow(r);
		if (row.hidden) continue;
		const designation = cellText(row.getCell(cDesignation)).trim();
		if (!designation || TOTAL_ROW.test(designation.normalize('NFD').replace(/\p{M}/gu, ''))) continue;
		if (hasFormula(row.getCell(cPrice))) continue;
		const unit = cUnit ? cellText(row.getCell(cUnit)).trim() : '';
		const quantity = cQuantity ? cellNumber(row.getCell(cQuantity)) : null;
		if ((cUnit || cQuantity) && !unit && quantity === null) continue;
		out.push({
			row: r,
			code: cCode ? cellText(row.getCell(cCode)).trim().slice(0, 40) : '',
			designation: designation.slice(0, 500),
			unit: unit.slice(0, 40),
			quantityMilli: quantity === null ? 1000 : Math.round(quantity * 1000),
			quantityGiven: quantity !== null,
			amountIsFormula: cAmount ? hasFormula(row.getCell(cAmount)) : false
		});
	}
	return out;
}
