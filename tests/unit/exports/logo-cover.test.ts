/**
 * The group's logo on the mémoire's cover: the DOCX (still the same bytes for the same input) gets an image part under word/media/ sized
 * to the 6 × 3 cm box (EMU in the drawing's extent), placed before the title; the PDF grows by an
 * image XObject; a JPEG goes through as well. Without a logo the bytes are pinned by golden-bytes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { memoireToDocx, memoireToPdf } from '../../../src/lib/server/exports';
import { readImageSize } from '../../../src/lib/server/files/image-size';
import type { ExportLogo } from '../../../src/lib/server/exports/model';
import { pngBytes } from '../../support/images';
import { memoireFixture } from './fixtures';

/** EMU per centimetre (DrawingML). */
const EMU_PER_CM = 360_000;

function logoOf(bytes: Uint8Array): ExportLogo {
	const size = readImageSize(bytes)!;
	return { bytes, ...size };
}

describe('the logo on the mémoire’s cover', () => {
	it('puts the PNG in the DOCX as a media part, 6 × 3 cm for a 2:1 logo, above the title', async () => {
		const bytes = await memoireToDocx({ ...memoireFixture(true), logo: logoOf(pngBytes(40, 20)) });
		expect(await memoireToDocx({ ...memoireFixture(true), logo: logoOf(pngBytes(40, 20)) })).toEqual(bytes); // still deterministic
		const docx = unzipSync(bytes);
		const media = Object.keys(docx).filter((n) => n.startsWith('word/media/') && !n.endsWith('/'));
		expect(media).toHaveLength(1);
		expect(media[0]).toMatch(/\.png$/);
		expect(docx[media[0]!]).toEqual(pngBytes(40, 20));
		const xml = strFromU8(docx['word/document.xml']!);
		const extent = xml.match(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/)!;
		expect(Number(extent[1]) / EMU_PER_CM).toBeCloseTo(6, 1);
		expect(Number(extent[2]) / EMU_PER_CM).toBeCloseTo(3, 1);
		expect(xml).toContain('descr="Logo du groupement"');
		expect(xml.indexOf('<w:drawing>')).toBeLessThan(xml.indexOf('>Mémoire technique<'));
		expect(xml.indexOf('<w:drawing>')).toBeGreaterThan(xml.indexOf('Concertation et ateliers'));
	});

	it('keeps a tall logo within 3 cm high', async () => {
		const docx = unzipSync(await memoireToDocx({ ...memoireFixture(false), logo: logoOf(pngBytes(10, 30)) }));
		const extent = strFromU8(docx['word/document.xml']!).match(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/)!;
		expect(Number(extent[1]) / EMU_PER_CM).toBeCloseTo(1, 1);
		expect(Number(extent[2]) / EMU_PER_CM).toBeCloseTo(3, 1);
	});

	it('adds an image XObject to the PDF', async () => {
		const without = Buffer.from(await memoireToPdf(memoireFixture(true))).toString('latin1');
		const withLogo = Buffer.from(await memoireToPdf({ ...memoireFixture(true), logo: logoOf(pngBytes(40, 20)) })).toString('latin1');
		expect(without).not.toMatch(/\/Subtype\s*\/Image/);
		expect(withLogo).toMatch(/\/Subtype\s*\/Image/);
		expect(withLogo).toMatch(/\/Width 40\b/);
		expect(withLogo).toMatch(/\/Height 20\b/);
	});
});
