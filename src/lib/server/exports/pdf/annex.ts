/**
 * The répartition annex as PDF: per lot, each legal member's prestations and amounts (the DC1
 * « répartition des prestations »), then the per-person split table.
 */
import { cleanLine } from '../content';
import * as L from '../labels';
import type { AnnexInput } from '../model';
import { annexLots, lotTable, peopleTable } from '../tables';
import { renderPdf } from './frame';
import { pdfText } from './glyphs';
import type { PdfContent } from './pdfmake';
import { simpleTable } from './primitives';
import { DRAFT_COLOR } from './theme';

export async function annexToPdf(input: AnnexInput): Promise<Uint8Array> {
	const t = L.tenderLines(input.tender);
	const content: PdfContent[] = [];
	if (input.draft) content.push({ text: L.DRAFT_MARK, fontSize: 18, bold: true, color: DRAFT_COLOR, margin: [0, 0, 0, 8] });
	content.push(
		{ text: L.ANNEX_TITLE, style: 'title', fontSize: 20, margin: [0, 0, 0, 12] },
		{ text: pdfText(t.buyer), bold: true },
		{ text: pdfText(t.title) },
		{ text: pdfText(t.reference) },
		{ text: pdfText(L.offerTotalLine(input.totals.offerCents)), bold: true, margin: [0, 4, 0, 2] },
		{ text: pdfText(L.generatedLine(input.generatedAtLabel)), style: 'small', margin: [0, 0, 0, 8] },
		{ text: L.ANNEX_LOTS_TITLE, style: 'h1' },
		{ text: L.ANNEX_LOTS_INTRO, margin: [0, 0, 0, 6] }
	);
	for (const lot of annexLots(input)) {
		content.push(
			{ text: pdfText(L.annexLotTitle(lot)), style: 'h2', keepWithNext: true },
			simpleTable(lotTable(lot), { widths: ['25%', 'auto', '*', 'auto'], rightAligned: [3], fontSize: 9.5 })
		);
	}
	content.push(
		{ text: L.ANNEX_PEOPLE_TITLE, style: 'h1', pageBreak: 'before' },
		{ text: L.ANNEX_PEOPLE_INTRO, margin: [0, 0, 0, 6] },
		simpleTable(peopleTable(input), { widths: ['*', '*', 60, 60, 60, 60, 60], rightAligned: [2, 3, 4, 5, 6], fontSize: 8.5 })
	);
	const title = `${L.ANNEX_TITLE} — ${cleanLine(input.tender.reference)}`;
	return renderPdf({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, undefined),
		generatedAt: input.generatedAt,
		content
	});
}
