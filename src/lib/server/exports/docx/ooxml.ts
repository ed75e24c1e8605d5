/**
 * WordprocessingML pieces the `docx` library does not give as needed: external hyperlinks with
 * stable relationship ids (its own draws random ones at packing time, which would break
 * determinism), complex fields (a table of contents LibreOffice also reads), and bookmarks with
 * unique ids.
 */
import {
	Bookmark,
	BookmarkEnd,
	BookmarkStart,
	BuilderElement,
	ConcreteHyperlink,
	Paragraph,
	TextRun,
	XmlComponent,
	type IContext,
	type ParagraphChild
} from 'docx';
import * as L from '../labels';
import { GREY } from './theme';

const HYPERLINK_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/**
 * An external hyperlink with a relationship id chosen by the caller (`docx`'s own
 * ExternalHyperlink draws a random one at packing time).
 */
export class StableExternalHyperlink extends ConcreteHyperlink {
	private registered = false;

	constructor(
		children: readonly ParagraphChild[],
		private readonly target: string,
		relationshipId: string
	) {
		super(children, relationshipId);
	}

	override prepForXml(context: IContext) {
		if (!this.registered) {
			context.viewWrapper.Relationships.addRelationship(this.linkId, HYPERLINK_TYPE, this.target, 'External');
			this.registered = true;
		}
		return super.prepForXml(context);
	}
}

/** `<w:fldChar w:fldCharType="…"/>`: a complex field's begin, separate or end mark. */
function fieldChar(type: 'begin' | 'separate' | 'end'): BuilderElement<{ type: string }> {
	return new BuilderElement<{ type: string }>({ name: 'w:fldChar', attributes: { type: { key: 'w:fldCharType', value: type } } });
}

/** `<w:instrText>`: a field's instruction. */
class FieldInstructionText extends XmlComponent {
	constructor(instruction: string) {
		super('w:instrText');
		this.root.push(instruction);
	}
}

/**
 * A table-of-contents field over Heading 1 whose cached result lists the section titles, one
 * paragraph each, so a reader that does not update fields on open (LibreOffice) still shows the
 * contents; Word, asked to update fields on open (./pack.ts), replaces it with the paginated
 * table. (docx's TableOfContents wraps the field in a content control that LibreOffice shows as
 * raw field code.)
 */
export function tocField(titles: readonly string[]): Paragraph[] {
	const entries = titles.length > 0 ? titles : [L.TOC_FIELD_PLACEHOLDER];
	return entries.map((title, i) => {
		const children: TextRun[] = [];
		if (i === 0)
			children.push(
				new TextRun({ children: [fieldChar('begin')] }),
				new TextRun({ children: [new FieldInstructionText('TOC \\o "1-1" \\h \\z \\u')] }),
				new TextRun({ children: [fieldChar('separate')] })
			);
		children.push(titles.length > 0 ? new TextRun({ text: title }) : new TextRun({ text: title, color: GREY, size: 18 }));
		if (i === entries.length - 1) children.push(new TextRun({ children: [fieldChar('end')] }));
		return new Paragraph({ spacing: { after: 80 }, children });
	});
}

/**
 * A bookmark with the given numeric id (docx numbers each Bookmark from its own counter, so
 * every bookmark would get w:id="1"; ids must be unique in the document).
 */
export function bookmark(name: string, numericId: number, children: ParagraphChild[]): Bookmark {
	const mark = new Bookmark({ id: name, children });
	Object.assign(mark, { start: new BookmarkStart(name, numericId), end: new BookmarkEnd(numericId) });
	return mark;
}
