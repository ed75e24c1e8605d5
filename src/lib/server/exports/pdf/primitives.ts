/**
 * Building blocks the PDF documents are made of: a plain-text table with a shaded header row
 * and shaded total rows. Other lines are pdfmake text nodes with a style of ./theme.ts; text
 * always goes through pdfText (./glyphs.ts). A new document composes these (and ./cover.ts,
 * ./blocks.ts) inside ./frame.ts's frame.
 */
import type { TextTable } from '../tables';
import { pdfText } from './glyphs';
import type { PdfNode } from './pdfmake';
import { HEADER_FILL, TABLE_LAYOUT, TOTAL_FILL } from './theme';

/**
 * A table of plain text with a shaded header row (repeated on each page); the body rows listed
 * in `totalRows` are shaded and bold. `widths` are pdfmake widths (points, '*', 'auto', '30%').
 */
export function simpleTable(
	table: TextTable,
	options: { widths: readonly (number | string)[]; rightAligned?: readonly number[]; fontSize?: number }
): PdfNode {
	const right = new Set(options.rightAligned ?? []);
	const totals = new Set(table.totalRows);
	const cell = (text: string, c: number, kind: 'header' | 'total' | 'body'): PdfNode => {
		const node: PdfNode = { text: pdfText(text) };
		if (right.has(c)) node.alignment = 'right';
		if (kind !== 'body') node.bold = true;
		if (kind === 'header') node.fillColor = HEADER_FILL;
		if (kind === 'total') node.fillColor = TOTAL_FILL;
		return node;
	};
	return {
		table: {
			headerRows: 1,
			dontBreakRows: true,
			widths: options.widths,
			body: [
				table.headers.map((h, c) => cell(h, c, 'header')),
				...table.rows.map((cells, r) => cells.map((text, c) => cell(text, c, totals.has(r) ? 'total' : 'body')))
			]
		},
		layout: TABLE_LAYOUT,
		fontSize: options.fontSize,
		margin: [0, 4, 0, 10]
	};
}
