/**
 * The text schema shared by the section editor and the library entry editor (issue 16): StarterKit
 * with headings 2–3, no code blocks, links limited to http(s)/mailto (safeLinkHref); tables; the
 * paste cleanup of Word / LibreOffice / Google Docs HTML. Each editor adds its own parts (the
 * section's co-writing, pictures, suggestions, comments). `history`: StarterKit's own undo/redo,
 * off where Yjs undoes (the section), on in a plain editor; the trailing node stays off in both.
 */
import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { safeLinkHref } from './links';
// Paste from Word / LibreOffice / Google Docs (issue 15, item 5): see paste/normalize.ts.
import { PasteCleanup } from './paste/extension';

export function schemaExtensions(options: { history: boolean }): AnyExtension[] {
	return [
		StarterKit.configure({
			...(options.history ? {} : { undoRedo: false as const }),
			trailingNode: false,
			codeBlock: false,
			heading: { levels: [2, 3] },
			link: {
				openOnClick: false,
				autolink: true,
				linkOnPaste: true,
				defaultProtocol: 'https',
				protocols: ['mailto'],
				isAllowedUri: (url) => safeLinkHref(url) !== null,
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' }
			}
		}),
		TableKit.configure({ table: { resizable: false } }),
		// Paste cleanup (issue 15, item 5): Word / LibreOffice / Google Docs HTML made plain.
		PasteCleanup
	];
}
