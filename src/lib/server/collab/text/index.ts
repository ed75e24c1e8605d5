/**
 * Server-side reading of a section document, without ProseMirror: walks the Y.XmlFragment the
 * Tiptap editor binds to (./yxml.ts). Used for exports, character counts, previews and
 * versions: HTML whole or as an excerpt within a budget (./html.ts), excerpts of stored HTML
 * (./stored-html.ts), plain text and the character count (./plain-text.ts), ProseMirror JSON
 * (./prosemirror-json.ts). Pending suggested changes are read as refused (./suggestions.ts). Every text and attribute is HTML-escaped; links keep only http(s)
 * and mailto targets (safeHref, src/lib/collab/links.ts). Unknown nodes keep their content.
 *
 * Documents come from any writer, so nothing here trusts their shape: no walk goes deeper than
 * MAX_DOCUMENT_DEPTH elements on the call stack. Below that depth content is flattened (its text
 * kept, one paragraph per text block, nesting and marks dropped) by an iterative walk
 * (./flatten.ts), so a document nested thousands of levels deep reads like any other instead of
 * overflowing the stack (docs/SECURITY.md, « Limits and quotas »).
 */
export { SECTION_FIELD, MAX_DOCUMENT_DEPTH } from './yxml';
export { escapeHtml } from './escape';
export { safeHref } from '../../../collab/links';
export { docToHtml, docToHtmlExcerpt, type HtmlExcerpt } from './html';
export { storedHtmlExcerpt } from './stored-html';
export { countBodyCharacters, countCharacters, docToPlainText } from './plain-text';
export { docToProsemirrorJSON, type PmJsonMark, type PmJsonNode } from './prosemirror-json';
export { pendingSuggestions, settledFingerprint, type PendingSuggestion } from './suggestions';
