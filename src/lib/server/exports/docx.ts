/**
 * DOCX exports (mémoire technique and répartition annex) with the `docx` library.
 *
 * Determinism: `docx` stamps the current time in docProps/core.xml and in the ZIP entries, and
 * gives external hyperlinks random relationship ids. Here core.xml is written from
 * `generatedAt` (or a fixed date), ZIP timestamps are rewritten, and hyperlinks get sequential
 * ids, so the same input gives the same bytes.
 */
import {
	AlignmentType,
	BorderStyle,
	Bookmark,
	BookmarkEnd,
	BookmarkStart,
	BuilderElement,
	ConcreteHyperlink,
	Document,
	Footer,
	Header,
	HeadingLevel,
	InternalHyperlink,
	LevelFormat,
	LineRuleType,
	Packer,
	PageBreak,
	PageNumber,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	XmlComponent,
	type IContext,
	type ILevelsOptions,
	type ParagraphChild
} from 'docx';
import { formatEuros } from '$lib/domain/money';
import { cleanLine, readSection, type Block, type Inline, type TableBlock } from './content';
import * as L from './labels';
import type { AnnexInput, MemoireInput } from './model';
import { normalizeZipTimestamps } from './zip';

const FONT = 'Calibri';
const CODE_FONT = 'Consolas';
/** A4 in twips, 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INDENT_STEP = 360;
const QUOTE_INDENT = 567;
const HEADER_FILL = 'D9E2F3';
const TOTAL_FILL = 'F2F2F2';
const ACCENT = '1F3864';
const DRAFT_COLOR = 'C00000';
const FOOTER_STYLE = 'CotraitFooter';
const HYPERLINK_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/**
 * An external hyperlink with a relationship id chosen by the caller (`docx`'s own
 * ExternalHyperlink draws a random one at packing time).
 */
class StableExternalHyperlink extends ConcreteHyperlink {
	private registered = false;

	constructor(
		children: readonly ParagraphChild[],
		private readonly target: string,
		relationshipId: string
	) {
		super(children, relationshipId);
	}

	override prepForXml(context: IContext) {
		if (!this.registered) {
			context.viewWrapper.Relationships.addRelationship(this.linkId, HYPERLINK_TYPE, this.target, 'External');
			this.registered = true;
		}
		return super.prepForXml(context);
	}
}

/** `<w:fldChar w:fldCharType="…"/>`: a complex field's begin, separate or end mark. */
function fieldChar(type: 'begin' | 'separate' | 'end'): BuilderElement<{ type: string }> {
	return new BuilderElement<{ type: string }>({ name: 'w:fldChar', attributes: { type: { key: 'w:fldCharType', value: type } } });
}

/** `<w:instrText>`: a field's instruction. */
class FieldInstructionText extends XmlComponent {
	constructor(instruction: string) {
		super('w:instrText');
		this.root.push(instruction);
	}
}

/**
 * A table-of-contents field over Heading 1, as one paragraph whose cached result is a hint;
 * Word fills it in on « Mettre à jour les champs ». (docx's TableOfContents wraps the field in
 * a content control that LibreOffice shows as raw field code.)
 */
function tocField(): Paragraph {
	return new Paragraph({
		children: [
			new TextRun({ children: [fieldChar('begin')] }),
			new TextRun({ children: [new FieldInstructionText('TOC \\o "1-1" \\h \\z \\u')] }),
			new TextRun({ children: [fieldChar('separate')] }),
			new TextRun({ text: L.TOC_FIELD_PLACEHOLDER, color: '7F7F7F', size: 18 }),
			new TextRun({ children: [fieldChar('end')] })
		]
	});
}

/**
 * A bookmark with the given numeric id (docx numbers each Bookmark from its own counter, so
 * every bookmark would get w:id="1"; ids must be unique in the document).
 */
function bookmark(name: string, numericId: number, children: ParagraphChild[]): Bookmark {
	const mark = new Bookmark({ id: name, children });
	Object.assign(mark, { start: new BookmarkStart(name, numericId), end: new BookmarkEnd(numericId) });
	return mark;
}

/** Per-document rendering state: hyperlink ids, list numbering instances. */
class DocxContext {
	private links = 0;
	private listInstances = 0;
	/** Start values of ordered lists met (each gets its own numbering definition). */
	readonly orderedStarts = new Set<number>([1]);

	nextLinkId(): string {
		this.links += 1;
		return `Link${this.links}`;
	}

	nextListInstance(): number {
		this.listInstances += 1;
		return this.listInstances;
	}
}

interface BlockPlace {
	/** Left indentation in twips (quotes, list continuation). */
	indent: number;
	/** Nesting depth of lists (0 outside lists). */
	listDepth: number;
	/** Inside a blockquote: paragraphs get a left border and italics. */
	quote: boolean;
	/** Inside a table cell: tighter spacing. */
	cell: boolean;
}

const TOP: BlockPlace = { indent: 0, listDepth: 0, quote: false, cell: false };
const IN_CELL: BlockPlace = { ...TOP, cell: true };

// ---------------------------------------------------------------- inline

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

// ---------------------------------------------------------------- blocks

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
						const inner = cell.blocks.flatMap((b) => blockToDocx(b, IN_CELL, ctx, { bold: cell.header }));
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
		case 'table':
			// An empty paragraph after a table keeps two tables apart (and ends a cell properly).
			return [tableOf(block, place, ctx), new Paragraph({ children: [], spacing: { after: 0, line: 120, lineRule: LineRuleType.AUTO } })];
	}
}

// ---------------------------------------------------------------- document frame

function bulletLevels(): ILevelsOptions[] {
	const symbols = ['•', '◦', '▪'];
	return Array.from({ length: 9 }, (_, level) => ({
		level,
		format: LevelFormat.BULLET,
		text: symbols[level % 3]!,
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: INDENT_STEP * 1.5 * (level + 1), hanging: INDENT_STEP } } }
	}));
}

function orderedLevels(start: number): ILevelsOptions[] {
	const formats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
	return Array.from({ length: 9 }, (_, level) => ({
		level,
		format: formats[level % 3]!,
		text: `%${level + 1}.`,
		start: level === 0 ? start : 1,
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: INDENT_STEP * 1.5 * (level + 1), hanging: INDENT_STEP } } }
	}));
}

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

interface FrameOptions {
	title: string;
	draft: boolean;
	runningLabel: string;
	generatedAt: Date | undefined;
	children: (Paragraph | Table)[];
	ctx: DocxContext;
}

async function pack(options: FrameOptions): Promise<Uint8Array> {
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
					children: [new TextRun({ text: options.runningLabel, color: '7F7F7F', size: 16 })]
				})
			];
	const doc = new Document({
		title: options.title,
		creator: 'Cotrait',
		styles: {
			default: {
				document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
				heading1: {
					run: { font: FONT, size: 32, bold: true, color: ACCENT },
					paragraph: { spacing: { before: 360, after: 160 }, keepNext: true }
				},
				heading2: {
					run: { font: FONT, size: 28, bold: true, color: ACCENT },
					paragraph: { spacing: { before: 240, after: 120 }, keepNext: true }
				},
				heading3: {
					run: { font: FONT, size: 24, bold: true, color: ACCENT },
					paragraph: { spacing: { before: 200, after: 100 }, keepNext: true }
				},
				heading4: {
					run: { font: FONT, size: 22, bold: true, italics: true, color: ACCENT },
					paragraph: { spacing: { before: 160, after: 80 }, keepNext: true }
				}
			},
			paragraphStyles: [
				{
					id: FOOTER_STYLE,
					name: 'Cotrait footer',
					basedOn: 'Normal',
					run: { size: 18, color: '7F7F7F' },
					paragraph: { spacing: { after: 0 } }
				}
			]
		},
		numbering: {
			config: [
				{ reference: 'bullets', levels: bulletLevels() },
				...[...ctx.orderedStarts].map((start) => ({ reference: `ordered-${start}`, levels: orderedLevels(start) }))
			]
		},
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

/** A table of plain text with a shaded header row; `totalRows` trailing rows are shaded and bold. */
function simpleTable(
	headers: readonly string[],
	rows: readonly (readonly string[])[],
	options: { widths: readonly number[]; rightAligned?: readonly number[]; totalRows?: readonly number[]; size?: number }
): Table {
	const scale = CONTENT_WIDTH / options.widths.reduce((a, b) => a + b, 0);
	const widths = options.widths.map((w) => Math.floor(w * scale));
	const right = new Set(options.rightAligned ?? []);
	const totals = new Set(options.totalRows ?? []);
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
		rows: [row(headers, 'header'), ...rows.map((cells, r) => row(cells, r))]
	});
}

function centered(
	text: string,
	options: { size?: number; bold?: boolean; color?: string; after?: number; before?: number } = {}
): Paragraph {
	return new Paragraph({
		alignment: AlignmentType.CENTER,
		spacing: { before: options.before ?? 0, after: options.after ?? 120 },
		children: [new TextRun({ text, size: options.size, bold: options.bold || undefined, color: options.color })]
	});
}

// ---------------------------------------------------------------- mémoire

function coverOf(input: MemoireInput): (Paragraph | Table)[] {
	const t = L.tenderLines(input.tender);
	const out: (Paragraph | Table)[] = [];
	if (input.draft) out.push(centered(L.DRAFT_MARK, { size: 40, bold: true, color: DRAFT_COLOR, after: 240 }));
	out.push(
		centered(t.buyer, { size: 28, bold: true, before: input.draft ? 0 : 600, after: 240 }),
		centered(t.title, { size: 32, bold: true, color: ACCENT, after: 120 }),
		centered(t.reference, { size: 22, after: 120 }),
		centered(L.lotLabel(input.lot), { size: 26, bold: true, after: 600 }),
		centered(L.MEMOIRE_TITLE, { size: 52, bold: true, color: ACCENT, after: 600 }),
		new Paragraph({ children: [new TextRun({ text: L.labelled('Forme du groupement', input.group.formLabel) })] }),
		new Paragraph({
			spacing: { after: 200 },
			children: [new TextRun({ text: L.labelled('Mandataire', input.group.mandataireName), bold: true })]
		})
	);
	const members = Array.isArray(input.group.members) ? input.group.members : [];
	out.push(
		simpleTable(
			L.MEMBER_TABLE_HEADERS,
			members.map((m) => [cleanLine(m.organisationName), L.peopleLabel(m), L.roleLabel(m)]),
			{ widths: [3, 4, 2] }
		),
		new Paragraph({ spacing: { before: 360 }, children: [new TextRun({ text: t.dlro, bold: true })] }),
		new Paragraph({ children: [new TextRun({ text: L.generatedLine(input.generatedAtLabel), color: '7F7F7F', size: 18 })] })
	);
	return out;
}

function sectionBookmark(index: number): string {
	return `section_${index + 1}`;
}

/**
 * The mémoire technique as DOCX: cover page, « Sommaire » (a static list of the sections, plus
 * a Word table-of-contents field for page numbers), then every section as Heading 1 with its
 * content. « BROUILLON » in the header of every page (and on the cover) when `draft`.
 */
export async function memoireToDocx(input: MemoireInput): Promise<Uint8Array> {
	const ctx = new DocxContext();
	const sections = Array.isArray(input.sections) ? input.sections : [];
	const titles = sections.map((s, i) => cleanLine(s.title).trim() || `Section ${i + 1}`);
	const children: (Paragraph | Table)[] = [...coverOf(input), new Paragraph({ children: [new PageBreak()] })];

	children.push(
		new Paragraph({
			spacing: { after: 240 },
			children: [new TextRun({ text: L.TOC_TITLE, bold: true, size: 32, color: ACCENT })]
		}),
		...titles.map(
			(title, i) =>
				new Paragraph({
					spacing: { after: 80 },
					children: [new InternalHyperlink({ anchor: sectionBookmark(i), children: [new TextRun({ text: title })] })]
				})
		),
		new Paragraph({
			spacing: { before: 360 },
			children: [new TextRun({ text: L.TOC_FIELD_HINT, italics: true, color: '7F7F7F', size: 18 })]
		}),
		tocField(),
		new Paragraph({ children: [new PageBreak()] })
	);

	sections.forEach((section, i) => {
		children.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_1,
				children: [bookmark(sectionBookmark(i), i + 1, [new TextRun(titles[i]!)])]
			})
		);
		const blocks = readSection(section.doc);
		if (blocks.length === 0) {
			children.push(new Paragraph({ children: [new TextRun({ text: L.EMPTY_SECTION, italics: true, color: '7F7F7F' })] }));
		}
		for (const block of blocks) children.push(...blockToDocx(block, TOP, ctx));
	});

	const title = `${L.MEMOIRE_TITLE} — ${cleanLine(input.tender.reference)} — ${L.shortLotLabel(input.lot)}`;
	return pack({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, input.lot),
		generatedAt: input.generatedAt,
		children,
		ctx
	});
}

// ---------------------------------------------------------------- annex

/**
 * The répartition annex as DOCX: per lot, each legal member's prestations and amounts (the DC1
 * « répartition des prestations »), then the per-person split table.
 */
export async function annexToDocx(input: AnnexInput): Promise<Uint8Array> {
	const ctx = new DocxContext();
	const t = L.tenderLines(input.tender);
	const children: (Paragraph | Table)[] = [];
	if (input.draft) children.push(centered(L.DRAFT_MARK, { size: 36, bold: true, color: DRAFT_COLOR, after: 200 }));
	children.push(
		new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: L.ANNEX_TITLE, size: 40, bold: true, color: ACCENT })] }),
		new Paragraph({ children: [new TextRun({ text: t.buyer, bold: true })] }),
		new Paragraph({ children: [new TextRun({ text: t.title })] }),
		new Paragraph({ children: [new TextRun({ text: t.reference })] }),
		new Paragraph({ children: [new TextRun({ text: L.offerTotalLine(input.totals.offerCents), bold: true })] }),
		new Paragraph({ children: [new TextRun({ text: L.generatedLine(input.generatedAtLabel), color: '7F7F7F', size: 18 })] }),
		new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(L.ANNEX_LOTS_TITLE)] }),
		new Paragraph({ children: [new TextRun(L.ANNEX_LOTS_INTRO)] })
	);

	for (const lot of Array.isArray(input.lots) ? input.lots : []) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(L.annexLotTitle(lot))] }));
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
		children.push(simpleTable(L.ANNEX_LINE_HEADERS, rows, { widths: [3, 1.3, 5, 2.2], rightAligned: [3], totalRows, size: 20 }));
	}

	const people = Array.isArray(input.people) ? input.people : [];
	children.push(
		new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(L.ANNEX_PEOPLE_TITLE)] }),
		new Paragraph({ children: [new TextRun(L.ANNEX_PEOPLE_INTRO)] })
	);
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
	children.push(
		simpleTable(L.ANNEX_PEOPLE_HEADERS, personRows, {
			widths: [1.7, 1.9, 2.0, 2.1, 2.0, 2.3, 2.0],
			rightAligned: [2, 3, 4, 5, 6],
			totalRows: [personRows.length - 1],
			size: 17
		})
	);

	const title = `${L.ANNEX_TITLE} — ${cleanLine(input.tender.reference)}`;
	return pack({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, undefined),
		generatedAt: input.generatedAt,
		children,
		ctx
	});
}
