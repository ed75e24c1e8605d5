/**
 * The DOCX cover page of a bid's document: the buyer, the consultation, the lot, the group's logo
 * when uploaded, the document's title, the group (form, mandataire, every member with its people and role, and its SIRET and
 * contact when given), the DLRO and
 * when the file was generated; « BROUILLON » on top of drafts.
 */
import { AlignmentType, ImageRun, Paragraph, TextRun, type Table } from 'docx';
import * as L from '../labels';
import { LOGO_ALT, PX_PER_CM, logoSize } from '../logo';
import type { ExportLogo, MemoireInput } from '../model';
import { membersTable } from '../tables';
import { centered, note, simpleTable } from './primitives';
import { ACCENT, DRAFT_COLOR } from './theme';

/** What a cover shows. */
export type CoverInput = Pick<MemoireInput, 'draft' | 'tender' | 'lot' | 'group' | 'generatedAtLabel' | 'logo'>;

/** The logo, centred, in its 6 × 3 cm box. */
function logoParagraph(logo: ExportLogo): Paragraph {
	return new Paragraph({
		alignment: AlignmentType.CENTER,
		spacing: { after: 360 },
		children: [
			new ImageRun({
				type: logo.type,
				data: logo.bytes,
				transformation: logoSize(logo, PX_PER_CM),
				altText: { name: LOGO_ALT, title: LOGO_ALT, description: LOGO_ALT }
			})
		]
	});
}

function membersOnCover(input: CoverInput): Table {
	const table = membersTable(input.group);
	return table.headers.length > 3
		? simpleTable(table, { widths: [2.6, 1.8, 2.8, 2.4, 1.4], size: 18 })
		: simpleTable(table, { widths: [3, 4, 2] });
}

/** The cover of a document titled `title` (e.g. « Mémoire technique »). */
export function coverOf(input: CoverInput, title: string): (Paragraph | Table)[] {
	const t = L.tenderLines(input.tender);
	const out: (Paragraph | Table)[] = [];
	if (input.draft) out.push(centered(L.DRAFT_MARK, { size: 40, bold: true, color: DRAFT_COLOR, after: 240 }));
	out.push(
		centered(t.buyer, { size: 28, bold: true, before: input.draft ? 0 : 600, after: 240 }),
		centered(t.title, { size: 32, bold: true, color: ACCENT, after: 120 }),
		centered(t.reference, { size: 22, after: 120 }),
		centered(L.lotLabel(input.lot), { size: 26, bold: true, after: 600 }),
		...(input.logo ? [logoParagraph(input.logo)] : []),
		centered(title, { size: 52, bold: true, color: ACCENT, after: 600 }),
		new Paragraph({ children: [new TextRun({ text: L.labelled('Forme du groupement', input.group.formLabel) })] }),
		new Paragraph({
			spacing: { after: 200 },
			children: [new TextRun({ text: L.labelled('Mandataire', input.group.mandataireName), bold: true })]
		}),
		membersOnCover(input),
		new Paragraph({ spacing: { before: 360 }, children: [new TextRun({ text: t.dlro, bold: true })] }),
		note(L.generatedLine(input.generatedAtLabel))
	);
	return out;
}
