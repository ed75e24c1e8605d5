/**
 * The PDF cover page of a bid's document: the buyer, the consultation, the lot, the group's logo
 * when uploaded, the document's title, the group (form, mandataire, every member with its people and role, and its SIRET and
 * contact when given), the DLRO and
 * when the file was generated; « BROUILLON » on top of drafts.
 */
import * as L from '../labels';
import { PT_PER_CM, logoSize } from '../logo';
import type { ExportLogo, MemoireInput } from '../model';
import { membersTable } from '../tables';
import { pdfText } from './glyphs';
import type { PdfContent, PdfNode } from './pdfmake';
import { simpleTable } from './primitives';
import { ACCENT, DRAFT_COLOR } from './theme';

/** What a cover shows. */
export type CoverInput = Pick<MemoireInput, 'draft' | 'tender' | 'lot' | 'group' | 'generatedAtLabel' | 'logo'>;

/** The logo, centred, in its 6 × 3 cm box (pdfmake reads it from a data URL). */
function logoNode(logo: ExportLogo): PdfNode {
	const mime = logo.type === 'png' ? 'image/png' : 'image/jpeg';
	return {
		image: `data:${mime};base64,${Buffer.from(logo.bytes).toString('base64')}`,
		...logoSize(logo, PT_PER_CM),
		alignment: 'center',
		margin: [0, 0, 0, 28]
	};
}

function membersOnCover(input: CoverInput): PdfNode {
	const table = membersTable(input.group);
	return table.headers.length > 3
		? simpleTable(table, { widths: ['22%', 'auto', '*', '20%', 'auto'], fontSize: 9 })
		: simpleTable(table, { widths: ['30%', '*', 'auto'] });
}

/** The cover of a document titled `title` (e.g. « Mémoire technique »). */
export function coverOf(input: CoverInput, title: string): PdfContent[] {
	const t = L.tenderLines(input.tender);
	const out: PdfContent[] = [];
	if (input.draft)
		out.push({ text: L.DRAFT_MARK, alignment: 'center', fontSize: 22, bold: true, color: DRAFT_COLOR, margin: [0, 0, 0, 12] });
	out.push(
		{ text: pdfText(t.buyer), alignment: 'center', fontSize: 15, bold: true, margin: [0, input.draft ? 10 : 40, 0, 16] },
		{ text: pdfText(t.title), alignment: 'center', fontSize: 17, bold: true, color: ACCENT, margin: [0, 0, 0, 8] },
		{ text: pdfText(t.reference), alignment: 'center', margin: [0, 0, 0, 8] },
		{ text: pdfText(L.lotLabel(input.lot)), alignment: 'center', fontSize: 13, bold: true, margin: [0, 0, 0, 44] },
		...(input.logo ? [logoNode(input.logo)] : []),
		{ text: title, style: 'title', alignment: 'center', margin: [0, 0, 0, 44] },
		{ text: pdfText(L.labelled('Forme du groupement', input.group.formLabel)), margin: [0, 0, 0, 4] },
		{ text: pdfText(L.labelled('Mandataire', input.group.mandataireName)), bold: true, margin: [0, 0, 0, 8] },
		membersOnCover(input),
		{ text: pdfText(t.dlro), bold: true, margin: [0, 16, 0, 4] },
		{ text: pdfText(L.generatedLine(input.generatedAtLabel)), style: 'small' }
	);
	return out;
}
