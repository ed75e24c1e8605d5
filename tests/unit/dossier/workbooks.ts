/**
 * Buyers' price schedules as they come from real consultations, built with exceljs: a DQE with a
 * title block merged over several columns, chapter headings, priced rows whose amounts are the
 * buyer's formulas, subtotals and a grand total, a hidden working column, a second sheet of
 * instructions and a third that references the first; a BPU without quantities whose prices sit
 * in empty cells of a styled grid.
 */
import ExcelJS from 'exceljs';

export async function dqeWorkbook(): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Ville de Saint-Flour';
	const notice = wb.addWorksheet('Mode d’emploi');
	notice.getCell('A1').value = 'Ne modifiez pas la structure de ce bordereau.';
	notice.getCell('A2').value = { richText: [{ text: 'Prix en ' }, { text: 'euros HT', font: { bold: true } }] };

	const ws = wb.addWorksheet('DQE Lot 2');
	ws.columns = [{ width: 8 }, { width: 50 }, { width: 8 }, { width: 10 }, { width: 14 }, { width: 14 }, { width: 12, hidden: true }];
	ws.mergeCells('A1:F1');
	ws.getCell('A1').value = 'DÉTAIL QUANTITATIF ESTIMATIF — Lot 2 : Site et contenus';
	ws.getCell('A1').font = { bold: true, size: 14 };
	ws.getCell('A1').alignment = { horizontal: 'center' };
	ws.getRow(3).values = ['N°', 'Désignation des prestations', 'Unité', 'Qté', 'Prix unitaire HT', 'Montant HT', 'Code interne'];
	ws.getRow(3).font = { bold: true };
	ws.getRow(3).eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEEFF' } }));
	ws.mergeCells('A4:F4');
	ws.getCell('A4').value = '1. Conception';
	const priced: Array<[string, string, string, number]> = [
		['1.1', 'Ateliers de conception avec les habitants', 'jour', 4],
		['1.2', 'Maquettes graphiques', 'forfait', 1],
		['1.3', 'Rédaction des contenus', 'page', 25.5]
	];
	let r = 5;
	for (const [code, label, unit, qty] of priced) {
		ws.getRow(r).values = [code, label, unit, qty];
		ws.getCell(`E${r}`).numFmt = '#,##0.00 €';
		ws.getCell(`F${r}`).value = { formula: `D${r}*E${r}`, result: 0 };
		ws.getCell(`F${r}`).numFmt = '#,##0.00 €';
		ws.getCell(`G${r}`).value = `INT-${code}`;
		r++;
	}
	ws.getCell(`B${r}`).value = 'Sous-total 1';
	ws.getCell(`F${r}`).value = { formula: `SUM(F5:F${r - 1})`, result: 0 };
	r += 1;
	ws.mergeCells(`A${r}:F${r}`);
	ws.getCell(`A${r}`).value = '2. Réalisation';
	r += 1;
	ws.getRow(r).values = ['2.1', 'Développement du site', 'forfait', 1];
	ws.getCell(`F${r}`).value = { formula: `D${r}*E${r}`, result: 0 };
	const last = r;
	r += 1;
	ws.getCell(`B${r}`).value = 'Total général HT';
	ws.getCell(`F${r}`).value = { formula: `SUM(F5:F7)+F${last}`, result: 0 };
	ws.getCell(`E${r}`).value = { formula: '0', result: 0 };

	const recap = wb.addWorksheet('Récapitulatif');
	recap.getCell('A1').value = 'Montant total HT du lot';
	recap.getCell('B1').value = { formula: `'DQE Lot 2'!F${r}`, result: 0 };
	recap.getCell('A2').value = 'TVA 20 %';
	recap.getCell('B2').value = { formula: 'B1*0.2', result: 0 };
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function bpuWorkbook(): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('BPU');
	ws.getRow(2).values = ['Réf.', 'Libellé', 'U', 'P.U. HT'];
	const border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } } as const;
	const rows: Array<[string, string, string]> = [
		['A1', 'Heure d’animation', 'h'],
		['A2', 'Journée de formation', 'j'],
		['A3', 'Déplacement (par km)', 'km']
	];
	rows.forEach(([ref, label, unit], i) => {
		const row = ws.getRow(3 + i);
		row.values = [ref, label, unit];
		for (let c = 1; c <= 4; c++) row.getCell(c).border = border;
		row.getCell(4).numFmt = '0.00';
	});
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
