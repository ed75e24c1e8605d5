import { beforeAll, describe, expect, it } from 'vitest';
import { formatEuros } from '../../../src/lib/domain/money';
import { annexToDocx, annexToPdf, sha256Hex } from '../../../src/lib/server/exports';
import { annexFixture, norm, pdfText, readDocx, type DocxParts } from './fixtures';

/** The DOMAIN.md worked example, as printed in both formats. */
const LOT_ROWS = [
	'Lot n° 1 : Concertation et ateliers',
	'Total CAE GAMMA 12 140,13 €',
	'Total CAE DELTA 524,87 €',
	'Total du lot n° 1 12 665,00 €',
	'Lot n° 2 : Site et contenus',
	'Total CAE GAMMA 4 733,32 €',
	'Total CAE DELTA 15 098,99 €',
	'Total du lot n° 2 19 832,31 €'
];
const PEOPLE_ROWS = [
	'Anne Martin CAE GAMMA 9 931,54 € +902,63 € 10 834,17 € 1 191,76 € 9 642,41 €',
	'Bruno Petit CAE GAMMA 6 941,91 € -277,68 € 6 664,23 € 733,07 € 5 931,16 €',
	'Chloé Durand CAE DELTA 15 623,86 € -624,95 € 14 998,91 € 1 349,90 € 13 649,01 €',
	'Total 32 497,31 € 0,00 € 32 497,31 € 3 274,73 € 29 222,58 €'
];

describe('répartition annex', () => {
	let docx: DocxParts;
	let docxText: string;
	let pdf: string;
	let pdfBytes: Uint8Array;

	beforeAll(async () => {
		docx = readDocx(await annexToDocx(annexFixture(false)));
		docxText = norm(docx.text('word/document.xml'));
		pdfBytes = await annexToPdf(annexFixture(false));
		pdf = norm((await pdfText(pdfBytes)).text);
	});

	it('formats amounts with formatEuros (French separators)', () => {
		expect(norm(formatEuros(1214013))).toBe('12 140,13 €');
	});

	it('DOCX: per lot, each member’s prestations and amounts, then the per-person split', () => {
		for (const row of LOT_ROWS) expect(docxText).toContain(row);
		expect(docxText).toContain('CAE GAMMA L1-1 Ateliers (Anne) 7 740,00 €');
		expect(docxText).toContain('CAE DELTA L2-1 Site (Chloé) 12 499,00 €');
		for (const row of PEOPLE_ROWS) expect(docxText).toContain(row);
		expect(docxText).toContain("Montant total de l'offre HT : 32 497,31 €");
		expect(docxText.indexOf('Total du lot n° 2')).toBeLessThan(docxText.indexOf('Répartition entre les personnes'));
		expect((docx.xml('word/document.xml').match(/<w:tbl>/g) ?? []).length).toBe(3);
	});

	it('PDF: the same amounts', () => {
		for (const row of LOT_ROWS) expect(pdf).toContain(row);
		expect(pdf).toContain('CAE GAMMA L1-1 Ateliers (Anne) 7 740,00 €');
		for (const row of PEOPLE_ROWS) expect(pdf).toContain(row);
		expect(pdf).toContain("Montant total de l'offre HT : 32 497,31 €");
	});

	it('marks drafts « BROUILLON », and only drafts', async () => {
		const draftDocx = readDocx(await annexToDocx(annexFixture(true)));
		expect(draftDocx.allText()).toContain('BROUILLON');
		expect(docx.allText()).not.toContain('BROUILLON');
		expect(norm((await pdfText(await annexToPdf(annexFixture(true)))).text)).toContain('BROUILLON');
		expect(pdf).not.toContain('BROUILLON');
	});

	it('is deterministic', async () => {
		expect(sha256Hex(await annexToPdf(annexFixture(false)))).toBe(sha256Hex(pdfBytes));
		const a = await annexToDocx(annexFixture(false));
		const b = await annexToDocx(annexFixture(false));
		expect(sha256Hex(a)).toBe(sha256Hex(b));
	});
});
