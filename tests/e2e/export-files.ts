/**
 * Reading exported files in end-to-end tests as a person would read them: the words of a DOCX
 * (with the pictures it embeds) and of a PDF, whitespace folded.
 */
import { strFromU8, unzipSync } from 'fflate';
import { PDFParse } from 'pdf-parse';

/** The text of a DOCX's body, paragraphs separated by a space, and the names of its pictures. */
export function docxContent(bytes: Uint8Array): { text: string; media: string[] } {
	const files = unzipSync(bytes);
	const text = strFromU8(files['word/document.xml']!)
		.replace(/<w:p[ >]/g, ' $&')
		.replace(/<[^>]+>/g, '')
		.replace(/\s+/g, ' ');
	return { text, media: Object.keys(files).filter((name) => name.startsWith('word/media/')) };
}

/** The text of a PDF, whitespace folded. The parser takes the bytes over: read them before if needed. */
export async function pdfContent(bytes: Uint8Array): Promise<string> {
	const parser = new PDFParse({ data: bytes });
	try {
		return (await parser.getText()).text.replace(/\s+/g, ' ');
	} finally {
		await parser.destroy();
	}
}
