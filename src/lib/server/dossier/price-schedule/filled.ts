/**
 * The buyer's workbook of a lot filled with the current prices of its lines, the step shared by
 * the schedule download (`filledSchedule` in `schedule.service.ts`) and the deposit package. It
 * authorizes nothing: its callers have decided already.
 */
import type { AppContext } from '../../context';
import { DomainError } from '../../errors';
import { readStoredFile } from '../../files/storage';
import { listScheduleLines } from '../../bids/deliverables.repository';
import { lineAmountCents } from '../../../domain/money';
import { fillWorkbook, ScheduleFillError } from './fill';
import { storedMapping } from './mapping';
import { findSchedule } from './price-schedule.repository';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface FilledSchedule {
	bytes: Uint8Array;
	/** « <buyer's name>-complete.xlsx ». */
	name: string;
	mime: string;
}

/**
 * The buyer's workbook of the lot with the current prices of its lines written in, or null when
 * the lot has no schedule or its mapping was never confirmed. No authorization: for use cases
 * that have decided already (the download, the deposit package). A line's amount is
 * quantity × unit price rounded half-up to the cent, as the split computes it.
 */
export async function filledScheduleOf(
	ctx: Pick<AppContext, 'db' | 'config'>,
	bidId: string,
	lotId: string,
	when: Date
): Promise<FilledSchedule | null> {
	const schedule = await findSchedule(ctx.db, bidId, lotId);
	const mapping = storedMapping(schedule?.mapping ?? null);
	if (!schedule || !mapping) return null;
	const lines = await listScheduleLines(ctx.db, bidId, lotId);
	const priced = lines.map((l) => ({
		row: l.scheduleRow!,
		unitPriceCents: l.unitPriceCents,
		amountCents: lineAmountCents(l.quantityMilli, l.unitPriceCents)
	}));
	let bytes: Uint8Array;
	try {
		bytes = fillWorkbook(readStoredFile(ctx, schedule.storedName), mapping, priced, when);
	} catch (e) {
		if (e instanceof ScheduleFillError) throw new DomainError('conflict', e.message);
		throw e;
	}
	const stem = schedule.fileName.replace(/\.xlsx$/i, '');
	return { bytes, name: `${stem}-complete.xlsx`, mime: XLSX_MIME };
}
