/**
 * The buyer's price schedule of a lot, round trip (issue 14 item 4): the coordinator uploads the
 * buyer's BPU / DQE / DPGF workbook, confirms which columns hold what, and its priced rows become
 * the lot's price lines, each tied to its row (`deliverables.schedule_row`); whenever asked, the
 * same workbook comes back with the lines' current prices written in (`filled.ts`, `fill.ts`).
 *
 * Importing again (a new workbook, or the same one mapped differently) keeps the work done: a line
 * whose row is still priced is updated from the row (code, designation, unit, quantity) and keeps
 * its unit price and assignees; a row that is new becomes a new line; a line whose row is gone is
 * deleted, unless it is already followed up (status other than « à faire », a due or delivery
 * date), in which case it stays as an ordinary line, untied from the schedule. Payments are
 * recorded per lot, not per line, and only on a won bid, when importing is no longer allowed, so
 * no deleted line can carry one.
 */
import { logActivity } from '../../activity.repository';
import type { AppContext } from '../../context';
import { DomainError, forbidden, invalid, notFound } from '../../errors';
import { newId } from '../../ids';
import { inProcessRenderer } from '../../exports/render';
import { readStoredFile, sniffType, storeUpload } from '../../files/storage';
import type { Actor } from '../../policies/actor';
import { isFrozen, type BidAccess } from '../../policies/bid.policy';
import { canSchedule, type ScheduleAction } from '../../policies/price-schedule.policy';
import { loadBidAccess } from '../../bids/bid-access';
import { listBidLots } from '../../bids/bids.repository';
import {
	deleteDeliverableRow,
	detachScheduleLine,
	insertScheduleLine,
	listScheduleLines,
	nextDeliverablePosition,
	updateScheduleLine
} from '../../bids/deliverables.repository';
import { withdrawAcceptances } from '../../split/acceptance';
import { filledScheduleOf } from './filled';
import type { InspectRequest, ScheduleInspection } from './inspect';
import { columnLetters, storedMapping, type ScheduleMapping } from './mapping';
import { findSchedule, listBidSchedules, saveScheduleFile, saveScheduleMapping } from './price-schedule.repository';
import type { ScheduleRow } from './read';

type Ctx = Pick<AppContext, 'db' | 'now' | 'config' | 'renderer'>;

/** Rows of the shown sheet sent to the page (the mapping's preview covers the rest). */
const TABLE_ROWS = 60;
/** Lines shown in the preview of what the import will create. */
const PREVIEW_LINES = 300;
/** Ten million units, as the price line form (quantity × price stays exact). */
const MAX_QUANTITY_MILLI = 10_000_000_000;

/** Decides a schedule action: 404 when the actor may not see the bid, 409 once submitted, 403 otherwise. */
function authorizeSchedule(actor: Actor, access: BidAccess, action: ScheduleAction): void {
	if (!canSchedule(actor, 'view', access)) throw notFound();
	if (canSchedule(actor, action, access)) return;
	if (isFrozen(access)) throw new DomainError('frozen', 'La réponse a été déposée : elle est figée et ne peut plus être modifiée.');
	throw forbidden('Seule la coordination importe le bordereau de prix de l’acheteur.');
}

async function lotOf(ctx: Pick<Ctx, 'db'>, bidId: string, lotId: string) {
	const lot = (await listBidLots(ctx.db, bidId)).find((l) => l.id === lotId);
	if (!lot) throw notFound();
	return { id: lot.id, number: lot.number, title: lot.title };
}

function inspect(ctx: Pick<Ctx, 'renderer'>, bytes: Uint8Array, want: InspectRequest): Promise<ScheduleInspection> {
	return (ctx.renderer ?? inProcessRenderer).inspectSchedule(bytes, want);
}

/**
 * Stores the buyer's workbook for the lot (refused unless it is a readable .xlsx), replacing the
 * previous one; its mapping is asked again. The lines already created stay until it is confirmed.
 */
export async function uploadSchedule(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	lotId: string,
	file: FormDataEntryValue | null
): Promise<{ name: string }> {
	const access = await loadBidAccess(ctx, actor, bidId);
	authorizeSchedule(actor, access, 'import');
	await lotOf(ctx, bidId, lotId);
	if (!(file instanceof File) || file.size === 0) throw invalid({ file: 'Fichier : choisissez le bordereau de l’acheteur (.xlsx).' });
	const bytes = new Uint8Array(await file.arrayBuffer());
	if (sniffType(bytes) !== 'xlsx')
		throw invalid({
			file: 'Fichier : ce n’est pas un classeur Excel (.xlsx). Un .xls ou un .ods s’enregistre en .xlsx depuis le tableur.'
		});
	const seen = await inspect(ctx, bytes, {});
	if (!seen.ok) throw invalid({ file: `Fichier : ${seen.error}` });
	if (seen.sheets.length === 0) throw invalid({ file: 'Fichier : ce classeur n’a aucune feuille.' });
	const stored = await storeUpload(ctx, file, { field: 'file', kind: 'price_schedule', bidId, uploadedBy: actor.id });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const id = await saveScheduleFile(trx, { id: newId(), bidId, lotId, fileId: stored.id, createdBy: actor.id, at: now });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'price_schedule',
			entityId: id,
			action: 'uploaded',
			after: { name: stored.name, sha256: stored.sha256 }
		});
	});
	return { name: stored.name };
}

/** What the schedule page shows: the workbook's sheets, the shown sheet's first rows, the mapping and the lines it makes. */
export async function loadSchedulePage(ctx: Ctx, actor: Actor, bidId: string, lotId: string, want: InspectRequest = {}) {
	const access = await loadBidAccess(ctx, actor, bidId);
	authorizeSchedule(actor, access, 'view');
	const lot = await lotOf(ctx, bidId, lotId);
	const can = { import: canSchedule(actor, 'import', access), download: canSchedule(actor, 'download', access) };
	const schedule = await findSchedule(ctx.db, bidId, lotId);
	const linked = await listScheduleLines(ctx.db, bidId, lotId);
	const base = { lot, can, linkedLines: linked.length };
	if (!schedule) return { ...base, schedule: null, workbook: null };
	const confirmed = storedMapping(schedule.mapping);
	// The confirmed mapping is shown again unless another one, or another sheet, is asked for.
	const request: InspectRequest = want.mapping
		? want
		: confirmed && (!want.sheet || want.sheet === confirmed.sheet)
			? { mapping: confirmed }
			: { sheet: want.sheet ?? null };
	const seen = await inspect(ctx, readStoredFile(ctx, schedule.storedName), request);
	const file = { name: schedule.fileName, size: schedule.fileSize, updatedAt: schedule.updatedAt, mapped: confirmed !== null };
	if (!seen.ok) return { ...base, schedule: file, workbook: null, error: seen.error };
	const shown = seen.sheets.find((s) => s.name === seen.sheet);
	return {
		...base,
		schedule: file,
		workbook: {
			sheets: seen.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rowCount: s.rowCount })),
			sheet: seen.sheet,
			table: shown
				? {
						columns: Array.from({ length: shown.columnCount }, (_, i) => columnLetters(i + 1)),
						hiddenColumns: shown.hiddenColumns.map(columnLetters),
						merged: shown.merged,
						rows: shown.rows.slice(0, TABLE_ROWS),
						more: Math.max(0, shown.rowCount - (shown.rows[Math.min(TABLE_ROWS, shown.rows.length) - 1]?.number ?? 0))
					}
				: null,
			mapping: seen.mapping,
			guessed: seen.guessed,
			confirmed: confirmed !== null && seen.mapping !== null && JSON.stringify(confirmed) === JSON.stringify(seen.mapping),
			lines: (seen.rows ?? []).slice(0, PREVIEW_LINES),
			lineCount: seen.rows?.length ?? 0,
			rowsError: seen.rowsError
		},
		error: null
	};
}

function checkRows(rows: ScheduleRow[], mapping: ScheduleMapping): void {
	if (rows.length === 0)
		throw invalid({
			firstRow: `Lignes : aucune ligne de prix entre les lignes ${mapping.firstRow} et ${mapping.lastRow} (une désignation, et une unité ou une quantité). Vérifiez les lignes et les colonnes.`
		});
	const bad = rows.find((r) => r.quantityMilli <= 0 || r.quantityMilli > MAX_QUANTITY_MILLI);
	if (bad)
		throw invalid({
			quantity: `Quantité : la ligne ${bad.row} du bordereau a une quantité ${bad.quantityMilli <= 0 ? 'nulle ou négative' : 'supérieure à 10 000 000'}. Corrigez le classeur ou choisissez une autre colonne.`
		});
}

export interface ImportResult {
	created: number;
	updated: number;
	deleted: number;
	/** Lines whose row is gone but which are followed up: kept, untied from the schedule. */
	kept: number;
}

/**
 * Confirms the mapping and turns the rows it selects into the lot's price lines (see the file's
 * header for a second import). Lines start without a price or assignees; the coordinator sets
 * them on the prestations page. The split's acceptances are withdrawn, as for any line change.
 */
export async function confirmMapping(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	lotId: string,
	mapping: ScheduleMapping
): Promise<ImportResult> {
	const access = await loadBidAccess(ctx, actor, bidId);
	authorizeSchedule(actor, access, 'import');
	const lot = await lotOf(ctx, bidId, lotId);
	const schedule = await findSchedule(ctx.db, bidId, lotId);
	if (!schedule) throw invalid({ file: 'Fichier : importez d’abord le bordereau de l’acheteur.' });
	const seen = await inspect(ctx, readStoredFile(ctx, schedule.storedName), { mapping });
	if (!seen.ok) throw invalid({ _form: seen.error });
	if (seen.rowsError || !seen.rows) throw invalid({ sheet: `Feuille : ${seen.rowsError ?? 'choisissez une feuille du classeur.'}` });
	const rows = seen.rows;
	checkRows(rows, mapping);
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		const existing = new Map((await listScheduleLines(trx, bidId, lotId)).map((l) => [l.scheduleRow!, l]));
		const result: ImportResult = { created: 0, updated: 0, deleted: 0, kept: 0 };
		let position = await nextDeliverablePosition(trx, bidId, lotId);
		for (const row of rows) {
			const fields = {
				code: row.code.slice(0, 20),
				label: row.designation.slice(0, 300),
				unit: row.unit.slice(0, 30),
				quantityMilli: row.quantityMilli
			};
			const line = existing.get(row.row);
			if (line) {
				existing.delete(row.row);
				await updateScheduleLine(trx, line.id, fields);
				result.updated++;
			} else {
				await insertScheduleLine(trx, { ...fields, id: newId(), bidId, lotId, position: position++, scheduleRow: row.row, createdAt: now });
				result.created++;
			}
		}
		for (const gone of existing.values()) {
			const followed = gone.status !== 'todo' || gone.dueAt !== null || gone.deliveredAt !== null;
			if (followed) {
				await detachScheduleLine(trx, gone.id);
				result.kept++;
			} else {
				await deleteDeliverableRow(trx, gone.id);
				result.deleted++;
			}
		}
		await saveScheduleMapping(trx, schedule.id, JSON.stringify(mapping), now);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'price_schedule',
			entityId: schedule.id,
			action: 'mapped',
			after: { lot: lot.number, sheet: mapping.sheet, ...result }
		});
		await withdrawAcceptances(trx, bidId, actor.id, `bordereau du lot ${lot.number} importé`, now);
		return result;
	});
}

/** The bid's lots that have a schedule, for the prestations page: uploaded, and whether its lines exist. */
export async function listLotSchedules(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string) {
	const access = await loadBidAccess(ctx, actor, bidId);
	authorizeSchedule(actor, access, 'view');
	return (await listBidSchedules(ctx.db, bidId)).map((s) => ({ lotId: s.lotId, fileName: s.fileName, mapped: s.mapping !== null }));
}

// Kept here too: callers written before the move (the deposit package) import them from this file.
export { filledScheduleOf, type FilledSchedule } from './filled';

/** The filled workbook for a member or observer of the bid (404 when the lot has no confirmed schedule). */
export async function filledSchedule(ctx: Pick<Ctx, 'db' | 'now' | 'config'>, actor: Actor, bidId: string, lotId: string) {
	const access = await loadBidAccess(ctx, actor, bidId);
	authorizeSchedule(actor, access, 'download');
	await lotOf(ctx, bidId, lotId);
	const filled = await filledScheduleOf(ctx, bidId, lotId, new Date(ctx.now()));
	if (!filled) throw notFound();
	return filled;
}
