/**
 * Building blocks the DOCX documents are made of: a line of text, a centred title line, a
 * heading, a grey note, and a plain-text table with a shaded header row and shaded total rows.
 * A new document composes these (and ./cover.ts, ./blocks.ts) inside ./pack.ts's frame.
 */
import {
	AlignmentType,
	HeadingLevel,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type IParagraphOptions,
	type IRunOptions
} from 'docx';
import type { TextTable } from '../tables';
import { CONTENT_WIDTH, GREY, HEADER_FILL, TOTAL_FILL } from './theme';

/** One paragraph of one run of text. */
export function textLine(
	text: string,
	run: Omit<IRunOptions, 'text'> = {},
	paragraph: Omit<IParagraphOptions, 'children'> = {}
): Paragraph {
	return new Paragraph({ ...paragraph, children: [new TextRun({ ...run, text })] });
}

/** A small grey line (generation date, hints). */
export function note(text: string): Paragraph {
	return textLine(text, { color: GREY, size: 18 });
}

/** A document-level heading (Heading 1 or 2), optionally starting a new page. */
export function heading(level: 1 | 2, text: string, options: { pageBreakBefore?: boolean } = {}): Paragraph {
	return new Paragraph({
		heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
		...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
		children: [new TextRun(text)]
	});
}

export function centered(
	text: string,
	options: { size?: number; bold?: boolean; color?: string; after?: number; before?: number } = {}
): Paragraph {
	return new Paragraph({
		alignment: AlignmentType.CENTER,
		spacing: { before: options.before ?? 0, after: options.after ?? 120 },
		children: [new TextRun({ text, size: options.size, bold: options.bold || undefined, color: options.color })]
	});
}

function shadedCell(
	text: string,
	options: { fill?: string; bold?: boolean; align?: 'left' | 'right'; width: number; size?: number }
): TableCell {
	return new TableCell({
		children: [
			new Paragraph({
				alignment: options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
				spacing: { after: 0 },
				children: [new TextRun({ text, bold: options.bold || undefined, size: options.size })]
			})
		],
		width: { size: options.width, type: WidthType.DXA },
		shading: options.fill ? { type: ShadingType.CLEAR, fill: options.fill, color: 'auto' } : undefined,
		margins: { top: 60, bottom: 60, left: 100, right: 100 }
	});
}

/**
 * A table of plain text across the page with a shaded header row; the body rows listed in
 * `totalRows` are shaded and bold. `widths` are relative column widths.
 */
export function simpleTable(
	table: TextTable,
	options: { widths: readonly number[]; rightAligned?: readonly number[]; size?: number }
): Table {
	const scale = CONTENT_WIDTH / options.widths.reduce((a, b) => a + b, 0);
	const widths = options.widths.map((w) => Math.floor(w * scale));
	const right = new Set(options.rightAligned ?? []);
	const totals = new Set(table.totalRows);
	const row = (cells: readonly string[], r: number | 'header') =>
		new TableRow({
			tableHeader: r === 'header' ? true : undefined,
			cantSplit: true,
			children: cells.map((text, c) =>
				shadedCell(text, {
					width: widths[c] ?? widths[0]!,
					fill: r === 'header' ? HEADER_FILL : totals.has(r) ? TOTAL_FILL : undefined,
					bold: r === 'header' || totals.has(r as number),
					align: right.has(c) ? 'right' : 'left',
					size: options.size
				})
			)
		});
	return new Table({
		width: { size: CONTENT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		rows: [row(table.headers, 'header'), ...table.rows.map((cells, r) => row(cells, r))]
	});
}
