/**
 * The mémoire technique as DOCX: cover page, « Sommaire » (a static list of the sections, plus
 * a Word table-of-contents field for page numbers), then every section as Heading 1 with its
 * content. « BROUILLON » in the header of every page (and on the cover) when `draft`.
 */
import { HeadingLevel, InternalHyperlink, PageBreak, Paragraph, TextRun, type Table } from 'docx';
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

/** The « Sommaire » page: each section title linked to its heading, then the paginated TOC field. */
function sommaire(titles: readonly string[]): Paragraph[] {
	return [
		textLine(L.TOC_TITLE, { bold: true, size: 32, color: ACCENT }, { spacing: { after: 240 } }),
		...titles.map(
			(title, i) =>
				new Paragraph({
					spacing: { after: 80 },
					children: [new InternalHyperlink({ anchor: sectionBookmark(i), children: [new TextRun({ text: title })] })]
				})
		),
		textLine(L.TOC_FIELD_HINT, { italics: true, color: GREY, size: 18 }, { spacing: { before: 360 } }),
		tocField(),
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
		const blocks = readSection(section.doc);
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
		ctx
	});
}
