/**
 * The frame of every PDF export and its rendering to bytes: A4 page, metadata (title, a fixed
 * or given creation date, so the same input gives the same bytes), the « BROUILLON » header and
 * watermark on drafts, and a footer with the running label and « Page n / N ».
 */
import * as L from '../labels';
import { pdfText } from './glyphs';
import { pdfmake, type PdfContent, type PdfNode } from './pdfmake';
import { DRAFT_COLOR, MARGIN_X, STYLES } from './theme';

export interface FrameOptions {
	/** The file's title (metadata). */
	title: string;
	draft: boolean;
	/** Shown at the bottom left of every page, e.g. « Réf. X — Lot n° 1 ». */
	runningLabel: string;
	generatedAt: Date | undefined;
	content: PdfContent[];
}

/** The document in its frame, rendered to PDF bytes. */
export async function renderPdf(options: FrameOptions): Promise<Uint8Array> {
	const when = L.exportDate(options.generatedAt);
	const running = pdfText(options.runningLabel);
	const definition: PdfNode = {
		pageSize: 'A4',
		pageMargins: [MARGIN_X, 60, MARGIN_X, 56],
		info: { title: pdfText(options.title), author: 'Cotrait', creator: 'Cotrait', producer: 'Cotrait (pdfmake)', creationDate: when },
		language: 'fr-FR',
		defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
		styles: STYLES,
		header: options.draft
			? { text: L.DRAFT_NOTICE, alignment: 'center', bold: true, fontSize: 9, color: DRAFT_COLOR, margin: [MARGIN_X, 24, MARGIN_X, 0] }
			: undefined,
		footer: (currentPage: number, pageCount: number) => ({
			columns: [
				{ text: running, style: 'small' },
				{ text: `Page ${currentPage} / ${pageCount}`, alignment: 'right', style: 'small' }
			],
			margin: [MARGIN_X, 20, MARGIN_X, 0]
		}),
		content: options.content
	};
	if (options.draft) {
		definition.watermark = { text: L.DRAFT_MARK, color: DRAFT_COLOR, opacity: 0.12, bold: true };
	}
	const buffer = await pdfmake().createPdf(definition).getBuffer();
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
