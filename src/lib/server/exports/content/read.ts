/**
 * Reads a section's ProseMirror JSON (a `doc` node) into the block model of ./model.ts.
 *
 * The JSON comes from storage, so nothing about its shape is trusted: wrong types are ignored,
 * unknown nodes keep their content, and very deep nesting is flattened to text.
 */
import type { PmNode } from '../model';
import { inlinesFromPlain, inlinesOf, plainTextOf } from './inlines';
import type { Block, ExportImage, Inline } from './model';
import { IMAGE_NODE, readImageAttrs } from '../../../collab/image-ref';
import { cleanLine } from './clean';
import { childNodes, clamp, intAttr, isRecord, MAX_DEPTH, nodeType } from './nodes';
import { tableOf } from './table';

/**
 * Block content of a container node (doc, listItem, blockquote, table cell).
 *
 * @param topLevel headings are kept as headings only at the top level of a section; inside
 *   lists, quotes and tables they become bold paragraphs (so they stay out of tables of contents).
 */
type Images = Readonly<Record<string, ExportImage>>;

function blocksOf(node: PmNode, depth: number, topLevel: boolean, images: Images): Block[] {
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
					.map((item) => blocksOf(item, depth + 1, false, images));
				if (items.length === 0) break;
				const start = type === 'orderedList' ? clamp(intAttr(child, 'start') ?? 1, 0, 1_000_000) : 1;
				out.push({ kind: 'list', ordered: type === 'orderedList', start, items });
				break;
			}
			case 'blockquote': {
				const blocks = blocksOf(child, depth + 1, false, images);
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
				const table = tableOf(child, depth + 1, (cell, d) => blocksOf(cell, d, false, images));
				if (table) out.push(table);
				break;
			}
			case IMAGE_NODE: {
				// Only a picture the caller loaded for this bid is embedded (an own key: ids are checked).
				const a = readImageAttrs(isRecord(child.attrs) ? child.attrs : null);
				const image = a.fileId && Object.hasOwn(images, a.fileId) ? images[a.fileId]! : null;
				out.push({ kind: 'image', alt: cleanLine(a.alt), caption: cleanLine(a.caption), image });
				break;
			}
			default:
				// Unknown block: keep its content.
				out.push(...blocksOf(child, depth + 1, topLevel, images));
		}
	}
	flushLoose();
	return out;
}

/**
 * The blocks of a section document (a ProseMirror `doc` node); `images` holds the pictures of
 * the bid the export may embed, by file id.
 */
export function readSection(doc: PmNode | null | undefined, images: Images = {}): Block[] {
	if (!isRecord(doc)) return [];
	return blocksOf(doc, 0, true, images);
}
