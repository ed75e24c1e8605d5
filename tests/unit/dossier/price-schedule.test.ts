import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fillWorkbook, type PricedRow } from '../../../src/lib/server/dossier/price-schedule/fill';
import { guessMapping, type ScheduleMapping } from '../../../src/lib/server/dossier/price-schedule/mapping';
import { openWorkbook, ScheduleReadError, scheduleRows, sheetPreviews } from '../../../src/lib/server/dossier/price-schedule/read';
import { bpuWorkbook, dqeWorkbook } from './workbooks';

const WHEN = new Date('2026-12-01T10:00:00Z');
const ALWAYS_RECALC = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`;

/** Everything a cell holds that a buyer would check: value or formula, and its style. */
function cellFacts(cell: ExcelJS.Cell) {
	return JSON.stringify({ value: cell.value, style: cell.style, type: cell.type });
}

async function load(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	return wb;
}

describe('the buyer’s price schedule', () => {
	it('shows every sheet, its merged title and hidden column, and guesses the columns from the header row', async () => {
		const previews = sheetPreviews(await openWorkbook(await dqeWorkbook()));
		expect(previews.map((s) => s.name)).toEqual(['Mode d’emploi', 'DQE Lot 2', 'Récapitulatif']);
		const dqe = previews[1]!;
		expect(dqe.merged).toContain('A1:F1');
		expect(dqe.hiddenColumns).toEqual([7]);
		expect(guessMapping(dqe.name, dqe.rows)).toEqual({
			sheet: 'DQE Lot 2',
			headerRow: 3,
			firstRow: 4,
			lastRow: 11,
			code: 'A',
			designation: 'B',
			unit: 'C',
			quantity: 'D',
			unitPrice: 'E',
			amount: 'F'
		});
		expect(guessMapping(previews[0]!.name, previews[0]!.rows)).toBeNull();
	});

	it('turns the priced rows into lines, leaving headings and totals to the buyer', async () => {
		const wb = await openWorkbook(await dqeWorkbook());
		const mapping = guessMapping('DQE Lot 2', sheetPreviews(wb)[1]!.rows)!;
		const rows = scheduleRows(wb, mapping);
		expect(rows.map((r) => [r.row, r.code, r.designation, r.unit, r.quantityMilli, r.amountIsFormula])).toEqual([
			[5, '1.1', 'Ateliers de conception avec les habitants', 'jour', 4000, true],
			[6, '1.2', 'Maquettes graphiques', 'forfait', 1000, true],
			[7, '1.3', 'Rédaction des contenus', 'page', 25500, true],
			[10, '2.1', 'Développement du site', 'forfait', 1000, true]
		]);
	});

	it('a BPU without quantities gives one of each, and French headers « Réf. », « U », « P.U. HT » are recognised', async () => {
		const wb = await openWorkbook(await bpuWorkbook());
		const mapping = guessMapping('BPU', sheetPreviews(wb)[0]!.rows)!;
		expect(mapping).toMatchObject({ headerRow: 2, code: 'A', designation: 'B', unit: 'C', unitPrice: 'D' });
		expect(mapping.quantity).toBeUndefined();
		const rows = scheduleRows(wb, mapping);
		expect(rows.map((r) => [r.designation, r.unit, r.quantityMilli, r.quantityGiven])).toEqual([
			['Heure d’animation', 'h', 1000, false],
			['Journée de formation', 'j', 1000, false],
			['Déplacement (par km)', 'km', 1000, false]
		]);
	});

	it('comes back with the prices filled in and every other cell, sheet and part exactly the buyer’s', async () => {
		const original = await dqeWorkbook();
		const mapping = guessMapping('DQE Lot 2', sheetPreviews(await openWorkbook(original))[1]!.rows)!;
		const prices: PricedRow[] = [
			{ row: 5, unitPriceCents: 45000, amountCents: 180000 },
			{ row: 6, unitPriceCents: 320050, amountCents: 320050 },
			{ row: 7, unitPriceCents: 9000, amountCents: 229500 },
			{ row: 10, unitPriceCents: 1150000, amountCents: 1150000 }
		];
		const filled = fillWorkbook(original, mapping, prices, WHEN);
		expect(fillWorkbook(original, mapping, prices, WHEN)).toEqual(filled);

		const before = await load(original);
		const after = await load(filled);
		expect(after.worksheets.map((s) => s.name)).toEqual(before.worksheets.map((s) => s.name));
		const filledCells = new Set(prices.flatMap((p) => [`E${p.row}`, `F${p.row}`]));
		for (const sheet of before.worksheets) {
			const other = after.getWorksheet(sheet.name)!;
			expect((other.model as { merges: string[] }).merges).toEqual((sheet.model as { merges: string[] }).merges);
			for (let c = 1; c <= 8; c++) expect(other.getColumn(c).hidden).toBe(sheet.getColumn(c).hidden);
			for (let r = 1; r <= 15; r++)
				for (let c = 1; c <= 8; c++) {
					const cell = sheet.getCell(r, c);
					if (sheet.name === 'DQE Lot 2' && filledCells.has(cell.address)) continue;
					expect(cellFacts(other.getCell(r, c)), `${sheet.name}!${cell.address}`).toBe(cellFacts(cell));
				}
		}
		const dqe = after.getWorksheet('DQE Lot 2')!;
		expect([5, 6, 7, 10].map((r) => dqe.getCell(`E${r}`).value)).toEqual([450, 3200.5, 90, 11500]);
		// The buyer's amount formulas are kept, with the figure they compute.
		expect(dqe.getCell('F7').value).toEqual({ formula: 'D7*E7', result: 2295 });
		expect(dqe.getCell('E5').numFmt).toBe('#,##0.00 €');

		// Every part of the archive other than the priced sheet and the workbook is byte-for-byte.
		const a = unzipSync(original);
		const b = unzipSync(filled);
		expect(Object.keys(b)).toEqual(Object.keys(a));
		for (const name of Object.keys(a)) {
			if (name === 'xl/worksheets/sheet2.xml' || name === 'xl/workbook.xml') continue;
			expect(Buffer.from(b[name]!).equals(Buffer.from(a[name]!)), name).toBe(true);
		}
		expect(strFromU8(b['xl/workbook.xml']!)).toContain('fullCalcOnLoad="1"');
	});

	it('fills a grid whose price cells only carry a border, and keeps the border', async () => {
		const original = await bpuWorkbook();
		const mapping = guessMapping('BPU', sheetPreviews(await openWorkbook(original))[0]!.rows)!;
		const filled = fillWorkbook(original, mapping, [{ row: 4, unitPriceCents: 38000, amountCents: 38000 }], WHEN);
		const sheet = (await load(filled)).getWorksheet('BPU')!;
		expect(sheet.getCell('D4').value).toBe(380);
		expect(sheet.getCell('D4').border?.top?.style).toBe('thin');
		expect(sheet.getCell('D3').value).toBeNull();
	});

	it('LibreOffice opens the filled workbook and the buyer’s totals compute from the prices', async () => {
		const original = await dqeWorkbook();
		const mapping = guessMapping('DQE Lot 2', sheetPreviews(await openWorkbook(original))[1]!.rows)!;
		const filled = fillWorkbook(
			original,
			mapping,
			[
				{ row: 5, unitPriceCents: 45000, amountCents: 180000 },
				{ row: 6, unitPriceCents: 320050, amountCents: 320050 },
				{ row: 7, unitPriceCents: 9000, amountCents: 229500 },
				{ row: 10, unitPriceCents: 1150000, amountCents: 1150000 }
			],
			WHEN
		);
		const dir = await mkdtemp(join(tmpdir(), 'cotrait-bpu-'));
		try {
			await writeFile(join(dir, 'dqe.xlsx'), filled);
			// LibreOffice trusts the cached results of a file « saved by Excel » unless told to
			// recompute on load, as Excel does for a workbook flagged fullCalcOnLoad: tell it so.
			await mkdir(join(dir, 'profile', 'user'), { recursive: true });
			await writeFile(join(dir, 'profile', 'user', 'registrymodifications.xcu'), ALWAYS_RECALC);
			await promisify(execFile)(
				'soffice',
				[
					'--headless',
					`-env:UserInstallation=file://${dir}/profile`,
					'--convert-to',
					'xlsx:Calc MS Excel 2007 XML',
					'--outdir',
					join(dir, 'out'),
					join(dir, 'dqe.xlsx')
				],
				{ timeout: 120_000 }
			);
			const recomputed = await load(new Uint8Array(await readFile(join(dir, 'out', 'dqe.xlsx'))));
			const total = recomputed.getWorksheet('DQE Lot 2')!.getCell('F11').value as { result: number };
			expect(total.result).toBeCloseTo(1800 + 3200.5 + 2295 + 11500, 2);
			expect((recomputed.getWorksheet('Récapitulatif')!.getCell('B1').value as { result: number }).result).toBeCloseTo(18795.5, 2);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 150_000);

	it('refuses what is not a workbook, and a ZIP that would inflate past the limit, with a French reason', async () => {
		await expect(openWorkbook(new TextEncoder().encode('pas un classeur'))).rejects.toThrow(ScheduleReadError);
		await expect(openWorkbook(new TextEncoder().encode('pas un classeur'))).rejects.toThrow(/classeur Excel/);
		const { zipSync } = await import('fflate');
		const bomb = zipSync({ 'xl/workbook.xml': new Uint8Array(70 * 1024 * 1024) }, { level: 9 });
		expect(bomb.length).toBeLessThan(1024 * 1024);
		await expect(openWorkbook(bomb)).rejects.toThrow(/trop volumineux/);
	});

	it('a mapping that no longer matches the sheet is refused rather than written elsewhere', async () => {
		const original = await bpuWorkbook();
		const mapping: ScheduleMapping = { sheet: 'BPU', headerRow: 2, firstRow: 3, lastRow: 5, designation: 'B', unitPrice: 'D' };
		expect(() => fillWorkbook(original, { ...mapping, sheet: 'Autre' }, [], WHEN)).toThrow(/n’existe pas/);
		expect(() => fillWorkbook(original, mapping, [{ row: 40, unitPriceCents: 1, amountCents: 1 }], WHEN)).toThrow(/ligne 40/);
	});
});
