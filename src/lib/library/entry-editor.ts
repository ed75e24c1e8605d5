/**
 * The library entry editor (issue 16): Tiptap on the sections' schema (collab/schema.ts), not
 * collaborative — the entry is saved with its form, the ProseMirror JSON in a hidden field that
 * the server checks (lib/server/library/content.ts). Import it dynamically, like the section
 * editor: it carries Tiptap and ProseMirror.
 *
 * Pictures are not part of library entries for now: a pasted picture is replaced by its
 * description in italics (nothing when it has none), and dropped files are ignored.
 */
import { Editor, Extension, type JSONContent } from '@tiptap/core';
import { schemaExtensions } from '../collab/schema';

/** Pasted `<img>` become their alt text in italics (runs after the paste cleanup). */
const PicturesAsText = Extension.create({
	name: 'picturesAsText',
	priority: 50,
	transformPastedHTML(html: string) {
		if (!html.includes('<img')) return html;
		const dom = new DOMParser().parseFromString(html, 'text/html');
		for (const img of Array.from(dom.body.querySelectorAll('img'))) {
			const alt = (img.getAttribute('alt') ?? '').trim();
			if (alt) {
				const em = dom.createElement('em');
				em.textContent = alt;
				img.replaceWith(em);
			} else img.remove();
		}
		return dom.body.innerHTML;
	}
});

export interface EntryEditorOptions {
	/** The starting document (checked by the server), or null for an empty one. */
	json: JSONContent | null;
	label: string;
	textId: string;
	describedBy?: string;
	onChange(json: JSONContent): void;
}

export function mountEntryEditor(element: HTMLElement, options: EntryEditorOptions): Editor {
	const editor = new Editor({
		element,
		extensions: [...schemaExtensions({ history: true }), PicturesAsText],
		content: options.json ?? '',
		editorProps: {
			attributes: {
				class: 'rich-text entry-text',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				id: options.textId,
				...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
				spellcheck: 'true',
				lang: 'fr'
			},
			// Files dropped or pasted: not kept in entries (no pictures yet); the text of a paste still goes in.
			handleDrop: (_view, event) => ((event as DragEvent).dataTransfer?.files?.length ? true : false)
		}
	});
	editor.on('update', () => options.onChange(editor.getJSON()));
	options.onChange(editor.getJSON());
	return editor;
}
