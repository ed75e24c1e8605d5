/**
 * A buyer's form (DC1, DC2, ATTRI1) as DOCX: a title block (the form's name, what this copy is
 * about, the consultation's reference, when Cotrait wrote it), then the form's parts through the
 * shared section blocks, in the common frame (« BROUILLON » header on drafts, « Page n / N »).
 */
import type { Paragraph, Table } from 'docx';
import { cleanLine, readSection } from '../content';
import * as L from '../labels';
import type { FormExportInput } from '../model';
import { sectionToDocx } from './blocks';
import { DocxContext } from './context';
import { pack } from './pack';
import { centered, note, textLine } from './primitives';
import { ACCENT, DRAFT_COLOR } from './theme';

export async function formToDocx(input: FormExportInput): Promise<Uint8Array> {
	const ctx = new DocxContext();
	const children: (Paragraph | Table)[] = [];
	if (input.draft) children.push(centered(L.DRAFT_MARK, { size: 32, bold: true, color: DRAFT_COLOR, after: 160 }));
	children.push(
		textLine(cleanLine(input.title), { size: 36, bold: true, color: ACCENT }, { spacing: { after: 80 } }),
		textLine(cleanLine(input.subtitle), { size: 24, bold: true }, { spacing: { after: 80 } }),
		textLine(L.labelled('Référence de la consultation', input.reference)),
		note(L.formMadeWithLine(input.generatedAtLabel))
	);
	// One push per node, as the mémoire does.
	for (const node of sectionToDocx(readSection(input.doc), ctx)) children.push(node);
	return pack({
		title: `${cleanLine(input.title)} — ${cleanLine(input.reference)}`,
		draft: input.draft,
		runningLabel: L.formRunningLabel(input.reference, input.subtitle),
		generatedAt: input.generatedAt,
		children,
		ctx
	});
}
