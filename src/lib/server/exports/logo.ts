/**
 * The group's logo on a cover, the same in DOCX and PDF: at most 6 cm wide and 3 cm high, its
 * aspect kept, given in the unit each format sizes images in.
 */
import { fitWithin } from '../files/image-size';
import type { ExportLogo } from './model';

/** The box a logo fills on the cover, in centimetres. */
export const LOGO_BOX_CM = { width: 6, height: 3 } as const;

export const LOGO_ALT = 'Logo du groupement';

/** The logo's size on the cover in a unit of which `perCm` make a centimetre (points, pixels at 96 dpi). */
export function logoSize(logo: Pick<ExportLogo, 'width' | 'height'>, perCm: number): { width: number; height: number } {
	const box = fitWithin(logo, LOGO_BOX_CM.width * perCm, LOGO_BOX_CM.height * perCm);
	return { width: Math.max(1, Math.round(box.width)), height: Math.max(1, Math.round(box.height)) };
}

/** Pixels at 96 dpi (DOCX image sizes), and PostScript points (PDF), per centimetre. */
export const PX_PER_CM = 96 / 2.54;
export const PT_PER_CM = 72 / 2.54;
