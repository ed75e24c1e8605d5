/**
 * A buyer's form (DC1, DC2, ATTRI1) as PDF: a title block (the form's name, what this copy is
 * about, the consultation's reference, when Cotrait wrote it), then the form's parts through the
 * shared section blocks, in the common frame (« BROUILLON » header and watermark on drafts,
 * « Page n / N » in the footer).
 */
import { cleanLine, readSection } from '../content';
import * as L from '../labels';
import type { FormExportInput } from '../model';
import { sectionToPdf } from './blocks';
import { renderPdf } from './frame';
import { pdfText } from './glyphs';
import type { PdfContent } from './pdfmake';
import { DRAFT_COLOR } from './theme';

function keepRowsWhole(node: PdfContent): PdfContent {
	if (typeof node === 'object' && !Array.isArray(node) && node.table && typeof node.table === 'object')
		return { ...node, table: { ...node.table, dontBreakRows: true } };
	return node;
}

export async function formToPdf(input: FormExportInput): Promise<Uint8Array> {
	const content: PdfContent[] = [];
	if (input.draft) content.push({ text: L.DRAFT_MARK, fontSize: 16, bold: true, color: DRAFT_COLOR, margin: [0, 0, 0, 6] });
	content.push(
		{ text: pdfText(cleanLine(input.title)), style: 'title', fontSize: 18, margin: [0, 0, 0, 4] },
		{ text: pdfText(cleanLine(input.subtitle)), bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
		{ text: pdfText(L.labelled('Référence de la consultation', input.reference)) },
		{ text: pdfText(L.formMadeWithLine(input.generatedAtLabel)), style: 'small', margin: [0, 2, 0, 6] }
	);
	// A form's rows are short: none is cut across two pages (the mémoire's may be page-long).
	for (const node of sectionToPdf(readSection(input.doc))) content.push(keepRowsWhole(node));
	return renderPdf({
		title: `${cleanLine(input.title)} — ${cleanLine(input.reference)}`,
		draft: input.draft,
		runningLabel: L.formRunningLabel(input.reference, input.subtitle),
		generatedAt: input.generatedAt,
		content
	});
}
