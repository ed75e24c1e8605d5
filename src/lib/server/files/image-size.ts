/**
 * The kind and pixel size of a PNG or JPEG read from its first bytes (pure): the logo's upload
 * checks it can be read, the mémoire's cover sizes the logo from it. PNG: the IHDR chunk's width
 * and height (bytes 16–23). JPEG: the first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC).
 */

export type ImageKind = 'png' | 'jpg';

export interface ImageSize {
	type: ImageKind;
	width: number;
	height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG or JPEG by its signature; null for anything else. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
	if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
	return null;
}

function u16(bytes: Uint8Array, at: number): number {
	return (bytes[at]! << 8) | bytes[at + 1]!;
}

function u32(bytes: Uint8Array, at: number): number {
	return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
	// Signature (8), IHDR length (4), "IHDR" (4), then width and height.
	if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
	return { width: u32(bytes, 16), height: u32(bytes, 20) };
}

function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1]!;
		// Fill bytes, and markers without a length (TEM, RSTn).
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
		const length = u16(bytes, at + 2);
		if (length < 2) return null;
		const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) {
			if (at + 9 > bytes.length) return null;
			return { height: u16(bytes, at + 5), width: u16(bytes, at + 7) };
		}
		at += 2 + length;
	}
	return null;
}

/** The image's kind and size in pixels; null when it is not a PNG or JPEG whose size can be read (or is zero). */
export function readImageSize(bytes: Uint8Array): ImageSize | null {
	const type = sniffImage(bytes);
	const size = type === 'png' ? pngSize(bytes) : type === 'jpg' ? jpegSize(bytes) : null;
	if (!type || !size || size.width === 0 || size.height === 0) return null;
	return { type, ...size };
}

/**
 * `width` × `height` scaled to fill `maxWidth` × `maxHeight` as far as its aspect allows: a logo's
 * pixels say nothing of its printed size, so a small one is shown as large as a big one.
 */
export function fitWithin(size: { width: number; height: number }, maxWidth: number, maxHeight: number): { width: number; height: number } {
	const scale = Math.min(maxWidth / size.width, maxHeight / size.height);
	return { width: size.width * scale, height: size.height * scale };
}
