/**
 * Pasted HTML from Word, LibreOffice Writer, Google Docs (and any web page) made into the plain
 * structure the section editor knows, before ProseMirror parses it (paste/extension.ts wires it
 * into `transformPastedHTML`). A pure function on the browser's DOMParser: the pasted document is
 * parsed inert (no script runs, no image loads), Word's paragraph lists become real lists
 * (word-lists.ts), then a clean tree is written (clean.ts) and tidied here:
 *
 * - headings are mapped to the section's two levels relative to the highest one pasted: the
 *   highest becomes level 2, the next level 3, deeper ones level 3 too. So Word's Titre 1 / Titre 2
 *   (h1/h2, `MsoHeading1`, LibreOffice `<h1 class="western">`, Google Docs `<h1 dir="ltr">`) land
 *   as 2 / 3, and a copied sub-part that starts at Titre 2 keeps its own top level as 2;
 * - empty paragraphs (Word's `<p class=MsoNormal><o:p>&nbsp;</o:p></p>`), empty headings, items
 *   and lists go;
 * - images stay where they were with their src when it is a raster data: URI or an http(s)
 *   address (the image handling takes them from there); Word's `file:///…/clip_image001.png`
 *   and other unreachable sources are removed, leaving no broken box.
 *
 * HTML copied from a ProseMirror editor (ours: `data-pm-slice`) is left as it is: its structure
 * already fits the schema and ProseMirror reads its open depths from it.
 */
import { convertWordLists } from './word-lists';
import { START, cleanNode, blockify, meaningful } from './clean';

function parse(html: string, doc?: Document): Document {
	const Parser = doc?.defaultView?.DOMParser ?? globalThis.DOMParser;
	if (Parser) return new Parser().parseFromString(html, 'text/html');
	if (!doc) throw new Error('normalizePastedHtml needs a DOM (a browser, or a Document to work in)');
	const inert = doc.implementation.createHTMLDocument('');
	inert.body.innerHTML = html;
	return inert;
}

/** Renames h1–h6 so that the highest level pasted is 2 and everything deeper is 3. */
function mapHeadings(root: Element): void {
	const headings = Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6'));
	if (!headings.length) return;
	const levels = headings.map((h) => Number(h.localName[1]));
	const top = Math.min(...levels);
	headings.forEach((h, i) => {
		const level = Math.min(3, levels[i]! - top + 2);
		if (h.localName === `h${level}`) return;
		const renamed = root.ownerDocument.createElement(`h${level}`);
		renamed.append(...Array.from(h.childNodes));
		h.replaceWith(renamed);
	});
}

/** Removes paragraphs and headings with nothing to keep, then items and lists left empty. */
function dropEmpty(root: Element): void {
	for (const block of Array.from(root.querySelectorAll('p, h1, h2, h3, h4, h5, h6'))) {
		if (!meaningful(block)) block.remove();
	}
	// Deepest first, so an item whose only content was an empty nested list goes too.
	for (const el of Array.from(root.querySelectorAll('li, ul, ol, blockquote')).reverse()) {
		if (!meaningful(el)) el.remove();
	}
}

/**
 * The HTML to give the editor for `html` taken from the clipboard. `doc` is the document to work
 * in when the global one has no DOMParser (tests); in the editor it is the page's own.
 */
export function normalizePastedHtml(html: string, doc?: Document): string {
	if (/\sdata-pm-slice=/.test(html)) return html;
	const source = parse(html, doc);
	const body = source.body;
	if (!body) return '';
	convertWordLists(body);
	const out = source.implementation.createHTMLDocument('');
	const root = out.createElement('div');
	root.append(...blockify(cleanNode(body, START, out), out));
	dropEmpty(root);
	mapHeadings(root);
	return root.innerHTML;
}
