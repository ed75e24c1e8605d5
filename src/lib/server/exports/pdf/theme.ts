/**
 * The PDF exports' look, shared by every document: colours, page margin, the named text styles
 * (headings, title, small print) and the table layouts (grid, quote bar, code box, rule).
 */
import type { PdfNode } from './pdfmake';

export const ACCENT = '#1f3864';
export const GREY = '#7f7f7f';
export const DRAFT_COLOR = '#c00000';
export const HEADER_FILL = '#d9e2f3';
export const TOTAL_FILL = '#f2f2f2';
export const LINK_COLOR = '#1155cc';
export const MARGIN_X = 56;

export const STYLES: PdfNode = {
	h1: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 14, 0, 8] },
	h2: { fontSize: 14, bold: true, color: ACCENT, margin: [0, 10, 0, 6] },
	h3: { fontSize: 12, bold: true, color: ACCENT, margin: [0, 8, 0, 4] },
	h4: { fontSize: 11, bold: true, italics: true, color: ACCENT, margin: [0, 6, 0, 4] },
	title: { fontSize: 26, bold: true, color: ACCENT },
	tocTitle: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 0, 0, 12] },
	small: { fontSize: 8, color: GREY },
	tableHeader: { bold: true }
};

export const TABLE_LAYOUT: PdfNode = {
	hLineWidth: () => 0.5,
	vLineWidth: () => 0.5,
	hLineColor: () => '#bfbfbf',
	vLineColor: () => '#bfbfbf',
	paddingLeft: () => 5,
	paddingRight: () => 5,
	paddingTop: () => 3,
	paddingBottom: () => 3
};

export const QUOTE_LAYOUT: PdfNode = {
	hLineWidth: () => 0,
	vLineWidth: (i: number) => (i === 0 ? 2 : 0),
	vLineColor: () => '#a6a6a6',
	paddingLeft: () => 10,
	paddingRight: () => 0,
	paddingTop: () => 0,
	paddingBottom: () => 0
};

export const CODE_LAYOUT: PdfNode = {
	hLineWidth: () => 0,
	vLineWidth: () => 0,
	fillColor: () => TOTAL_FILL,
	paddingLeft: () => 6,
	paddingRight: () => 6,
	paddingTop: () => 4,
	paddingBottom: () => 4
};

export const RULE_LAYOUT: PdfNode = {
	hLineWidth: (i: number) => (i === 0 ? 0.5 : 0),
	vLineWidth: () => 0,
	hLineColor: () => '#a6a6a6',
	paddingTop: () => 0,
	paddingBottom: () => 0
};
