/**
 * Reads a section's ProseMirror JSON into a small, validated block model that both renderers
 * (DOCX and PDF) share: clamped heading levels, flattened marks, safe links only, tables laid
 * out on a grid (spans resolved, ragged rows padded), text stripped of characters XML refuses.
 *
 * The JSON comes from storage, so nothing about its shape is trusted: wrong types are ignored,
 * unknown nodes keep their content, and very deep nesting is flattened to text.
 */
import type { PmMark, PmNode } from './model';

export interface InlineText {
	kind: 'text';
	text: string;
	bold: boolean;
	italic: boolean;
	underline: boolean;
	strike: boolean;
	code: boolean;
	/** A validated http(s)/mailto URL, or null. */
	href: string | null;
}

export interface InlineBreak {
	kind: 'break';
}

export type Inline = InlineText | InlineBreak;

export interface TableCell {
	header: boolean;
	/** Grid column where the cell starts. */
	column: number;
	colSpan: number;
	rowSpan: number;
	blocks: Block[];
	/** True for a cell added to pad a ragged row (absent from the source). */
	filler: boolean;
}

export interface TableBlock {
	kind: 'table';
	/** Number of grid columns. */
	columns: number;
	/** Cells that start in each row, sorted by column (cells covered by a span are absent). */
	rows: TableCell[][];
}

export type Block =
	| { kind: 'paragraph'; inlines: Inline[] }
	/** level 1–3, relative to the section title (1 = first level below it). */
	| { kind: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
	| { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
	| { kind: 'quote'; blocks: Block[] }
	| { kind: 'code'; text: string }
	| { kind: 'rule' }
	| TableBlock;

/** Deeper structures than this are flattened to paragraphs of text. */
const MAX_DEPTH = 32;
/** Largest colspan/rowspan honoured, and widest grid. */
const MAX_SPAN = 50;
const MAX_COLUMNS = 50;
const MAX_HREF_LENGTH = 2048;

/** Characters XML 1.0 refuses (C0 controls but tab/LF/CR, U+FFFE/FFFF) and lone surrogates. */
const INVALID_XML =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe for any output: characters XML refuses are removed, tabs become spaces, CR/CRLF
 * become LF. Non-strings give ''.
 */
export function cleanText(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(INVALID_XML, '');
}

/** Single-line version of {@link cleanText}: line breaks become spaces. */
export function cleanLine(value: unknown): string {
	return cleanText(value).replace(/\n/g, ' ');
}

/** The href if it is an absolute http(s) or mailto URL, else null. */
export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > MAX_HREF_LENGTH) return null;
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
		return url.href;
	} catch {
		return null;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childNodes(node: PmNode): PmNode[] {
	const content = (node as { content?: unknown }).content;
	return Array.isArray(content) ? (content.filter(isRecord) as unknown as PmNode[]) : [];
}

function nodeType(node: PmNode): string {
	return typeof node.type === 'string' ? node.type : '';
}

function intAttr(node: PmNode, name: string): number | null {
	const attrs = node.attrs;
	if (!isRecord(attrs)) return null;
	const raw = attrs[name];
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isSafeInteger(n) ? n : null;
}

function clamp(n: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, n));
}

function textOf(node: PmNode): InlineText | null {
	const text = cleanText(node.text);
	if (text === '') return null;
	const run: InlineText = { kind: 'text', text, bold: false, italic: false, underline: false, strike: false, code: false, href: null };
	const marks = Array.isArray(node.marks) ? (node.marks as unknown[]) : [];
	for (const mark of marks) {
		if (!isRecord(mark)) continue;
		switch ((mark as unknown as PmMark).type) {
			case 'bold':
				run.bold = true;
				break;
			case 'italic':
				run.italic = true;
				break;
			case 'underline':
				run.underline = true;
				break;
			case 'strike':
				run.strike = true;
				break;
			case 'code':
				run.code = true;
				break;
			case 'link': {
				const attrs = (mark as unknown as PmMark).attrs;
				run.href = isRecord(attrs) ? safeHref(attrs.href) : null;
				break;
			}
		}
	}
	return run;
}

/** Inline content of a textblock; newlines inside text become hard breaks. */
function inlinesOf(node: PmNode): Inline[] {
	const out: Inline[] = [];
	const push = (run: InlineText) => {
		const parts = run.text.split('\n');
		parts.forEach((part, i) => {
			if (i > 0) out.push({ kind: 'break' });
			if (part !== '') out.push({ ...run, text: part });
		});
	};
	const walk = (n: PmNode, depth: number) => {
		for (const child of childNodes(n)) {
			const type = nodeType(child);
			if (type === 'text') {
				const run = textOf(child);
				if (run) push(run);
			} else if (type === 'hardBreak') {
				out.push({ kind: 'break' });
			} else if (depth < MAX_DEPTH) {
				walk(child, depth + 1);
			}
		}
	};
	walk(node, 0);
	return out;
}

/** All the text below a node, iteratively (used where structure is dropped). */
export function plainTextOf(node: PmNode): string {
	const parts: string[] = [];
	const stack: PmNode[] = [node];
	while (stack.length > 0) {
		const n = stack.pop()!;
		if (nodeType(n) === 'text') parts.push(cleanText(n.text));
		else if (nodeType(n) === 'hardBreak') parts.push('\n');
		else {
			const kids = childNodes(n);
			for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
		}
	}
	return parts.join('');
}

function tableOf(node: PmNode, depth: number): TableBlock | null {
	const sourceRows = childNodes(node).filter((r) => nodeType(r) === 'tableRow');
	if (sourceRows.length === 0) return null;
	const occupied: boolean[][] = sourceRows.map(() => []);
	const rows: TableCell[][] = sourceRows.map(() => []);
	let columns = 0;
	sourceRows.forEach((row, r) => {
		let c = 0;
		for (const cellNode of childNodes(row)) {
			const type = nodeType(cellNode);
			if (type !== 'tableCell' && type !== 'tableHeader') continue;
			while (occupied[r]![c]) c++;
			if (c >= MAX_COLUMNS) break;
			const colSpan = clamp(intAttr(cellNode, 'colspan') ?? 1, 1, Math.min(MAX_SPAN, MAX_COLUMNS - c));
			const rowSpan = clamp(intAttr(cellNode, 'rowspan') ?? 1, 1, Math.min(MAX_SPAN, sourceRows.length - r));
			for (let rr = r; rr < r + rowSpan; rr++) {
				for (let cc = c; cc < c + colSpan; cc++) occupied[rr]![cc] = true;
			}
			rows[r]!.push({
				header: type === 'tableHeader',
				column: c,
				colSpan,
				rowSpan,
				blocks: blocksOf(cellNode, depth + 1, false),
				filler: false
			});
			c += colSpan;
			columns = Math.max(columns, c);
		}
	});
	if (columns === 0) return null;
	// Pad ragged rows so that every grid position is covered by exactly one cell.
	rows.forEach((cells, r) => {
		for (let c = 0; c < columns; c++) {
			if (!occupied[r]![c]) cells.push({ header: false, column: c, colSpan: 1, rowSpan: 1, blocks: [], filler: true });
		}
		cells.sort((a, b) => a.column - b.column);
	});
	return { kind: 'table', columns, rows };
}

/**
 * Block content of a container node (doc, listItem, blockquote, table cell).
 *
 * @param topLevel headings are kept as headings only at the top level of a section; inside
 *   lists, quotes and tables they become bold paragraphs (so they stay out of tables of contents).
 */
function blocksOf(node: PmNode, depth: number, topLevel: boolean): Block[] {
	if (depth >= MAX_DEPTH) {
		const text = plainTextOf(node).trim();
		return text ? [{ kind: 'paragraph', inlines: inlinesFromPlain(text) }] : [];
	}
	const out: Block[] = [];
	let loose: Inline[] = [];
	const flushLoose = () => {
		if (loose.length > 0) out.push({ kind: 'paragraph', inlines: loose });
		loose = [];
	};
	for (const child of childNodes(node)) {
		const type = nodeType(child);
		if (type === 'text' || type === 'hardBreak') {
			// Inline content directly in a container (not valid in the schema): gather it.
			loose.push(...inlinesOf({ type: 'paragraph', content: [child] }));
			continue;
		}
		flushLoose();
		switch (type) {
			case 'paragraph':
				out.push({ kind: 'paragraph', inlines: inlinesOf(child) });
				break;
			case 'heading': {
				const inlines = inlinesOf(child);
				if (topLevel) {
					const level = clamp(intAttr(child, 'level') ?? 1, 1, 3) as 1 | 2 | 3;
					out.push({ kind: 'heading', level, inlines });
				} else {
					out.push({ kind: 'paragraph', inlines: inlines.map((i) => (i.kind === 'text' ? { ...i, bold: true } : i)) });
				}
				break;
			}
			case 'bulletList':
			case 'orderedList': {
				const items = childNodes(child)
					.filter((item) => nodeType(item) === 'listItem')
					.map((item) => blocksOf(item, depth + 1, false));
				if (items.length === 0) break;
				const start = type === 'orderedList' ? clamp(intAttr(child, 'start') ?? 1, 0, 1_000_000) : 1;
				out.push({ kind: 'list', ordered: type === 'orderedList', start, items });
				break;
			}
			case 'blockquote': {
				const blocks = blocksOf(child, depth + 1, false);
				if (blocks.length > 0) out.push({ kind: 'quote', blocks });
				break;
			}
			case 'codeBlock':
				out.push({ kind: 'code', text: plainTextOf(child) });
				break;
			case 'horizontalRule':
				out.push({ kind: 'rule' });
				break;
			case 'table': {
				const table = tableOf(child, depth + 1);
				if (table) out.push(table);
				break;
			}
			default:
				// Unknown block: keep its content.
				out.push(...blocksOf(child, depth + 1, topLevel));
		}
	}
	flushLoose();
	return out;
}

function inlinesFromPlain(text: string): Inline[] {
	return inlinesOf({ type: 'paragraph', content: [{ type: 'text', text }] });
}

/** The blocks of a section document (a ProseMirror `doc` node). */
export function readSection(doc: PmNode | null | undefined): Block[] {
	if (!isRecord(doc)) return [];
	return blocksOf(doc, 0, true);
}
