/**
 * Inline content of a section's text blocks: text runs with their marks flattened to flags
 * (links validated), hard breaks; and the plain text below any node when structure is dropped.
 */
import type { PmMark, PmNode } from '../model';
import { safeHref } from '../../../collab/links';
import { cleanText } from './clean';
import type { Inline, InlineText } from './model';
import { childNodes, isRecord, MAX_DEPTH, nodeType } from './nodes';

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
export function inlinesOf(node: PmNode): Inline[] {
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

/** Plain text as inline content (newlines become hard breaks). */
export function inlinesFromPlain(text: string): Inline[] {
	return inlinesOf({ type: 'paragraph', content: [{ type: 'text', text }] });
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
