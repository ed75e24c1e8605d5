/**
 * The block model of a section that both renderers (DOCX and PDF) draw: what ./read.ts makes of
 * a section's ProseMirror JSON once validated (clamped heading levels, flattened marks, safe
 * links only, tables laid out on a grid).
 */

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
