/**
 * The section editor's paste cleanup: every HTML paste (Word, LibreOffice, Google Docs, a web
 * page) goes through normalizePastedHtml before ProseMirror parses it, so headings, lists,
 * tables, bold/italic, links and images arrive and styles, fonts and classes do not. Plain-text
 * pastes (and Ctrl+Shift+V, which ProseMirror reads as plain text) are left to ProseMirror: each
 * line becomes a paragraph, blank lines add none.
 */
import { Extension } from '@tiptap/core';
import { normalizePastedHtml } from './normalize';

export const PasteCleanup = Extension.create({
	name: 'pasteCleanup',
	transformPastedHTML(html: string) {
		return normalizePastedHtml(html);
	}
});
