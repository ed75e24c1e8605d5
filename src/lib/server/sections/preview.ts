/**
 * The preview a section page embeds (pure: Yjs and the text module only, so that it also runs on
 * the export worker thread, see exports/render.ts).
 */
import * as Y from 'yjs';
import { countBodyCharacters, countCharacters, docToHtmlExcerpt, pendingSuggestions, SECTION_FIELD } from '../collab/text';

/**
 * Characters of HTML the section page embeds as its preview (shown until the editor has loaded,
 * and to browsers without JavaScript): a few pages of text. The editor gets the whole document
 * through the collaboration socket; the page never carries a copy of it.
 */
export const SECTION_PREVIEW_HTML_MAX = 20_000;

export interface SectionPreview {
	/** The beginning of the text as escaped HTML (docToHtml's rendering), cut at a block boundary. */
	html: string;
	/** Content was left out of `html`. */
	truncated: boolean;
	/** Characters of the whole text (countCharacters). */
	characters: number;
	/** Visible characters outside headings (countBodyCharacters): 0 for an empty section. */
	bodyCharacters: number;
	/** Suggested changes nobody accepted or refused yet (issue 15): they block the submission. */
	pendingSuggestions: number;
}

/** The preview of a section document for its page: a bounded excerpt and the full character count. */
export function sectionPreview(doc: Y.Doc): SectionPreview {
	return {
		...docToHtmlExcerpt(doc, SECTION_PREVIEW_HTML_MAX),
		characters: countCharacters(doc),
		bodyCharacters: countBodyCharacters(doc),
		pendingSuggestions: pendingSuggestions(doc, SECTION_FIELD).length
	};
}

/**
 * The preview of a stored document given as its snapshot and log updates (what
 * collab/persistence readRoomStorage returns), applied in one transaction to a fresh document.
 */
export function previewOfUpdates(updates: readonly Uint8Array[]): SectionPreview {
	const doc = new Y.Doc();
	try {
		doc.transact(() => {
			for (const u of updates) {
				try {
					Y.applyUpdate(doc, u);
				} catch {
					// A damaged stored update: the room's load skips and logs it too.
				}
			}
		});
		return sectionPreview(doc);
	} finally {
		doc.destroy();
	}
}
