/**
 * pdfmake 0.3 on the server, typed as the exports use it, with its fonts and access policy.
 *
 * Fonts: the Roboto TTF files shipped in `pdfmake/fonts/Roboto/` are read once from
 * node_modules (located with `require.resolve`, so it works from the Vite build, the worker
 * bundle and the tests) and put into pdfmake's virtual file system; network and local-file
 * access by pdfmake are then denied.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A pdfmake content node (document definition objects are plain data). */
export type PdfContent = string | PdfNode | PdfContent[];
export interface PdfNode {
	[key: string]: unknown;
}

interface PdfMakeServer {
	virtualfs: { writeFileSync(name: string, content: Buffer): void };
	setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
	setUrlAccessPolicy(callback: (url: string) => boolean): void;
	setLocalAccessPolicy(callback: (path: string) => boolean): void;
	createPdf(definition: PdfNode): { getBuffer(): Promise<Buffer> };
}

const FONT_FILES = {
	normal: 'Roboto-Regular.ttf',
	bold: 'Roboto-Medium.ttf',
	italics: 'Roboto-Italic.ttf',
	bolditalics: 'Roboto-MediumItalic.ttf'
} as const;
/** Prefix of the font files in pdfmake's virtual file system. */
const VFS_PREFIX = 'cotrait-fonts-';

let pdfmakeInstance: PdfMakeServer | null = null;

/** pdfmake's server singleton, with the Roboto fonts loaded and every outside access denied. */
export function pdfmake(): PdfMakeServer {
	if (pdfmakeInstance) return pdfmakeInstance;
	const require = createRequire(import.meta.url);
	const instance = require('pdfmake') as PdfMakeServer;
	const fonts = { normal: '', bold: '', italics: '', bolditalics: '' };
	for (const [style, file] of Object.entries(FONT_FILES) as [keyof typeof FONT_FILES, string][]) {
		const name = VFS_PREFIX + file;
		instance.virtualfs.writeFileSync(name, readFileSync(require.resolve(`pdfmake/fonts/Roboto/${file}`)));
		fonts[style] = name;
	}
	instance.setFonts({ Roboto: fonts });
	instance.setUrlAccessPolicy(() => false);
	instance.setLocalAccessPolicy(() => false);
	pdfmakeInstance = instance;
	return instance;
}
