/**
 * Reads a section's ProseMirror JSON (a `doc` node) into the block model of ./model.ts.
 *
 * The JSON comes from storage, so nothing about its shape is trusted: wrong types are ignored,
 * unknown nodes keep their content, and very deep nesting is flattened to text.
 */
import type { PmNode } from '../model';
import { inlinesFromPlain, inlinesOf, plainTextOf } from './inlines';
import type { Block, Inline } from './model';
import { childNodes, clamp, intAttr, isRecord, MAX_DEPTH, nodeType } from './nodes';
import { tableOf } from './table';

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
				const table = tableOf(child, depth + 1, readCell);
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

function readCell(cell: PmNode, depth: number): Block[] {
	return blocksOf(cell, depth, false);
}

/** The blocks of a section document (a ProseMirror `doc` node). */
export function readSection(doc: PmNode | null | undefined): Block[] {
	if (!isRecord(doc)) return [];
	return blocksOf(doc, 0, true);
}
