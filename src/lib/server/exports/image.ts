/**
 * A section's picture in the exports (issue 15), the same in DOCX and PDF: shown at its size
 * (its pixels at 96 dpi, as a browser shows it), scaled down — never up — to fit the text's width
 * where it stands and at most IMAGE_MAX_HEIGHT_CM high, its aspect kept. A picture the export may
 * not embed is said by its alt text in italics, so nothing vanishes silently.
 */
import type { ExportImage } from './content/model';

/** Tallest picture, in centimetres: room is left for its caption on an A4 page. */
export const IMAGE_MAX_HEIGHT_CM = 20;

/** The line written in place of a picture that is missing (alt text, or this when it has none). */
export const MISSING_IMAGE = 'Image non disponible';

/** What stands in for a picture that cannot be embedded. */
export function missingImageLine(alt: string): string {
	return alt ? `[Image : ${alt}]` : `[${MISSING_IMAGE}]`;
}

/**
 * The picture's size in a unit of which `perCm` make a centimetre (PDF points, DOCX pixels at
 * 96 dpi), within `maxWidth` of that unit.
 */
export function imageSize(
	image: Pick<ExportImage, 'width' | 'height'>,
	perCm: number,
	maxWidth: number
): { width: number; height: number } {
	const natural = { width: (image.width / 96) * 2.54 * perCm, height: (image.height / 96) * 2.54 * perCm };
	const scale = Math.min(1, maxWidth / natural.width, (IMAGE_MAX_HEIGHT_CM * perCm) / natural.height);
	return { width: Math.max(1, Math.round(natural.width * scale)), height: Math.max(1, Math.round(natural.height * scale)) };
}
