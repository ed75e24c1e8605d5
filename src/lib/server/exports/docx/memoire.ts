/**
 * The mémoire technique as DOCX: cover page, « Sommaire » (one table of contents: a Word field
 * over the section titles, showing them as its last result and filled in with page numbers when
 * Word opens the file — the settings ask it to update fields on open), then every section as Heading 1 with its
 * content. « BROUILLON » in the header of every page (and on the cover) when `draft`; page numbers
 * in the footer (./pack.ts).
 */
import { HeadingLevel, PageBreak, Paragraph, TextRun, type Table } from 'docx';
import { cleanLine, readSection } from '../content';
import * as L from '../labels';
import type { MemoireInput } from '../model';
import { sectionToDocx } from './blocks';
import { DocxContext } from './context';
import { coverOf } from './cover';
import { bookmark, tocField } from './ooxml';
import { pack } from './pack';
import { textLine } from './primitives';
import { ACCENT, GREY } from './theme';

function sectionBookmark(index: number): string {
	return `section_${index + 1}`;
}

/** The « Sommaire » page: the table-of-contents field, updated when the file is opened. */
function sommaire(titles: readonly string[]): Paragraph[] {
	return [
		textLine(L.TOC_TITLE, { bold: true, size: 32, color: ACCENT }, { spacing: { after: 240 } }),
		...tocField(titles),
		new Paragraph({ children: [new PageBreak()] })
	];
}

export async function memoireToDocx(input: MemoireInput): Promise<Uint8Array> {
	const ctx = new DocxContext();
	const sections = Array.isArray(input.sections) ? input.sections : [];
	const titles = sections.map((s, i) => cleanLine(s.title).trim() || `Section ${i + 1}`);
	const children: (Paragraph | Table)[] = [
		...coverOf(input, L.MEMOIRE_TITLE),
		new Paragraph({ children: [new PageBreak()] }),
		...sommaire(titles)
	];

	sections.forEach((section, i) => {
		children.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_1,
				children: [bookmark(sectionBookmark(i), i + 1, [new TextRun(titles[i]!)])]
			})
		);
		const blocks = readSection(section.doc, input.images ?? {});
		if (blocks.length === 0) children.push(textLine(L.EMPTY_SECTION, { italics: true, color: GREY }));
		// One push per node: a spread of a long section's content could pass the arguments limit.
		for (const node of sectionToDocx(blocks, ctx)) children.push(node);
	});

	const title = `${L.MEMOIRE_TITLE} — ${cleanLine(input.tender.reference)} — ${L.shortLotLabel(input.lot)}`;
	return pack({
		title,
		draft: input.draft,
		runningLabel: L.runningLabel(input.tender, input.lot),
		generatedAt: input.generatedAt,
		children,
		ctx,
		updateFieldsOnOpen: true
	});
}
