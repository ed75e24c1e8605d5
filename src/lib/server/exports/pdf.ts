/**
 * PDF exports (mémoire technique and répartition annex) with pdfmake 0.3, in pure JavaScript.
 *
 * Fonts: the Roboto TTF files shipped in `pdfmake/fonts/Roboto/` are read once from
 * node_modules (located with `require.resolve`, so it works from the Vite build and from the
 * tests) and put into pdfmake's virtual file system; network and local-file access by pdfmake
 * are then denied. Roboto lacks a few glyphs French text uses (U+202F, the narrow no-break
 * space `Intl` puts in amounts), so text is mapped to glyphs it has (see {@link pdfText}).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatEuros } from '$lib/domain/money';
import { cleanLine, readSection, type Block, type Inline, type TableBlock } from './content';
import * as L from './labels';
import type { AnnexInput, MemoireInput } from './model';

// ---------------------------------------------------------------- pdfmake, typed as used here

/** A pdfmake content node (document definition objects are plain data). */
type PdfContent = string | PdfNode | PdfContent[];
interface PdfNode {
	[key: string]: unknown;
}

interface PdfMakeServer {
	virtualfs: { writeFileSync(name: string, content: Buffer): void };
	setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
	setUrlAccessPolicy(callback: (url: string) => boolean): void;
	setLocalAccessPolicy(callback: (path: string) => boolean): void;
	createPdf(definition: PdfNode): { getBuffer(): Promise<Buffer> };
}

const FONT_FILES = {
	normal: 'Roboto-Regular.ttf',
	bold: 'Roboto-Medium.ttf',
	italics: 'Roboto-Italic.ttf',
	bolditalics: 'Roboto-MediumItalic.ttf'
} as const;
/** Prefix of the font files in pdfmake's virtual file system. */
const VFS_PREFIX = 'cotrait-fonts-';

let pdfmakeInstance: PdfMakeServer | null = null;

/** pdfmake's server singleton, with the Roboto fonts loaded and every outside access denied. */
function pdfmake(): PdfMakeServer {
	if (pdfmakeInstance) return pdfmakeInstance;
	const require = createRequire(import.meta.url);
	const instance = require('pdfmake') as PdfMakeServer;
	const fonts = { normal: '', bold: '', italics: '', bolditalics: '' };
	for (const [style, file] of Object.entries(FONT_FILES) as [keyof typeof FONT_FILES, string][]) {
		const name = VFS_PREFIX + file;
		instance.virtualfs.writeFileSync(name, readFileSync(require.resolve(`pdfmake/fonts/Roboto/${file}`)));
		fonts[style] = name;
	}
	instance.setFonts({ Roboto: fonts });
	instance.setUrlAccessPolicy(() => false);
	instance.setLocalAccessPolicy(() => false);
	pdfmakeInstance = instance;
	return instance;
}

// ---------------------------------------------------------------- text and style

/** Characters Roboto has no glyph for, mapped to ones it has (or dropped: zero-width, bidi controls). */
const GLYPH_MAP: Record<string, string> = {
	'\u202F': '\u00A0',
	'\u2012': '\u2013',
	'\u2028': '\n',
	'\u2029': '\n',
	'\u2192': '->'
};
const UNSUPPORTED = /[\u202F\u2012\u2028\u2029\u2192]|[\u200C-\u200F\u202A-\u202E\u2060-\u206F]/g;

/** Text as Roboto can draw it. */
export function pdfText(text: string): string {
	return text.replace(UNSUPPORTED, (c) => GLYPH_MAP[c] ?? '');
}

const ACCENT = '#1f3864';
const GREY = '#7f7f7f';
const DRAFT_COLOR = '#c00000';
const HEADER_FILL = '#d9e2f3';
const TOTAL_FILL = '#f2f2f2';
const LINK_COLOR = '#1155cc';
const MARGIN_X = 56;

const STYLES: PdfNode = {
	h1: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 14, 0, 8] },
	h2: { fontSize: 14, bold: true, color: ACCENT, margin: [0, 10, 0, 6] },
	h3: { fontSize: 12, bold: true, color: ACCENT, margin: [0, 8, 0, 4] },
	h4: { fontSize: 11, bold: true, italics: true, color: ACCENT, margin: [0, 6, 0, 4] },
	title: { fontSize: 26, bold: true, color: ACCENT },
	tocTitle: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 0, 0, 12] },
	small: { fontSize: 8, color: GREY },
	tableHeader: { bold: true }
};

const TABLE_LAYOUT: PdfNode = {
	hLineWidth: () => 0.5,
	vLineWidth: () => 0.5,
	hLineColor: () => '#bfbfbf',
	vLineColor: () => '#bfbfbf',
	paddingLeft: () => 5,
	paddingRight: () => 5,
	paddingTop: () => 3,
	paddingBottom: () => 3
};

const QUOTE_LAYOUT: PdfNode = {
	hLineWidth: () => 0,
	vLineWidth: (i: number) => (i === 0 ? 2 : 0),
	vLineColor: () => '#a6a6a6',
	paddingLeft: () => 10,
	paddingRight: () => 0,
	paddingTop: () => 0,
	paddingBottom: () => 0
};

const CODE_LAYOUT: PdfNode = {
	hLineWidth: () => 0,
	vLineWidth: () => 0,
	fillColor: () => TOTAL_FILL,
	paddingLeft: () => 6,
	paddingRight: () => 6,
	paddingTop: () => 4,
	paddingBottom: () => 4
};

const RULE_LAYOUT: PdfNode = {
	hLineWidth: (i: number) => (i === 0 ? 0.5 : 0),
	vLineWidth: () => 0,
	hLineColor: () => '#a6a6a6',
	paddingTop: () => 0,
	paddingBottom: () => 0
};

// ---------------------------------------------------------------- content

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

// ---------------------------------------------------------------- frame

interface FrameOptions {
	title: string;
	draft: boolean;
	runningLabel: string;
	generatedAt: Date | undefined;
	content: PdfContent[];
}

async function render(options: FrameOptions): Promise<Uint8Array> {
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

function simpleTable(
	headers: readonly string[],
	rows: readonly (readonly string[])[],
	options: { widths: readonly (number | string)[]; rightAligned?: readonly number[]; totalRows?: readonly number[]; fontSize?: number }
): PdfNode {
	const right = new Set(options.rightAligned ?? []);
	const totals = new Set(options.totalRows ?? []);
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
				headers.map((h, c) => cell(h, c, 'header')),
				...rows.map((cells, r) => cells.map((text, c) => cell(text, c, totals.has(r) ? 'total' : 'body')))
			]
		},
		layout: TABLE_LAYOUT,
		fontSize: options.fontSize,
		margin: [0, 4, 0, 10]
	};
}

// ---------------------------------------------------------------- mémoire

function coverOf(input: MemoireInput): PdfContent[] {
	const t = L.tenderLines(input.tender);
	const out: PdfContent[] = [];
	if (input.draft)
		out.push({ text: L.DRAFT_MARK, alignment: 'center', fontSize: 22, bold: true, color: DRAFT_COLOR, margin: [0, 0, 0, 12] });
	const members = Array.isArray(input.group.members) ? input.group.members : [];
	out.push(
		{ text: pdfText(t.buyer), alignment: 'center', fontSize: 15, bold: true, margin: [0, input.draft ? 10 : 40, 0, 16] },
		{ text: pdfText(t.title), alignment: 'center', fontSize: 17, bold: true, color: ACCENT, margin: [0, 0, 0, 8] },
		{ text: pdfText(t.reference), alignment: 'center', margin: [0, 0, 0, 8] },
		{ text: pdfText(L.lotLabel(input.lot)), alignment: 'center', fontSize: 13, bold: true, margin: [0, 0, 0, 44] },
		{ text: L.MEMOIRE_TITLE, style: 'title', alignment: 'center', margin: [0, 0, 0, 44] },
		{ text: pdfText(L.labelled('Forme du groupement', input.group.formLabel)), margin: [0, 0, 0, 4] },
		{ text: pdfText(L.labelled('Mandataire', input.group.mandataireName)), bold: true, margin: [0, 0, 0, 8] },
		simpleTable(
			L.MEMBER_TABLE_HEADERS,
			members.map((m) => [cleanLine(m.organisationName), L.peopleLabel(m), L.roleLabel(m)]),
			{ widths: ['30%', '*', 'auto'] }
		),
		{ text: pdfText(t.dlro), bold: true, margin: [0, 16, 0, 4] },
		{ text: pdfText(L.generatedLine(input.generatedAtLabel)), style: 'small' }
	);
	return out;
}

/**
 * The mémoire technique as PDF: cover page, « Sommaire » (pdfmake table of contents with page
 * numbers), then every section with its content. A « BROUILLON » watermark and header on every
 * page when `draft`; page numbers in the footer.
 */
export async function memoireToPdf(input: MemoireInput): Promise<Uint8Array> {
	const sections = Array.isArray(input.sections) ? input.sections : [];
	const content: PdfContent[] = [...coverOf(input)];
	content.push({
		toc: { title: { text: L.TOC_TITLE, style: 'tocTitle' }, numberStyle: { bold: false } },
		pageBreak: 'before'
	});
	sections.forEach((section, i) => {
		const title = cleanLine(section.title).trim() || `Section ${i + 1}`;
		const heading: PdfNode = { text: pdfText(title), style: 'h1', tocItem: true, tocMargin: [0, 2, 0, 2] };
		if (i === 0) heading.pageBreak = 'before';
		content.push(heading);
		const blocks = readSection(section.doc);
		if (blocks.length === 0) content.push({ text: L.EMPTY_SECTION, italics: true, color: GREY });
		for (const block of blocks) content.push(blockToPdf(block));
	});
	const title = `${L.MEMOIRE_TITLE} — ${cleanLine(input.tender.reference)} — ${L.shortLotLabel(input.lot)}`;
	return render({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, input.lot),
		generatedAt: input.generatedAt,
		content
	});
}

// ---------------------------------------------------------------- annex

/**
 * The répartition annex as PDF: per lot, each legal member's prestations and amounts (the DC1
 * « répartition des prestations »), then the per-person split table.
 */
export async function annexToPdf(input: AnnexInput): Promise<Uint8Array> {
	const t = L.tenderLines(input.tender);
	const content: PdfContent[] = [];
	if (input.draft) content.push({ text: L.DRAFT_MARK, fontSize: 18, bold: true, color: DRAFT_COLOR, margin: [0, 0, 0, 8] });
	content.push(
		{ text: L.ANNEX_TITLE, style: 'title', fontSize: 20, margin: [0, 0, 0, 12] },
		{ text: pdfText(t.buyer), bold: true },
		{ text: pdfText(t.title) },
		{ text: pdfText(t.reference) },
		{ text: pdfText(L.offerTotalLine(input.totals.offerCents)), bold: true, margin: [0, 4, 0, 2] },
		{ text: pdfText(L.generatedLine(input.generatedAtLabel)), style: 'small', margin: [0, 0, 0, 8] },
		{ text: L.ANNEX_LOTS_TITLE, style: 'h1' },
		{ text: L.ANNEX_LOTS_INTRO, margin: [0, 0, 0, 6] }
	);
	for (const lot of Array.isArray(input.lots) ? input.lots : []) {
		const rows: string[][] = [];
		const totalRows: number[] = [];
		for (const member of lot.members) {
			member.lines.forEach((line, i) => {
				rows.push([
					i === 0 ? cleanLine(member.organisationName) : '',
					cleanLine(line.code),
					cleanLine(line.label),
					formatEuros(line.amountCents)
				]);
			});
			totalRows.push(rows.length);
			rows.push([L.memberSubtotalLabel(member.organisationName), '', '', formatEuros(member.totalCents)]);
		}
		totalRows.push(rows.length);
		rows.push([L.lotTotalLabel(lot.number), '', '', formatEuros(lot.totalCents)]);
		content.push(
			{ text: pdfText(L.annexLotTitle(lot)), style: 'h2', keepWithNext: true },
			simpleTable(L.ANNEX_LINE_HEADERS, rows, { widths: ['25%', 'auto', '*', 'auto'], rightAligned: [3], totalRows, fontSize: 9.5 })
		);
	}
	const people = Array.isArray(input.people) ? input.people : [];
	const personRows = people.map((p) => [
		cleanLine(p.name),
		cleanLine(p.organisationName),
		formatEuros(p.grossCents),
		L.feeLabel(p),
		formatEuros(p.baseCents),
		formatEuros(p.contributionCents),
		formatEuros(p.netCents)
	]);
	personRows.push([
		L.TOTAL,
		'',
		formatEuros(input.totals.offerCents),
		formatEuros(L.sumFees(people)),
		formatEuros(input.totals.offerCents),
		formatEuros(input.totals.contributionCents),
		formatEuros(input.totals.netCents)
	]);
	content.push(
		{ text: L.ANNEX_PEOPLE_TITLE, style: 'h1', pageBreak: 'before' },
		{ text: L.ANNEX_PEOPLE_INTRO, margin: [0, 0, 0, 6] },
		simpleTable(L.ANNEX_PEOPLE_HEADERS, personRows, {
			widths: ['*', '*', 60, 60, 60, 60, 60],
			rightAligned: [2, 3, 4, 5, 6],
			totalRows: [personRows.length - 1],
			fontSize: 8.5
		})
	);
	const title = `${L.ANNEX_TITLE} — ${cleanLine(input.tender.reference)}`;
	return render({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, undefined),
		generatedAt: input.generatedAt,
		content
	});
}
