/**
 * The frame of every DOCX export and its packing into bytes: A4 page, running header (or the
 * « BROUILLON » notice on drafts), « Page n / N » footer, styles and numbering, then the ZIP.
 *
 * Determinism: `docx` stamps the current time in docProps/core.xml and in the ZIP entries. Here
 * core.xml is written from `generatedAt` (or a fixed date) and ZIP timestamps are rewritten, so
 * the same input gives the same bytes (hyperlink ids: see ./ooxml.ts).
 */
import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, TextRun, type Table } from 'docx';
import * as L from '../labels';
import { normalizeZipTimestamps } from '../zip';
import type { DocxContext } from './context';
import { documentNumbering, documentStyles } from './styles';
import { DRAFT_COLOR, FOOTER_STYLE, GREY, PAGE } from './theme';

function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** docProps/core.xml with fixed dates (replaces the one `docx` stamps with the current time). */
function coreXml(title: string, when: Date): string {
	const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
	return (
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
		'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
		'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
		'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<dc:title>${escapeXml(title)}</dc:title><dc:creator>Cotrait</dc:creator>` +
		'<cp:lastModifiedBy>Cotrait</cp:lastModifiedBy><cp:revision>1</cp:revision>' +
		`<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
		'</cp:coreProperties>'
	);
}

export interface FrameOptions {
	/** The file's title (metadata). */
	title: string;
	draft: boolean;
	/** Shown at the top right of every page of a final document, e.g. « Réf. X — Lot n° 1 ». */
	runningLabel: string;
	generatedAt: Date | undefined;
	children: (Paragraph | Table)[];
	ctx: DocxContext;
	/** Asks the reader to update the fields on open (a table of contents gets its page numbers). */
	updateFieldsOnOpen?: boolean;
}

/** The document in its frame, packed to deterministic DOCX bytes. */
export async function pack(options: FrameOptions): Promise<Uint8Array> {
	const { ctx } = options;
	const headerChildren = options.draft
		? [
				new Paragraph({
					alignment: AlignmentType.CENTER,
					children: [new TextRun({ text: L.DRAFT_NOTICE, bold: true, color: DRAFT_COLOR, size: 20 })]
				})
			]
		: [
				new Paragraph({
					alignment: AlignmentType.RIGHT,
					children: [new TextRun({ text: options.runningLabel, color: GREY, size: 16 })]
				})
			];
	const doc = new Document({
		title: options.title,
		creator: 'Cotrait',
		...(options.updateFieldsOnOpen ? { features: { updateFields: true } } : {}),
		styles: documentStyles(),
		numbering: documentNumbering(ctx),
		sections: [
			{
				properties: {
					page: {
						size: { width: PAGE.width, height: PAGE.height },
						margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 }
					}
				},
				headers: { default: new Header({ children: headerChildren }) },
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.RIGHT,
								// Size and colour come from the style, so the page-number fields get them too.
								style: FOOTER_STYLE,
								children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })]
							})
						]
					})
				},
				children: options.children
			}
		]
	});
	const when = L.exportDate(options.generatedAt);
	const bytes = await Packer.pack(doc, 'uint8array', false, [{ path: 'docProps/core.xml', data: coreXml(options.title, when) }]);
	return normalizeZipTimestamps(bytes, when);
}
