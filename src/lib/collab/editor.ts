/**
 * The section editor: Tiptap 3 bound to the section's Y.Doc (field 'default', what the server's
 * text extraction reads), with presence carets. Import it dynamically
 * (`await import('$lib/collab/editor')`): with Tiptap, ProseMirror, Yjs and the providers it is
 * the heaviest chunk of the app, and only the section page needs it.
 *
 * Undo/redo: StarterKit's own history (`undoRedo`) is turned off; the Collaboration extension's
 * undo/redo runs a Y.UndoManager that tracks only transactions whose origin is this editor's
 * y-sync plugin, so Ctrl+Z (and the toolbar buttons) undo your own changes, never a co-author's.
 *
 * Trailing node: off. It appends an empty paragraph from `appendTransaction`, which runs on every
 * client for every remote change too: two clients would each add one (duplicates), and a
 * read-only client would write to its own copy.
 */
import { Editor, Extension } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { resolveColors } from './colors';
import { schemaExtensions } from './schema';
import { openSectionConnection, type StatusEvent } from './provider';
import type { PresentUser } from './presence.svelte';
// Images (issue 15, item 1): the node, paste/drop of files, uploads (./images.ts, ./image-upload.ts).
import { describeImage, imageExtensions, selectedImage } from './images';
import { ImageUploader, imageUploadUrl } from './image-upload';
import { attachSuggestions, suggestionExtensions, type SuggestionControls, type SuggestionItem } from './suggestions';
// Comments anchored in the text (issue 15, item 2).
import { commentAnchors, type CommentAnchorOptions, type CommentAnchors } from './comment-anchors';
// Library entries inserted as copies, their ranges remembered (issue 16, item 2).
import { libraryInserts, type LibraryInserts } from './library-ranges';

export interface EditorUser {
	id: string;
	name: string;
	/** #rrggbb, see colors.ts. */
	color: string;
}

export interface MountOptions {
	sectionId: string;
	user: EditorUser;
	readOnly: boolean;
	/** Accessible name of the text area. */
	label?: string;
	/** id given to the text area (the toolbar's aria-controls). */
	textId?: string;
	/** id of an element describing the text area (keyboard help). */
	describedBy?: string;
	onStatus?(event: StatusEvent): void;
	onPresence?(users: PresentUser[]): void;
	/** Characters of text, spaces included (same count as the server's countCharacters). */
	onLength?(characters: number): void;
	/** Permanent refusal by the server (4401, 4403). */
	onFatal?(code: number, message: string): void;
	/** The server closed with 4205: reload the user's rights. */
	onAccessChanged?(): void;
	/** A room notice from the server (e.g. « comments »). */
	onNotice?(notice: string): void;
	/** Whether this device holds text the server has not got (see ConnectionCallbacks). */
	onLocalAhead?(ahead: boolean): void;
	/** Escape pressed in the text: the page moves focus out (toolbar). */
	onEscape?(): void;
	/** Ctrl/Cmd+K in the text: the page opens its link prompt. */
	onLinkShortcut?(): void;
	/** Images (issue 15): the bid the section belongs to (its upload address), and the page's callbacks. */
	images?: {
		bidId: string;
		/** Picture files pasted or dropped at `pos` (null: the selection): ask their description. */
		ask(files: File[], pos: number | null): void;
		onUploading?(count: number): void;
		onError?(message: string): void;
	};
	/** Suggested changes (suggestions.ts): this person may only suggest (« Suggérer » on, no switch). */
	suggestOnly?: boolean;
	/** The pending suggestions, whenever they change (at most once per frame). */
	onSuggestions?(items: SuggestionItem[]): void;
	/** Comment threads anchored in the text: highlights, clicks, Ctrl/Cmd+Alt+M. */
	comments?: CommentAnchorOptions;
}

export type { SuggestionControls, SuggestionItem };

export interface EditorHandle {
	editor: Editor;
	/** Adds pictures to the section (kept on this device until uploaded). */
	images: ImageUploader;
	/** The selected picture's position and description, or null. */
	selectedImage(): { pos: number; alt: string; caption: string } | null;
	describeImage(pos: number, text: { alt: string; caption: string }): void;
	/** The text as shown on this device, paragraphs separated by blank lines. */
	plainText(): string;
	setReadOnly(readOnly: boolean): void;
	suggestions: SuggestionControls;
	/** The comment threads' highlights and the selection's anchor (comment-anchors.ts). */
	comments: CommentAnchors;
	/** Library copies inserted and updated, with their ranges (library-ranges.ts). */
	library: LibraryInserts;
	destroy(): void;
}

/**
 * Characters of text in a ProseMirror document (Unicode code points, spaces included), pending
 * suggested insertions and their zero-width anchors left out like the server's count does.
 */
export function countDocCharacters(doc: PmNode): number {
	let n = 0;
	doc.descendants((node) => {
		if (!node.isText || !node.text || node.marks.some((m) => m.type.name === 'insertion')) return true;
		for (const c of node.text) if (c !== '\u200b') n++;
		return true;
	});
	return n;
}

/**
 * A co-author's caret with their name. The name is drawn by CSS (`::after { content:
 * attr(data-name) }`) so that it is not part of the text: copying, reading the text aloud or
 * counting it never picks up "Chloé Bernard" in the middle of a sentence.
 */
function caret(user: Record<string, unknown>, color: string): HTMLElement {
	const name = typeof user.name === 'string' ? user.name : 'Anonyme';
	const cursor = document.createElement('span');
	cursor.className = 'collab-caret';
	cursor.setAttribute('aria-hidden', 'true');
	cursor.style.borderColor = color;
	const label = document.createElement('span');
	label.className = 'collab-caret-label';
	label.dataset.name = name;
	label.style.backgroundColor = color;
	cursor.append(label);
	return cursor;
}

const HEX = /^#[0-9a-f]{6}$/i;

/**
 * Mounts the editor in `element`: loads the local copy, creates the editor, connects to the
 * server. Resolves with the editor once it is usable.
 */
export async function mountEditor(element: HTMLElement, options: MountOptions): Promise<EditorHandle> {
	// Images (issue 15): pictures waiting on this device are sent whenever the section is online.
	const uploader = new ImageUploader({
		sectionId: options.sectionId,
		url: imageUploadUrl(options.images?.bidId ?? '', options.sectionId),
		onUploading: options.images?.onUploading,
		onError: options.images?.onError
	});
	const connection = openSectionConnection(options.sectionId, {
		onStatus: (event) => {
			options.onStatus?.(event);
			if (event.status === 'online' && options.images) void uploader.flush();
		},
		onFatal: options.onFatal,
		onAccessChanged: options.onAccessChanged,
		onNotice: options.onNotice,
		onLocalAhead: options.onLocalAhead
	});
	const { doc, provider } = connection;
	// The local copy first, so the editor opens on what was typed here last time (even offline).
	await connection.started;

	let readOnly = options.readOnly;

	// Colours of the people present, without two alike (resolveColors). Registered before the
	// editor so that the caret plugin, which redraws on the same awareness event, sees them.
	const awareness = provider.awareness;
	let colors = new Map<string, string>();
	const resolvePresenceColors = () => {
		const ids = [options.user.id];
		for (const state of awareness.getStates().values()) {
			const id = (state as { user?: { id?: unknown } }).user?.id;
			if (typeof id === 'string') ids.push(id);
		}
		colors = resolveColors(ids);
	};
	awareness.on('change', resolvePresenceColors);
	resolvePresenceColors();
	const colorOf = (user: Record<string, unknown>): string =>
		(typeof user.id === 'string' ? colors.get(user.id) : undefined) ??
		(typeof user.color === 'string' && HEX.test(user.color) ? user.color : '#525a66');

	const keys = Extension.create({
		name: 'cotraitKeys',
		addKeyboardShortcuts() {
			return {
				Escape: () => {
					options.onEscape?.();
					return Boolean(options.onEscape);
				},
				'Mod-k': () => {
					if (readOnly) return false;
					options.onLinkShortcut?.();
					return Boolean(options.onLinkShortcut);
				}
			};
		}
	});

	/** Attributes of the text area (an object: Tiptap spreads it into ProseMirror's props). */
	const textAttributes = (): Record<string, string> => ({
		class: 'section-text',
		role: 'textbox',
		'aria-multiline': 'true',
		'aria-label': options.label ?? 'Texte de la section',
		...(options.textId ? { id: options.textId } : {}),
		...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
		'aria-readonly': String(readOnly),
		spellcheck: 'true',
		lang: 'fr'
	});

	const anchors = commentAnchors(options.comments ?? {});

	const editor = new Editor({
		element,
		editable: !readOnly,
		extensions: [
			// The schema (StarterKit, tables, paste cleanup), shared with the library entry editor.
			...schemaExtensions({ history: false }),
			Collaboration.configure({ document: doc, field: 'default' }),
			CollaborationCaret.configure({
				provider,
				user: { id: options.user.id, name: options.user.name, color: options.user.color },
				render: (user: Record<string, unknown>) => caret(user, colorOf(user)),
				// A light tint (20 %): the selected text stays readable under it.
				selectionRender: (user: Record<string, unknown>) => ({
					nodeName: 'span',
					class: 'collab-selection',
					style: `background-color: ${colorOf(user)}33`
				})
			}),
			keys,
			// Images (issue 15): always in the schema, so that a reader's editor keeps pictures.
			...imageExtensions({ sectionId: options.sectionId, uploader, ask: (files, pos) => options.images?.ask(files, pos) }),
			// Suggested changes (issue 15, item 3): marks, plugin and the dispatch hook, in suggestions.ts.
			...suggestionExtensions({ userId: options.user.id }),
			anchors.extension
		],
		editorProps: {
			attributes: textAttributes()
		}
	});

	// Presence: every awareness state that carries a user.
	const publishPresence = () => {
		const users: PresentUser[] = [];
		for (const [clientId, state] of awareness.getStates()) {
			const u = (state as { user?: Partial<EditorUser> }).user;
			if (!u || typeof u.id !== 'string' || typeof u.name !== 'string') continue;
			users.push({ clientId, id: u.id, name: u.name, color: colorOf(u), self: clientId === doc.clientID });
		}
		options.onPresence?.(users);
	};
	awareness.on('change', publishPresence);
	publishPresence();

	// Length: recounted at most once per frame.
	let frame = 0;
	const publishLength = () => {
		if (frame) return;
		frame = requestAnimationFrame(() => {
			frame = 0;
			if (!editor.isDestroyed) options.onLength?.(countDocCharacters(editor.state.doc));
		});
	};
	editor.on('transaction', ({ transaction }) => {
		if (transaction.docChanged) publishLength();
	});
	options.onLength?.(countDocCharacters(editor.state.doc));
	if (options.images) uploader.attach(editor);

	// Suggested changes (issue 15, item 3): mode, list and accept/refuse, in suggestions.ts.
	const suggestions = attachSuggestions(editor, { suggestOnly: options.suggestOnly === true, onSuggestions: options.onSuggestions });

	return {
		editor,
		images: uploader,
		selectedImage: () => selectedImage(editor),
		describeImage: (pos, text) => describeImage(editor, pos, text),
		comments: anchors.controller(() => editor.view),
		library: libraryInserts(editor),
		plainText: () => editor.getText({ blockSeparator: '\n\n' }),
		setReadOnly(value: boolean) {
			if (value === readOnly || editor.isDestroyed) return;
			readOnly = value;
			editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes: textAttributes() } });
			editor.setEditable(!value);
		},
		suggestions,
		destroy() {
			cancelAnimationFrame(frame);
			suggestions.destroy();
			awareness.off('change', publishPresence);
			awareness.off('change', resolvePresenceColors);
			editor.destroy();
			connection.destroy();
		}
	};
}
