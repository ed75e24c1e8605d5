/**
 * A section's content (the block model of ../content) as DOCX paragraphs and tables: runs with
 * their marks and links, headings one level below the section title, bullet and numbered lists
 * at any depth, quotes, code, rules, tables with spans and pictures (../image.ts) with their caption.
 */
import {
	BorderStyle,
	HeadingLevel,
	ImageRun,
	LineRuleType,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type ParagraphChild
} from 'docx';
import type { Block, ImageBlock, Inline, TableBlock } from '../content';
import { imageSize, missingImageLine } from '../image';
import { PX_PER_CM } from '../logo';
import type { DocxContext } from './context';
import { StableExternalHyperlink } from './ooxml';
import { CODE_FONT, CONTENT_WIDTH, GREY, HEADER_FILL, INDENT_STEP, QUOTE_INDENT, TOTAL_FILL } from './theme';

interface BlockPlace {
	/** Left indentation in twips (quotes, list continuation). */
	indent: number;
	/** Nesting depth of lists (0 outside lists). */
	listDepth: number;
	/** Inside a blockquote: paragraphs get a left border and italics. */
	quote: boolean;
	/** Inside a table cell: tighter spacing. */
	cell: boolean;
	/** Width of a table cell's text, in twips (pictures fit in it). */
	width?: number;
}

const TOP: BlockPlace = { indent: 0, listDepth: 0, quote: false, cell: false };
const IN_CELL: BlockPlace = { ...TOP, cell: true };

function runsOf(inlines: readonly Inline[], ctx: DocxContext, extra: { bold?: boolean; italics?: boolean } = {}): ParagraphChild[] {
	const out: ParagraphChild[] = [];
	for (const inline of inlines) {
		if (inline.kind === 'break') {
			out.push(new TextRun({ break: 1 }));
			continue;
		}
		const run = new TextRun({
			text: inline.text,
			bold: inline.bold || extra.bold || undefined,
			italics: inline.italic || extra.italics || undefined,
			strike: inline.strike || undefined,
			underline: inline.underline && !inline.href ? {} : undefined,
			font: inline.code ? CODE_FONT : undefined,
			shading: inline.code ? { type: ShadingType.CLEAR, fill: TOTAL_FILL, color: 'auto' } : undefined,
			style: inline.href ? 'Hyperlink' : undefined
		});
		out.push(inline.href ? new StableExternalHyperlink([run], inline.href, ctx.nextLinkId()) : run);
	}
	return out;
}

function quoteProps(place: BlockPlace) {
	return place.quote ? { border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'A6A6A6', space: 8 } } } : {};
}

function tableOf(table: TableBlock, place: BlockPlace, ctx: DocxContext): Table {
	const width = Math.max(CONTENT_WIDTH - place.indent, CONTENT_WIDTH / 2);
	const columnWidth = Math.floor(width / table.columns);
	const headerRow = table.rows[0]?.every((c) => c.header) ?? false;
	return new Table({
		width: { size: width, type: WidthType.DXA },
		columnWidths: Array.from({ length: table.columns }, () => columnWidth),
		indent: place.indent > 0 ? { size: place.indent, type: WidthType.DXA } : undefined,
		rows: table.rows.map(
			(cells, r) =>
				new TableRow({
					tableHeader: r === 0 && headerRow ? true : undefined,
					cantSplit: true,
					children: cells.map((cell) => {
						const place = { ...IN_CELL, width: columnWidth * cell.colSpan - 200 };
						const inner = cell.blocks.flatMap((b) => blockToDocx(b, place, ctx, { bold: cell.header }));
						return new TableCell({
							children: inner.length > 0 ? inner : [new Paragraph({})],
							columnSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
							rowSpan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
							width: { size: columnWidth * cell.colSpan, type: WidthType.DXA },
							shading: cell.header ? { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } : undefined,
							margins: { top: 60, bottom: 60, left: 100, right: 100 }
						});
					})
				})
		)
	});
}

function listToDocx(block: Extract<Block, { kind: 'list' }>, place: BlockPlace, ctx: DocxContext): (Paragraph | Table)[] {
	const out: (Paragraph | Table)[] = [];
	const level = Math.min(place.listDepth, 8);
	const reference = block.ordered ? `ordered-${block.start}` : 'bullets';
	if (block.ordered) ctx.orderedStarts.add(block.start);
	const instance = ctx.nextListInstance();
	const itemIndent = place.indent + INDENT_STEP * 1.5;
	const inner: BlockPlace = { indent: itemIndent, listDepth: place.listDepth + 1, quote: place.quote, cell: place.cell };
	block.items.forEach((item, index) => {
		const [first, ...rest] = item;
		// The last item of an outer list is followed by the usual paragraph spacing.
		const last = index === block.items.length - 1 && place.listDepth === 0 && !place.cell;
		const numbered = first && first.kind === 'paragraph' ? first : null;
		out.push(
			new Paragraph({
				children: numbered ? runsOf(numbered.inlines, ctx, { italics: place.quote }) : [],
				numbering: { reference, level, instance },
				indent: { left: itemIndent, hanging: INDENT_STEP },
				spacing: { after: last && (numbered ? rest : item).length === 0 ? 120 : 60 },
				...quoteProps(place)
			})
		);
		const following = numbered ? rest : item;
		for (const b of following) out.push(...blockToDocx(b, inner, ctx));
	});
	return out;
}

/** A picture at its size within the text's width, its alt text as the picture's description, its caption under it. */
function imageToDocx(block: ImageBlock, place: BlockPlace): Paragraph[] {
	const indent = place.indent > 0 ? { left: place.indent } : undefined;
	if (!block.image)
		return [new Paragraph({ indent, children: [new TextRun({ text: missingImageLine(block.alt), italics: true, color: GREY })] })];
	const twips = place.width ?? CONTENT_WIDTH - place.indent;
	const picture = new Paragraph({
		indent,
		keepNext: block.caption !== '',
		spacing: { after: block.caption ? 60 : 160 },
		children: [
			new ImageRun({
				type: block.image.type,
				data: block.image.bytes,
				// Twips to pixels at 96 dpi: 1 440 twips make an inch.
				transformation: imageSize(block.image, PX_PER_CM, (twips * 96) / 1440),
				altText: { name: 'Image', title: block.alt, description: block.alt }
			})
		]
	});
	if (!block.caption) return [picture];
	const caption = new Paragraph({
		indent,
		spacing: { after: 160 },
		children: [new TextRun({ text: block.caption, italics: true, size: 18, color: GREY })]
	});
	return [picture, caption];
}

function blockToDocx(block: Block, place: BlockPlace, ctx: DocxContext, extra: { bold?: boolean } = {}): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'paragraph':
			return [
				new Paragraph({
					children: runsOf(block.inlines, ctx, { bold: extra.bold, italics: place.quote }),
					indent: place.indent > 0 ? { left: place.indent } : undefined,
					spacing: place.cell ? { after: 40 } : place.listDepth > 0 ? { after: 60 } : undefined,
					...quoteProps(place)
				})
			];
		case 'heading': {
			const heading = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4][block.level - 1];
			return [new Paragraph({ heading, children: runsOf(block.inlines, ctx), keepNext: true })];
		}
		case 'list':
			return listToDocx(block, place, ctx);
		case 'quote': {
			const inner: BlockPlace = { ...place, indent: place.indent + QUOTE_INDENT, quote: true };
			return block.blocks.flatMap((b) => blockToDocx(b, inner, ctx));
		}
		case 'code': {
			const lines = block.text.split('\n');
			return [
				new Paragraph({
					indent: place.indent > 0 ? { left: place.indent } : undefined,
					shading: { type: ShadingType.CLEAR, fill: TOTAL_FILL, color: 'auto' },
					children: lines.map((line, i) => new TextRun({ text: line, font: CODE_FONT, size: 18, break: i > 0 ? 1 : undefined }))
				})
			];
		}
		case 'rule':
			return [
				new Paragraph({
					children: [],
					border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'A6A6A6', space: 1 } }
				})
			];
		case 'image':
			return imageToDocx(block, place);
		case 'table':
			// An empty paragraph after a table keeps two tables apart (and ends a cell properly).
			return [tableOf(block, place, ctx), new Paragraph({ children: [], spacing: { after: 0, line: 120, lineRule: LineRuleType.AUTO } })];
	}
}

/** A section's blocks, at the top level of the page. */
export function sectionToDocx(blocks: readonly Block[], ctx: DocxContext): (Paragraph | Table)[] {
	return blocks.flatMap((block) => blockToDocx(block, TOP, ctx));
}
