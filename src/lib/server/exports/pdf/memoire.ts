/**
 * The mémoire technique as PDF: cover page, « Sommaire » (pdfmake table of contents with page
 * numbers), then every section with its content. A « BROUILLON » watermark and header on every
 * page when `draft`; page numbers in the footer.
 */
import { cleanLine, readSection } from '../content';
import * as L from '../labels';
import type { MemoireInput } from '../model';
import { sectionToPdf } from './blocks';
import { coverOf } from './cover';
import { renderPdf } from './frame';
import { pdfText } from './glyphs';
import type { PdfContent, PdfNode } from './pdfmake';
import { GREY } from './theme';

export async function memoireToPdf(input: MemoireInput): Promise<Uint8Array> {
	const sections = Array.isArray(input.sections) ? input.sections : [];
	const content: PdfContent[] = [...coverOf(input, L.MEMOIRE_TITLE)];
	content.push({
		toc: { title: { text: L.TOC_TITLE, style: 'tocTitle' }, numberStyle: { bold: false } },
		pageBreak: 'before'
	});
	sections.forEach((section, i) => {
		const title = cleanLine(section.title).trim() || `Section ${i + 1}`;
		const heading: PdfNode = { text: pdfText(title), style: 'h1', tocItem: true, tocMargin: [0, 2, 0, 2] };
		if (i === 0) heading.pageBreak = 'before';
		content.push(heading);
		const blocks = readSection(section.doc, input.images ?? {});
		if (blocks.length === 0) content.push({ text: L.EMPTY_SECTION, italics: true, color: GREY });
		// One push per block: a spread of a long section's blocks could pass the arguments limit.
		for (const node of sectionToPdf(blocks)) content.push(node);
	});
	const title = `${L.MEMOIRE_TITLE} — ${cleanLine(input.tender.reference)} — ${L.shortLotLabel(input.lot)}`;
	return renderPdf({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, input.lot),
		generatedAt: input.generatedAt,
		content
	});
}
