/**
 * A section's content (the block model of ../content) as pdfmake content: styled text runs and
 * links, headings one level below the section title, lists, quotes with a bar, code boxes,
 * rules, tables with spans and pictures (../image.ts) with their caption.
 */
import type { Block, ImageBlock, Inline, TableBlock } from '../content';
import { imageSize, missingImageLine } from '../image';
import { PT_PER_CM } from '../logo';
import { pdfText } from './glyphs';
import type { PdfContent, PdfNode } from './pdfmake';
import { CODE_LAYOUT, GREY, HEADER_FILL, LINK_COLOR, MARGIN_X, QUOTE_LAYOUT, RULE_LAYOUT, TABLE_LAYOUT, TOTAL_FILL } from './theme';

/** Width of the text on an A4 page (595.28 pt) between the margins, in points. */
const TEXT_WIDTH = 595.28 - 2 * MARGIN_X;

function inlinesToPdf(inlines: readonly Inline[], extra: { bold?: boolean; italics?: boolean } = {}): PdfNode[] {
	const out: PdfNode[] = [];
	for (const inline of inlines) {
		if (inline.kind === 'break') {
			out.push({ text: '\n' });
			continue;
		}
		const decoration: string[] = [];
		if (inline.underline || inline.href) decoration.push('underline');
		if (inline.strike) decoration.push('lineThrough');
		const node: PdfNode = { text: pdfText(inline.text) };
		if (inline.bold || extra.bold) node.bold = true;
		if (inline.italic || extra.italics) node.italics = true;
		if (decoration.length > 0) node.decoration = decoration;
		if (inline.code) node.background = TOTAL_FILL;
		if (inline.href) {
			node.link = inline.href;
			node.color = LINK_COLOR;
		}
		out.push(node);
	}
	return out;
}

/** Where a block sits: table cells and list items get tighter spacing. */
interface PdfPlace {
	bold?: boolean;
	/** Inside a table cell. */
	cell?: boolean;
	/** Inside a list item. */
	inList?: boolean;
	/** Width available to the block, in points (pictures fit in it); the page's text width when absent. */
	width?: number;
}

/** A picture at its size within the width available (pdfmake reads it from a data URL), its caption under it. */
function imageToPdf(block: ImageBlock, place: PdfPlace): PdfContent {
	if (!block.image) return { text: pdfText(missingImageLine(block.alt)), italics: true, color: GREY, margin: [0, 0, 0, 6] };
	const mime = block.image.type === 'png' ? 'image/png' : 'image/jpeg';
	const picture: PdfNode = {
		image: `data:${mime};base64,${Buffer.from(block.image.bytes).toString('base64')}`,
		...imageSize(block.image, PT_PER_CM, place.width ?? TEXT_WIDTH),
		margin: [0, 2, 0, block.caption ? 3 : 8]
	};
	if (!block.caption) return picture;
	return {
		stack: [picture, { text: pdfText(block.caption), italics: true, fontSize: 9, color: GREY, margin: [0, 0, 0, 8] }],
		unbreakable: true
	};
}

function paragraphToPdf(inlines: readonly Inline[], place: PdfPlace): PdfNode {
	// An empty paragraph keeps its line, as in the editor.
	return {
		text: inlines.length > 0 ? inlinesToPdf(inlines, { bold: place.bold }) : ' ',
		margin: [0, 0, 0, place.cell ? 2 : place.inList ? 3 : 6]
	};
}

function tableToPdf(table: TableBlock, width: number): PdfNode {
	const body: PdfContent[][] = table.rows.map(() => Array.from({ length: table.columns }, () => ({ text: '' })));
	table.rows.forEach((cells, r) => {
		for (const cell of cells) {
			const inner: PdfPlace = { bold: cell.header, cell: true, width: (width / table.columns) * cell.colSpan - 10 };
			const node: PdfNode = { stack: cell.blocks.map((b) => blockToPdf(b, inner)) };
			if (cell.colSpan > 1) node.colSpan = cell.colSpan;
			if (cell.rowSpan > 1) node.rowSpan = cell.rowSpan;
			if (cell.header) node.fillColor = HEADER_FILL;
			body[r]![cell.column] = node;
		}
	});
	const headerRow = table.rows.length > 1 && (table.rows[0]?.every((c) => c.header) ?? false);
	return {
		table: { widths: Array.from({ length: table.columns }, () => '*'), headerRows: headerRow ? 1 : 0, body },
		layout: TABLE_LAYOUT,
		margin: [0, 2, 0, 8]
	};
}

function blockToPdf(block: Block, place: PdfPlace = {}): PdfContent {
	const width = place.width ?? TEXT_WIDTH;
	switch (block.kind) {
		case 'paragraph':
			return paragraphToPdf(block.inlines, place);
		case 'heading':
			return { text: inlinesToPdf(block.inlines), style: `h${block.level + 1}` };
		case 'list': {
			const inner: PdfPlace = { cell: place.cell, inList: true, width: width - 16 };
			const items = block.items.map((item) => {
				const blocks = item.map((b) => blockToPdf(b, inner));
				return blocks.length === 1 ? blocks[0]! : { stack: blocks.length > 0 ? blocks : [' '] };
			});
			const margin = [0, 0, 0, place.inList || place.cell ? 0 : 4];
			return block.ordered ? { ol: items, start: block.start, margin } : { ul: items, margin };
		}
		case 'quote':
			return {
				table: {
					widths: ['*'],
					body: [
						[{ stack: block.blocks.map((b) => blockToPdf(b, { cell: place.cell, width: width - 12 })), italics: true, color: '#404040' }]
					]
				},
				layout: QUOTE_LAYOUT,
				margin: [0, 2, 0, 8]
			};
		case 'code':
			return {
				table: { widths: ['*'], body: [[{ text: pdfText(block.text) || ' ', fontSize: 9, preserveLeadingSpaces: true }]] },
				layout: CODE_LAYOUT,
				margin: [0, 2, 0, 8]
			};
		case 'rule':
			return { table: { widths: ['*'], body: [[{ text: '', fontSize: 1 }]] }, layout: RULE_LAYOUT, margin: [0, 6, 0, 6] };
		case 'table':
			return tableToPdf(block, width);
		case 'image':
			return imageToPdf(block, place);
	}
}

/** A section's blocks, at the top level of the page. */
export function sectionToPdf(blocks: readonly Block[]): PdfContent[] {
	return blocks.map((block) => blockToPdf(block));
}
