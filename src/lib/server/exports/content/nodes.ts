/**
 * Defensive access to ProseMirror JSON nodes read from storage: nothing about their shape is
 * trusted (wrong types read as absent), and the limits every reader of a section shares.
 */
import type { PmNode } from '../model';

/** Deeper structures than this are flattened to paragraphs of text. */
export const MAX_DEPTH = 32;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childNodes(node: PmNode): PmNode[] {
	const content = (node as { content?: unknown }).content;
	return Array.isArray(content) ? (content.filter(isRecord) as unknown as PmNode[]) : [];
}

export function nodeType(node: PmNode): string {
	return typeof node.type === 'string' ? node.type : '';
}

export function intAttr(node: PmNode, name: string): number | null {
	const attrs = node.attrs;
	if (!isRecord(attrs)) return null;
	const raw = attrs[name];
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isSafeInteger(n) ? n : null;
}

export function clamp(n: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, n));
}
