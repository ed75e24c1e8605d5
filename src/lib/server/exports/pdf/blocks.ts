/**
 * A section's content (the block model of ../content) as pdfmake content: styled text runs and
 * links, headings one level below the section title, lists, quotes with a bar, code boxes,
 * rules and tables with spans.
 */
import type { Block, Inline, TableBlock } from '../content';
import { pdfText } from './glyphs';
import type { PdfContent, PdfNode } from './pdfmake';
import { CODE_LAYOUT, HEADER_FILL, LINK_COLOR, QUOTE_LAYOUT, RULE_LAYOUT, TABLE_LAYOUT, TOTAL_FILL } from './theme';

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
}

function paragraphToPdf(inlines: readonly Inline[], place: PdfPlace): PdfNode {
	// An empty paragraph keeps its line, as in the editor.
	return {
		text: inlines.length > 0 ? inlinesToPdf(inlines, { bold: place.bold }) : ' ',
		margin: [0, 0, 0, place.cell ? 2 : place.inList ? 3 : 6]
	};
}

function tableToPdf(table: TableBlock): PdfNode {
	const body: PdfContent[][] = table.rows.map(() => Array.from({ length: table.columns }, () => ({ text: '' })));
	table.rows.forEach((cells, r) => {
		for (const cell of cells) {
			const node: PdfNode = { stack: cell.blocks.map((b) => blockToPdf(b, { bold: cell.header, cell: true })) };
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
	switch (block.kind) {
		case 'paragraph':
			return paragraphToPdf(block.inlines, place);
		case 'heading':
			return { text: inlinesToPdf(block.inlines), style: `h${block.level + 1}` };
		case 'list': {
			const inner: PdfPlace = { cell: place.cell, inList: true };
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
					body: [[{ stack: block.blocks.map((b) => blockToPdf(b, { cell: place.cell })), italics: true, color: '#404040' }]]
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
			return tableToPdf(block);
	}
}

/** A section's blocks, at the top level of the page. */
export function sectionToPdf(blocks: readonly Block[]): PdfContent[] {
	return blocks.map((block) => blockToPdf(block));
}
