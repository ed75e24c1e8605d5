/**
 * How a section's document refers to a picture (issue 15, item 1): an `image` node whose
 * attributes are `fileId` (the id of a stored file of the bid, never a URL and never the bytes),
 * `alt`, `caption`, `width`, `height`, and, while a picture added offline waits to be uploaded,
 * `pendingId` instead of `fileId`. The picture's address is always derived here as
 * `/fichiers/<fileId>`. Documents come from any writer: `readImageAttrs` is the one check of a
 * stored node's attributes (browser and server share it; pure).
 */

/** The node's name in the schema and in the Yjs document. */
export const IMAGE_NODE = 'image';

/** A stored file's id: 24 characters of lower-case base32 (src/lib/server/ids.ts). */
const FILE_ID = /^[a-z2-7]{24}$/;
/** A local id given to a picture added offline (src/lib/collab/image-offline.ts). */
const PENDING_ID = /^[a-z0-9-]{8,64}$/;

export const ALT_MAX = 1000;
export const CAPTION_MAX = 500;
/** Largest width or height kept from a document, in pixels. */
const SIDE_MAX = 10_000;

export interface ImageAttrs {
	/** A valid file id, or null (not uploaded yet, or forged). */
	fileId: string | null;
	/** The local id of a picture waiting for its upload, or null. */
	pendingId: string | null;
	alt: string;
	caption: string;
	/** Pixels, or null when absent or out of range. */
	width: number | null;
	height: number | null;
}

export function isFileId(value: unknown): value is string {
	return typeof value === 'string' && FILE_ID.test(value);
}

/** The address a stored picture is shown from. */
export function imageSrc(fileId: string): string {
	return `/fichiers/${fileId}`;
}

function text(value: unknown, max: number): string {
	if (typeof value !== 'string') return '';
	// eslint-disable-next-line no-control-regex -- control characters are what is removed
	return [...value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()].slice(0, max).join('');
}

function side(value: unknown): number | null {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isInteger(n) && n >= 1 && n <= SIDE_MAX ? n : null;
}

/** The attributes of a stored `image` node, each checked (anything else reads as absent). */
export function readImageAttrs(raw: Record<string, unknown> | null | undefined): ImageAttrs {
	const a = raw ?? {};
	const fileId = isFileId(a.fileId) ? a.fileId : null;
	return {
		fileId,
		pendingId: !fileId && typeof a.pendingId === 'string' && PENDING_ID.test(a.pendingId) ? a.pendingId : null,
		alt: text(a.alt, ALT_MAX),
		caption: text(a.caption, CAPTION_MAX),
		width: side(a.width),
		height: side(a.height)
	};
}
