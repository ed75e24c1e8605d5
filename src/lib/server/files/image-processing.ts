/**
 * The picture a section shows, made on the server from an uploaded image (issue 15): the type is
 * sniffed from the bytes (PNG, JPEG, WebP, GIF — anything else, SVG included, is refused), the
 * bytes are decoded by sharp (libvips, on its own threads) with a pixel limit against
 * decompression bombs, turned upright from the EXIF orientation, shrunk to at most
 * IMAGE_MAX_SIDE pixels on the longest side (never enlarged) and written again without any
 * metadata (a phone photo's GPS position must not reach the buyer's dossier).
 *
 * Output: PNG for pictures with transparency and for PNG/GIF drawings (org charts, diagrams: flat
 * colours stay sharp), unless such a picture without transparency weighs more than
 * PNG_MAX_BYTES as PNG (a photo saved as PNG) — then JPEG, like every photo (JPEG, WebP). Only
 * PNG and JPEG come out, because the DOCX and PDF renderers embed those two.
 */
import sharp, { type Metadata, type OutputInfo } from 'sharp';

/** Largest upload accepted as an image. A phone photo is 2–8 MB; 15 MB leaves room for a 48 MP one. */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Largest picture decoded: 50 megapixels (a 48 MP phone photo, 8 064 × 6 048, passes). */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Longest side of the displayed picture: sharp on a page 17 cm wide at ~240 dpi, and on screens. */
export const IMAGE_MAX_SIDE = 1600;
/** A PNG drawing without transparency heavier than this is re-encoded as JPEG. */
export const PNG_MAX_BYTES = 1024 * 1024;
const JPEG_QUALITY = 82;

export type UploadedImageType = 'png' | 'jpeg' | 'webp' | 'gif';

/** The image type by its signature; null for anything else (SVG and HTML are text: null). */
export function sniffImageType(bytes: Uint8Array): UploadedImageType | null {
	const b = bytes;
	if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a) return 'png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
	const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
	if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
	return null;
}

export interface ProcessedImage {
	bytes: Uint8Array;
	type: 'png' | 'jpg';
	width: number;
	height: number;
}

/** Why an image was refused, in French (the person sees it under the editor). */
export class ImageRefused extends Error {}

const NOT_AN_IMAGE = 'Ce fichier n’est pas une image acceptée : choisissez une image PNG, JPEG, WebP ou GIF.';

/** The displayed picture made from `bytes`; throws ImageRefused with a French message. */
export async function processImage(bytes: Uint8Array): Promise<ProcessedImage> {
	const type = sniffImageType(bytes);
	if (!type) throw new ImageRefused(NOT_AN_IMAGE);
	const input = { limitInputPixels: MAX_IMAGE_PIXELS, pages: 1, failOn: 'error' as const };
	let meta: Metadata;
	try {
		// The header only: the size is checked before any pixel is decoded.
		meta = await sharp(bytes, { ...input, limitInputPixels: false }).metadata();
	} catch {
		throw new ImageRefused('Cette image est illisible ou endommagée : enregistrez-la de nouveau puis réessayez.');
	}
	if (meta.format !== type) throw new ImageRefused(NOT_AN_IMAGE);
	const width = meta.width ?? 0;
	const height = meta.pageHeight ?? meta.height ?? 0;
	if (width <= 0 || height <= 0) throw new ImageRefused(NOT_AN_IMAGE);
	if (width * height > MAX_IMAGE_PIXELS)
		throw new ImageRefused(
			`Cette image est trop grande (${width.toLocaleString('fr-FR')} × ${height.toLocaleString('fr-FR')} pixels) : 50 millions de pixels au plus.`
		);
	try {
		const pipeline = () =>
			sharp(bytes, input).autoOrient().resize({ width: IMAGE_MAX_SIDE, height: IMAGE_MAX_SIDE, fit: 'inside', withoutEnlargement: true });
		const drawing = type === 'png' || type === 'gif';
		if (meta.hasAlpha || drawing) {
			const png = await pipeline().png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true });
			if (meta.hasAlpha || png.data.length <= PNG_MAX_BYTES) return done(png, 'png');
		}
		const jpeg = await pipeline().flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, mozjpeg: true }).toBuffer({
			resolveWithObject: true
		});
		return done(jpeg, 'jpg');
	} catch {
		throw new ImageRefused('Cette image est illisible ou endommagée : enregistrez-la de nouveau puis réessayez.');
	}
}

function done(out: { data: Buffer; info: OutputInfo }, type: 'png' | 'jpg'): ProcessedImage {
	return { bytes: new Uint8Array(out.data), type, width: out.info.width, height: out.info.height };
}
