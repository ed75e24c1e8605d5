/**
 * One look at the buyer's workbook, as plain data: its sheets with their first rows, the sheet
 * and mapping to show (asked for, or the best guess) and the rows that mapping selects. Opening a
 * 5 000-row workbook with exceljs takes 80–230 ms of CPU, so this runs where `ctx.renderer` runs
 * jobs (the export worker thread in production, see server/export-pool.ts), once per request:
 * the answer is structured-cloneable and carries a refusal as French text rather than an
 * exception, which would lose its class on the way back from the worker.
 */
import { guessMapping, type ScheduleMapping } from './mapping';
import { openWorkbook, ScheduleReadError, scheduleRows, sheetPreviews, type ScheduleRow, type SheetPreview } from './read';

/** What the caller wants to see: a mapping to apply, else a sheet to guess on (else the first that can be guessed). */
export interface InspectRequest {
	mapping?: ScheduleMapping | null;
	sheet?: string | null;
}

export type ScheduleInspection =
	| {
			ok: true;
			sheets: SheetPreview[];
			/** The sheet shown: the mapping's, the one asked for, the first one with a recognised header row, or the first. */
			sheet: string;
			/** The mapping given, or the guess on `sheet` (null when no header row was recognised). */
			mapping: ScheduleMapping | null;
			guessed: boolean;
			rows: ScheduleRow[] | null;
			/** Why the mapping selects no rows (a sheet the workbook does not have). */
			rowsError: string | null;
	  }
	| { ok: false; error: string };

function chooseSheet(sheets: SheetPreview[], want: InspectRequest): string {
	const names = new Set(sheets.map((s) => s.name));
	if (want.mapping) return want.mapping.sheet;
	if (want.sheet && names.has(want.sheet)) return want.sheet;
	const guessable = sheets.find((s) => !s.hidden && guessMapping(s.name, s.rows) !== null);
	return (guessable ?? sheets.find((s) => !s.hidden) ?? sheets[0])?.name ?? '';
}

/** Opens `bytes`, previews every sheet, and reads the rows of the mapping asked for or guessed. */
export async function inspectSchedule(bytes: Uint8Array, want: InspectRequest = {}): Promise<ScheduleInspection> {
	try {
		const workbook = await openWorkbook(bytes);
		const sheets = sheetPreviews(workbook);
		const sheet = chooseSheet(sheets, want);
		const shown = sheets.find((s) => s.name === sheet);
		const mapping = want.mapping ?? (shown ? guessMapping(shown.name, shown.rows) : null);
		const guessed = !want.mapping && mapping !== null;
		if (!mapping) return { ok: true, sheets, sheet, mapping, guessed, rows: null, rowsError: null };
		try {
			return { ok: true, sheets, sheet, mapping, guessed, rows: scheduleRows(workbook, mapping), rowsError: null };
		} catch (e) {
			if (e instanceof ScheduleReadError) return { ok: true, sheets, sheet, mapping, guessed, rows: null, rowsError: e.message };
			throw e;
		}
	} catch (e) {
		if (e instanceof ScheduleReadError) return { ok: false, error: e.message };
		throw e;
	}
}
