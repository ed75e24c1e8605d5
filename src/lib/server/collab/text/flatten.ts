/**
 * Content below MAX_DOCUMENT_DEPTH read without recursion: its text blocks in document order,
 * walked with an explicit stack, so a document nested thousands of levels deep reads like any
 * other instead of overflowing the call stack (docs/SECURITY.md, « Limits and quotas »).
 */
import * as Y from 'yjs';
import { children, deltaOf, type Node } from './yxml';

/**
 * The text blocks below `node`, in document order, walked with an explicit stack (any depth):
 * one string per innermost block, hard breaks as "\n", empty blocks skipped. Lazy, so a caller
 * with a budget stops the walk early.
 */
export function* flatTextBlocks(node: Y.XmlElement | Y.XmlText): Generator<string> {
	const END = Symbol('end');
	const stack: Array<Node | string | typeof END> = [node];
	let line = '';
	while (stack.length > 0) {
		const item = stack.pop()!;
		if (typeof item === 'string') {
			line += item;
		} else if (item === END) {
			if (line !== '') yield line;
			line = '';
		} else if (item instanceof Y.XmlText) {
			const ops = deltaOf(item);
			for (let i = ops.length - 1; i >= 0; i--) {
				const insert = ops[i]!.insert;
				if (typeof insert === 'string') stack.push(insert);
				else if (insert instanceof Y.XmlElement) stack.push(insert);
			}
		} else if (item instanceof Y.XmlElement) {
			if (item.nodeName === 'hardBreak') {
				line += '\n';
				continue;
			}
			// A block boundary on both sides of every other element.
			if (line !== '') yield line;
			line = '';
			stack.push(END);
			const kids = children(item);
			for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
		}
	}
	if (line !== '') yield line;
}
