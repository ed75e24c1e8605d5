/**
 * The répartition annex as DOCX: per lot, each legal member's prestations and amounts (the DC1
 * « répartition des prestations »), then the per-person split table.
 */
import type { Paragraph, Table } from 'docx';
import { cleanLine } from '../content';
import * as L from '../labels';
import type { AnnexInput } from '../model';
import { annexLots, lotTable, peopleTable } from '../tables';
import { DocxContext } from './context';
import { pack } from './pack';
import { centered, heading, note, simpleTable, textLine } from './primitives';
import { ACCENT, DRAFT_COLOR } from './theme';

export async function annexToDocx(input: AnnexInput): Promise<Uint8Array> {
	const ctx = new DocxContext();
	const t = L.tenderLines(input.tender);
	const children: (Paragraph | Table)[] = [];
	if (input.draft) children.push(centered(L.DRAFT_MARK, { size: 36, bold: true, color: DRAFT_COLOR, after: 200 }));
	children.push(
		textLine(L.ANNEX_TITLE, { size: 40, bold: true, color: ACCENT }, { spacing: { after: 240 } }),
		textLine(t.buyer, { bold: true }),
		textLine(t.title),
		textLine(t.reference),
		textLine(L.offerTotalLine(input.totals.offerCents), { bold: true }),
		note(L.generatedLine(input.generatedAtLabel)),
		heading(1, L.ANNEX_LOTS_TITLE),
		textLine(L.ANNEX_LOTS_INTRO)
	);

	for (const lot of annexLots(input)) {
		children.push(heading(2, L.annexLotTitle(lot)), simpleTable(lotTable(lot), { widths: [3, 1.3, 5, 2.2], rightAligned: [3], size: 20 }));
	}

	children.push(
		heading(1, L.ANNEX_PEOPLE_TITLE, { pageBreakBefore: true }),
		textLine(L.ANNEX_PEOPLE_INTRO),
		simpleTable(peopleTable(input), { widths: [1.7, 1.9, 2.0, 2.1, 2.0, 2.3, 2.0], rightAligned: [2, 3, 4, 5, 6], size: 17 })
	);

	const title = `${L.ANNEX_TITLE} — ${cleanLine(input.tender.reference)}`;
	return pack({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, undefined),
		generatedAt: input.generatedAt,
		children,
		ctx
	});
}
