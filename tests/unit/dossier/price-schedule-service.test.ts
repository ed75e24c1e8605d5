/**
 * The buyer's price schedule use cases on the real database: upload (type and content checked),
 * the page's guess, the mapping turning rows into the lot's price lines, a second import keeping
 * prices and follow-up, who may do what, and the filled workbook with the lines' current prices.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverable, updateDeliverable } from '../../../src/lib/server/bids/deliverables.service';
import { listDeliverables, updateDeliverableTracking } from '../../../src/lib/server/bids/deliverables.repository';
import { DomainError } from '../../../src/lib/server/errors';
import { parseMappingForm } from '../../../src/lib/server/dossier/price-schedule/schedule-forms';
import {
	confirmMapping,
	filledSchedule,
	listLotSchedules,
	loadSchedulePage,
	uploadSchedule
} from '../../../src/lib/server/dossier/price-schedule/schedule.service';
import { filledScheduleOf } from '../../../src/lib/server/dossier/price-schedule/filled';
import type { ScheduleMapping } from '../../../src/lib/server/dossier/price-schedule/mapping';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { bpuWorkbook, dqeWorkbook } from './workbooks';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsx = (bytes: Uint8Array, name = 'DQE-lot-2.xlsx') => new File([new Uint8Array(bytes)], name, { type: XLSX });

let ctx: TestContext;
beforeEach(async () => {
	ctx = await createTestContext();
});
afterEach(async () => {
	await ctx.cleanup();
});

async function codeOf(e: Promise<unknown>): Promise<{ code: string; fields: Record<string, string> }> {
	try {
		await e;
	} catch (err) {
		if (err instanceof DomainError) return { code: err.code, fields: err.fields };
		throw err;
	}
	throw new Error('expected a refusal');
}

async function uploadedDqe() {
	const b = await makeBid(ctx, 2);
	const lotId = b.lotIds[1]!;
	await uploadSchedule(ctx, b.coordinator, b.bidId, lotId, xlsx(await dqeWorkbook()));
	const page = await loadSchedulePage(ctx, b.coordinator, b.bidId, lotId);
	return { ...b, lotId, mapping: page.workbook!.mapping! };
}

async function load(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	return wb;
}

describe('the buyer’s price schedule, use cases', () => {
	it('shows the uploaded workbook: its sheets, the priced sheet first guessed, and the lines it would create', async () => {
		const b = await makeBid(ctx, 2);
		const lotId = b.lotIds[1]!;
		const empty = await loadSchedulePage(ctx, b.coordinator, b.bidId, lotId);
		expect(empty.schedule).toBeNull();
		expect(empty.can.import).toBe(true);
		expect(await uploadSchedule(ctx, b.coordinator, b.bidId, lotId, xlsx(await dqeWorkbook()))).toEqual({ name: 'DQE-lot-2.xlsx' });
		const page = await loadSchedulePage(ctx, b.coordinator, b.bidId, lotId);
		const wb = page.workbook!;
		expect(wb.sheets.map((s) => s.name)).toEqual(['Mode d’emploi', 'DQE Lot 2', 'Récapitulatif']);
		expect(wb.sheet).toBe('DQE Lot 2');
		expect(wb.guessed).toBe(true);
		expect(wb.mapping).toMatchObject({ headerRow: 3, designation: 'B', unitPrice: 'E', amount: 'F' });
		expect(wb.table!.hiddenColumns).toEqual(['G']);
		expect(wb.lines.map((l) => l.designation)).toEqual([
			'Ateliers de conception avec les habitants',
			'Maquettes graphiques',
			'Rédaction des contenus',
			'Développement du site'
		]);
		// Another sheet asked for: guessed on it (nothing recognised on the instructions).
		const other = await loadSchedulePage(ctx, b.coordinator, b.bidId, lotId, { sheet: 'Mode d’emploi' });
		expect(other.workbook!.sheet).toBe('Mode d’emploi');
		expect(other.workbook!.mapping).toBeNull();
		expect(await listLotSchedules(ctx, b.coordinator, b.bidId)).toEqual([{ lotId, fileName: 'DQE-lot-2.xlsx', mapped: false }]);
	});

	it('refuses what is not a readable .xlsx with a French reason on the file field, and keeps nothing', async () => {
		const b = await makeBid(ctx, 1);
		const lotId = b.lotIds[0]!;
		const pdf = new File([new TextEncoder().encode('%PDF-1.4 un devis')], 'bordereau.xlsx');
		expect((await codeOf(uploadSchedule(ctx, b.coordinator, b.bidId, lotId, pdf))).fields.file).toMatch(/pas un classeur Excel/);
		expect((await codeOf(uploadSchedule(ctx, b.coordinator, b.bidId, lotId, null))).fields.file).toMatch(/choisissez/);
		const renamed = xlsx(await dqeWorkbook(), 'bordereau.pdf');
		expect((await codeOf(uploadSchedule(ctx, b.coordinator, b.bidId, lotId, renamed))).fields.file).toMatch(/XLSX.*\.pdf/);
		expect(await ctx.db.selectFrom('price_schedules').selectAll().execute()).toEqual([]);
		expect(await ctx.db.selectFrom('files').selectAll().execute()).toEqual([]);
	});

	it('creates one line per priced row, tied to its row, without price or assignees', async () => {
		const b = await uploadedDqe();
		expect(await confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, b.mapping)).toEqual({ created: 4, updated: 0, deleted: 0, kept: 0 });
		const lines = (await listDeliverables(ctx.db, b.bidId)).filter((l) => l.lotId === b.lotId);
		expect(lines.map((l) => [l.scheduleRow, l.code, l.label, l.unit, l.quantityMilli, l.unitPriceCents, l.assignees.length])).toEqual([
			[5, '1.1', 'Ateliers de conception avec les habitants', 'jour', 4000, 0, 0],
			[6, '1.2', 'Maquettes graphiques', 'forfait', 1000, 0, 0],
			[7, '1.3', 'Rédaction des contenus', 'page', 25500, 0, 0],
			[10, '2.1', 'Développement du site', 'forfait', 1000, 0, 0]
		]);
		const page = await loadSchedulePage(ctx, b.coordinator, b.bidId, b.lotId);
		expect(page.schedule!.mapped).toBe(true);
		expect(page.workbook!.confirmed).toBe(true);
		expect(page.linkedLines).toBe(4);
	});

	it('a second import updates lines by row and keeps their prices; a row gone is deleted unless followed up', async () => {
		const b = await uploadedDqe();
		await confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, b.mapping);
		const lines = (await listDeliverables(ctx.db, b.bidId)).filter((l) => l.lotId === b.lotId);
		const [first, second, third] = lines;
		await updateDeliverable(ctx, b.coordinator, b.bidId, first!.id, {
			lotId: b.lotId,
			code: first!.code,
			label: first!.label,
			quantityMilli: first!.quantityMilli,
			unit: first!.unit,
			unitPriceCents: 45_000,
			assignees: [{ userId: b.coordinator.id, weight: 1 }]
		});
		await updateDeliverableTracking(ctx.db, third!.id, { status: 'in_progress', dueAt: null, deliveredAt: null });
		// The same workbook, now read only down to row 6: rows 7 and 10 are gone.
		const narrower: ScheduleMapping = { ...b.mapping, lastRow: 6 };
		expect(await confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, narrower)).toEqual({ created: 0, updated: 2, deleted: 1, kept: 1 });
		const after = (await listDeliverables(ctx.db, b.bidId)).filter((l) => l.lotId === b.lotId);
		expect(after.map((l) => [l.label, l.scheduleRow, l.unitPriceCents, l.assignees.length])).toEqual([
			['Ateliers de conception avec les habitants', 5, 45_000, 1],
			['Maquettes graphiques', 6, 0, 0],
			['Rédaction des contenus', null, 0, 0]
		]);
		expect(second!.id).toBe(after[1]!.id);
	});

	it('refuses a mapping whose sheet is missing or that selects no row, with French messages on the fields', async () => {
		const b = await uploadedDqe();
		const missing = await codeOf(confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, { ...b.mapping, sheet: 'Feuil9' }));
		expect(missing.fields.sheet).toMatch(/Feuil9.*n’existe pas/);
		const none = await codeOf(confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, { ...b.mapping, designation: 'H' }));
		expect(none.fields.firstRow).toMatch(/aucune ligne de prix/);
		expect(await ctx.db.selectFrom('deliverables').selectAll().execute()).toEqual([]);
	});

	it('reads the mapping form with French messages, refusing a column chosen twice and rows out of order', () => {
		const form = (over: Record<string, string>) =>
			new URLSearchParams({ sheet: 'BPU', headerRow: '2', firstRow: '3', lastRow: '5', designation: 'B', unitPrice: 'D', ...over });
		expect(parseMappingForm(form({}))).toMatchObject({
			ok: true,
			mapping: { sheet: 'BPU', headerRow: 2, designation: 'B', unitPrice: 'D' }
		});
		expect(parseMappingForm(form({ headerRow: 'deux' }))).toMatchObject({
			ok: false,
			errors: { headerRow: expect.stringMatching(/numéro de ligne/) }
		});
		expect(parseMappingForm(form({ unitPrice: '' }))).toMatchObject({
			ok: false,
			errors: { unitPrice: 'Prix unitaire : choisissez la colonne.' }
		});
		expect(parseMappingForm(form({ amount: 'D' })).ok).toBe(false);
		expect(parseMappingForm(form({ firstRow: '2' }))).toMatchObject({
			ok: false,
			errors: { firstRow: expect.stringMatching(/après la ligne des titres/) }
		});
		expect(parseMappingForm(form({ lastRow: '9000' }))).toMatchObject({ ok: false, errors: { lastRow: expect.stringMatching(/5 000/) } });
		expect(parseMappingForm(form({ headerRow: 'deux' })).values.headerRow).toBe('deux');
	});

	it('members and observers see and download; only the coordinator imports, and not once the bid is submitted', async () => {
		const b = await uploadedDqe();
		const member = await addBidMember(ctx, b.bidId, 'member');
		const observer = await addBidMember(ctx, b.bidId, 'observer');
		for (const who of [member, observer]) {
			expect((await loadSchedulePage(ctx, who, b.bidId, b.lotId)).can).toEqual({ import: false, download: true });
			expect((await codeOf(confirmMapping(ctx, who, b.bidId, b.lotId, b.mapping))).code).toBe('forbidden');
			expect((await codeOf(uploadSchedule(ctx, who, b.bidId, b.lotId, xlsx(await bpuWorkbook())))).code).toBe('forbidden');
		}
		const stranger = await addBidMember(ctx, (await makeBid(ctx, 1)).bidId, 'member');
		expect((await codeOf(loadSchedulePage(ctx, stranger, b.bidId, b.lotId))).code).toBe('not_found');
		expect((await codeOf(filledSchedule(ctx, stranger, b.bidId, b.lotId))).code).toBe('not_found');
		await ctx.db.updateTable('bids').set({ status: 'submitted' }).where('id', '=', b.bidId).execute();
		expect((await codeOf(confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, b.mapping))).code).toBe('frozen');
	});

	it('gives back the buyer’s workbook with the lines’ current prices and amounts rounded as the split does', async () => {
		const b = await uploadedDqe();
		expect(await filledScheduleOf(ctx, b.bidId, b.lotId, new Date())).toBeNull();
		expect(await filledScheduleOf(ctx, b.bidId, b.lotIds[0]!, new Date())).toBeNull();
		await confirmMapping(ctx, b.coordinator, b.bidId, b.lotId, b.mapping);
		const lines = (await listDeliverables(ctx.db, b.bidId)).filter((l) => l.lotId === b.lotId);
		const prices = [45_000, 320_050, 9_001, 1_150_000];
		for (const [i, l] of lines.entries())
			await updateDeliverable(ctx, b.coordinator, b.bidId, l.id, {
				lotId: b.lotId,
				code: l.code,
				label: l.label,
				quantityMilli: l.quantityMilli,
				unit: l.unit,
				unitPriceCents: prices[i]!,
				assignees: [{ userId: b.coordinator.id, weight: 1 }]
			});
		// A line added by hand is not the buyer's: it does not go into the workbook.
		await createDeliverable(ctx, b.coordinator, b.bidId, {
			lotId: b.lotId,
			code: 'X',
			label: 'Option',
			quantityMilli: 1000,
			unit: 'u',
			unitPriceCents: 1,
			assignees: [{ userId: b.coordinator.id, weight: 1 }]
		});
		const filled = await filledSchedule(ctx, b.coordinator, b.bidId, b.lotId);
		expect(filled.name).toBe('DQE-lot-2-complete.xlsx');
		const sheet = (await load(filled.bytes)).getWorksheet('DQE Lot 2')!;
		expect([5, 6, 7, 10].map((r) => sheet.getCell(`E${r}`).value)).toEqual([450, 3200.5, 90.01, 11500]);
		// 25,5 × 90,01 € = 2 295,255 € → 2 295,26 € (half up, lineAmountCents).
		expect(sheet.getCell('F7').value).toEqual({ formula: 'D7*E7', result: 2295.26 });
		// The buyer's total row keeps its formula in the price column.
		expect(sheet.getCell('E11').formula).toBe('0');
	});
});
