/**
 * The pictures a bid's mémoire may embed (issue 15): the file ids its sections' documents refer
 * to, kept only when they are displayed pictures of this very bid (section_images and files both
 * say so: any writer can put another bid's file id in a document, and it must never reach this
 * bid's export), read from storage and checked to be a PNG or JPEG whose size can be read.
 */
import type { AppContext } from '../context';
import type { PmNode } from '../exports/index';
import type { ExportImage } from '../exports/content';
import { IMAGE_NODE, isFileId } from '../../collab/image-ref';
import { readImageSize } from '../files/image-size';
import { readStoredFile } from '../files/storage';
import { findBidImages } from '../sections/images.repository';

/** The valid file ids of the pictures in `docs` (iterative: any depth). */
export function imageFileIds(docs: readonly PmNode[]): Set<string> {
	const ids = new Set<string>();
	const stack: unknown[] = [...docs];
	while (stack.length > 0) {
		const node = stack.pop();
		if (typeof node !== 'object' || node === null) continue;
		const { type, attrs, content } = node as { type?: unknown; attrs?: unknown; content?: unknown };
		if (type === IMAGE_NODE && typeof attrs === 'object' && attrs !== null) {
			const fileId = (attrs as { fileId?: unknown }).fileId;
			if (isFileId(fileId)) ids.add(fileId);
		}
		if (Array.isArray(content)) for (const child of content) stack.push(child);
	}
	return ids;
}

/** The bid's own pictures among those `docs` refer to, by file id; the others are left out. */
export async function loadExportImages(
	ctx: Pick<AppContext, 'db' | 'config'>,
	bidId: string,
	docs: readonly PmNode[]
): Promise<Record<string, ExportImage>> {
	const out: Record<string, ExportImage> = {};
	for (const row of await findBidImages(ctx.db, bidId, [...imageFileIds(docs)])) {
		let bytes: Uint8Array;
		try {
			bytes = new Uint8Array(readStoredFile(ctx, row.stored_name));
		} catch {
			continue; // bytes gone from disk: the export says the alt text instead of failing
		}
		const size = readImageSize(bytes);
		if (size) out[row.id] = { bytes, type: size.type, width: size.width, height: size.height };
	}
	return out;
}
