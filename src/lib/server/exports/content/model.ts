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

/** A stored picture an export may embed (loaded by the caller, checked to belong to the bid). */
export interface ExportImage {
	bytes: Uint8Array;
	type: 'png' | 'jpg';
	/** Pixels. */
	width: number;
	height: number;
}

/**
 * A picture of the section (issue 15): `image` is null when the file is missing, not yet uploaded
 * or not the exported bid's — the renderers then write the alt text in italics instead.
 */
export interface ImageBlock {
	kind: 'image';
	alt: string;
	caption: string;
	image: ExportImage | null;
}

export type Block =
	| { kind: 'paragraph'; inlines: Inline[] }
	/** level 1–3, relative to the section title (1 = first level below it). */
	| { kind: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
	| { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
	| { kind: 'quote'; blocks: Block[] }
	| { kind: 'code'; text: string }
	| { kind: 'rule' }
	| TableBlock
	| ImageBlock;
