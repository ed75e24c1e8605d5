/**
 * A section's table laid out on a grid: colspan/rowspan honoured (within limits), cells placed
 * past the ones a span covers, ragged rows padded with filler cells so that every grid position
 * is covered by exactly one cell.
 */
import type { PmNode } from '../model';
import type { Block, TableBlock, TableCell } from './model';
import { childNodes, clamp, intAttr, nodeType } from './nodes';

/** Largest colspan/rowspan honoured, and widest grid. */
const MAX_SPAN = 50;
const MAX_COLUMNS = 50;

/**
 * The table's grid, or null when it has no row or no cell.
 *
 * @param readCell the blocks of a cell's content (./read.ts hands in its block reader, which
 *   calls back here for nested tables).
 */
export function tableOf(node: PmNode, depth: number, readCell: (cell: PmNode, depth: number) => Block[]): TableBlock | null {
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
				blocks: readCell(cellNode, depth + 1),
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
