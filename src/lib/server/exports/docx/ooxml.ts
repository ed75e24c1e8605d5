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
 * A table-of-contents field over Heading 1, as one paragraph whose cached result is a hint;
 * Word fills it in on « Mettre à jour les champs ». (docx's TableOfContents wraps the field in
 * a content control that LibreOffice shows as raw field code.)
 */
export function tocField(): Paragraph {
	return new Paragraph({
		children: [
			new TextRun({ children: [fieldChar('begin')] }),
			new TextRun({ children: [new FieldInstructionText('TOC \\o "1-1" \\h \\z \\u')] }),
			new TextRun({ children: [fieldChar('separate')] }),
			new TextRun({ text: L.TOC_FIELD_PLACEHOLDER, color: GREY, size: 18 }),
			new TextRun({ children: [fieldChar('end')] })
		]
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
