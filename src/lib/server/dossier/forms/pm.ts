/**
 * Small builders of ProseMirror JSON for the generated forms (DC1, DC2, ATTRI1): the forms are
 * written as documents in the editor's own schema, so the mémoire's DOCX and PDF renderers lay
 * them out (headings, paragraphs, tables) and every output shares one look.
 */
import type { PmNode } from '../../exports/model';

/** Where the group must still write or decide, as on a printed form. */
export const BLANK = '……………………………………';
/** A blank inside a table cell, short enough to stay on one line of a narrow column. */
export const CELL_BLANK = '……………………';
export const CHECKED = '☒';
export const UNCHECKED = '☐';

export function text(value: string, bold = false): PmNode {
	return bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value };
}

/** A paragraph from strings (plain) and nodes (e.g. bold text). Empty strings are dropped. */
export function para(...parts: Array<string | PmNode>): PmNode {
	const content = parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? text(p) : p));
	return { type: 'paragraph', content };
}

/** « Label : value », the label in bold; an empty value prints a blank to fill in. */
export function field(label: string, value: string | null | undefined): PmNode {
	return para(text(`${label} : `, true), value && value.trim() ? value : BLANK);
}

export function heading(level: 1 | 2 | 3, value: string): PmNode {
	return { type: 'heading', attrs: { level }, content: [text(value)] };
}

/** A tick box line: « ☒ pour le lot n° 2 ». */
export function box(checked: boolean, label: string): PmNode {
	return para(`${checked ? CHECKED : UNCHECKED} ${label}`);
}

export function bullets(items: string[]): PmNode {
	return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [para(item)] })) };
}

/** A table whose first row is a header; a cell is a string or several paragraphs. */
export function table(header: string[], rows: Array<Array<string | PmNode[]>>): PmNode {
	const cell = (type: 'tableHeader' | 'tableCell', value: string | PmNode[]): PmNode => ({
		type,
		attrs: { colspan: 1, rowspan: 1 },
		content: typeof value === 'string' ? [para(value === BLANK ? CELL_BLANK : value)] : value.length > 0 ? value : [para('')]
	});
	return {
		type: 'table',
		content: [
			{ type: 'tableRow', content: header.map((h) => cell('tableHeader', h)) },
			...rows.map((row) => ({ type: 'tableRow', content: row.map((value) => cell('tableCell', value)) }))
		]
	};
}

export function doc(...content: PmNode[]): PmNode {
	return { type: 'doc', content };
}
