/**
 * Pictures in the section editor (issue 15, item 1): the `image` node (a block, an atom) whose
 * attributes are those of ./image-ref.ts — the document holds the file id, never a URL or the
 * bytes; `src` is derived as `/fichiers/<id>`. Shown as a <figure>: the picture at its natural
 * size capped to the text's width, the caption in a <figcaption>; while a picture waits for its
 * upload, this device shows it from its local copy with « Envoi de l’image… » and everyone else
 * sees « Image en cours d’envoi ».
 *
 * Files pasted or dropped go to `ask` (the page asks their alt text, then calls the uploader,
 * ./image-upload.ts). In pasted HTML, a `data:` picture is kept and uploaded (alt text from the
 * HTML, editable afterwards); a picture from another site (https://…, blob:) is dropped — fetching
 * it would leak the reader's address to that site and most refuse cross-origin reads; a picture
 * of Cotrait (`/fichiers/<id>`) is kept as it is.
 */
import { Extension, Node, type Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import FileHandler from '@tiptap/extension-file-handler';
import { IMAGE_NODE, imageSrc, isFileId, readImageAttrs } from './image-ref';
import { localImageUrl } from './image-offline';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, type ImageUploader } from './image-upload';

export interface ImageOptions {
	sectionId: string;
	uploader: ImageUploader;
	/** Files pasted or dropped at `pos` (null: the selection): ask their description, then add them. */
	ask(files: File[], pos: number | null): void;
}

/** The file id of a picture of this site (`/fichiers/<id>`, relative or absolute), else null. */
function fileIdOf(src: string | null): string | null {
	if (!src) return null;
	try {
		const url = new URL(src, location.origin);
		if (url.origin !== location.origin) return null;
		const id = /^\/fichiers\/([^/]+)$/.exec(url.pathname)?.[1];
		return isFileId(id) ? id : null;
	} catch {
		return null;
	}
}

/** The node's attributes read from a pasted <img>, or false to drop it. */
function attrsOfImg(img: HTMLElement): Record<string, unknown> | false {
	const fileId = fileIdOf(img.getAttribute('src'));
	const pendingId = img.getAttribute('data-pending-id');
	if (!fileId && !pendingId) return false;
	const a = readImageAttrs({
		fileId,
		pendingId,
		alt: img.getAttribute('alt'),
		width: img.getAttribute('width'),
		height: img.getAttribute('height')
	});
	return { ...a, caption: '' };
}

class ImageView {
	readonly dom: HTMLElement;
	private node: PmNode;
	private alive = true;

	constructor(
		node: PmNode,
		private readonly sectionId: string
	) {
		this.node = node;
		this.dom = document.createElement('figure');
		this.dom.className = 'section-image';
		this.dom.contentEditable = 'false';
		this.render();
	}

	private render(): void {
		const a = readImageAttrs(this.node.attrs);
		this.dom.replaceChildren();
		if (a.fileId) this.dom.append(this.picture(imageSrc(a.fileId), a));
		else {
			const waiting = document.createElement('div');
			waiting.className = 'section-image-waiting';
			waiting.textContent = 'Image en cours d’envoi';
			this.dom.append(waiting);
			if (a.pendingId) {
				const pendingId = a.pendingId;
				void localImageUrl(this.sectionId, pendingId).then((url) => {
					if (!url || !this.alive || readImageAttrs(this.node.attrs).pendingId !== pendingId) return;
					const badge = document.createElement('span');
					badge.className = 'section-image-badge';
					badge.setAttribute('role', 'status');
					badge.textContent = 'Envoi de l’image…';
					waiting.replaceWith(this.picture(url, a), badge);
				});
			}
		}
		if (a.caption) {
			const caption = document.createElement('figcaption');
			caption.textContent = a.caption;
			this.dom.append(caption);
		}
	}

	private picture(src: string, a: ReturnType<typeof readImageAttrs>): HTMLImageElement {
		const img = document.createElement('img');
		img.src = src;
		img.alt = a.alt;
		if (a.width && a.height) {
			img.width = a.width;
			img.height = a.height;
		}
		img.draggable = false;
		return img;
	}

	update(node: PmNode): boolean {
		if (node.type !== this.node.type) return false;
		const before = this.node;
		this.node = node;
		if (JSON.stringify(before.attrs) !== JSON.stringify(node.attrs)) this.render();
		return true;
	}

	selectNode(): void {
		this.dom.classList.add('selected');
	}

	deselectNode(): void {
		this.dom.classList.remove('selected');
	}

	stopEvent(): boolean {
		return false;
	}

	ignoreMutation(): boolean {
		return true;
	}

	destroy(): void {
		this.alive = false;
	}
}

/** A `data:` image URL as a Blob (accepted types, within the size limit), else null. */
function blobOfDataUrl(src: string): Blob | null {
	const m = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=\s]+)$/.exec(src);
	if (!m || (m[2]!.length * 3) / 4 > MAX_IMAGE_BYTES) return null;
	try {
		const binary = atob(m[2]!.replace(/\s+/g, ''));
		const bytes = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return new Blob([bytes], { type: m[1] });
	} catch {
		return null;
	}
}

/**
 * Pasted HTML's pictures before the parser sees them: `data:` ones kept on this device and
 * marked with a local id (never in the document), other sites' ones dropped.
 */
export function keepPastedImages(html: string, uploader: ImageUploader): string {
	if (!/<img\b/i.test(html)) return html;
	const doc = new DOMParser().parseFromString(html, 'text/html');
	for (const img of [...doc.querySelectorAll('img')]) {
		const src = img.getAttribute('src') ?? '';
		if (fileIdOf(src)) continue;
		const blob = src.startsWith('data:') ? blobOfDataUrl(src) : null;
		if (!blob) {
			// Another site's picture (or none): dropped, with the paragraph it alone filled.
			const parent = img.parentElement;
			img.remove();
			if (parent?.tagName === 'P' && parent.children.length === 0 && !parent.textContent?.trim()) parent.remove();
			continue;
		}
		img.setAttribute('data-pending-id', uploader.keepPasted(blob, img.getAttribute('alt') ?? ''));
		img.removeAttribute('src');
		// A picture alone in its paragraph (LibreOffice, Word) stands as the block itself: the
		// editor would otherwise keep the paragraph it leaves behind, empty.
		const parent = img.parentElement;
		if (parent?.tagName === 'P' && parent.children.length === 1 && !parent.textContent?.trim()) parent.replaceWith(img);
	}
	return doc.body.innerHTML;
}

/** The image node, paste and drop of picture files, and pasted HTML's pictures. */
export function imageExtensions(options: ImageOptions) {
	const image = Node.create({
		name: IMAGE_NODE,
		group: 'block',
		atom: true,
		draggable: true,
		selectable: true,
		addAttributes() {
			// Rendered by renderHTML below from checked values: nothing is copied as given.
			const plain = (fallback: unknown) => ({ default: fallback, rendered: false });
			return { fileId: plain(null), pendingId: plain(null), alt: plain(''), caption: plain(''), width: plain(null), height: plain(null) };
		},
		parseHTML() {
			return [
				{
					tag: 'figure',
					getAttrs: (el) => {
						const img = el.querySelector('img');
						const attrs = img ? attrsOfImg(img) : false;
						return attrs && { ...attrs, caption: readImageAttrs({ caption: el.querySelector('figcaption')?.textContent }).caption };
					}
				},
				{ tag: 'img', getAttrs: (el) => attrsOfImg(el) }
			];
		},
		renderHTML({ node }) {
			// What copying gives: the picture's address on this site, or its local id while it waits.
			const a = readImageAttrs(node.attrs);
			const img = a.fileId ? { src: imageSrc(a.fileId), alt: a.alt } : { 'data-pending-id': a.pendingId ?? '', alt: a.alt };
			const size = a.width && a.height ? { width: String(a.width), height: String(a.height) } : {};
			return a.caption
				? ['figure', {}, ['img', { ...img, ...size }], ['figcaption', {}, a.caption]]
				: ['figure', {}, ['img', { ...img, ...size }]];
		},
		addNodeView() {
			return ({ node }) => new ImageView(node, options.sectionId);
		}
	});
	const pastedHtml = Extension.create({
		name: 'cotraitPastedImages',
		addProseMirrorPlugins() {
			return [
				new Plugin({
					key: new PluginKey('cotraitPastedImages'),
					props: { transformPastedHTML: (html) => keepPastedImages(html, options.uploader) }
				})
			];
		}
	});
	const files = FileHandler.configure({
		allowedMimeTypes: IMAGE_TYPES,
		consumePasteEvent: true,
		onPaste: (_editor: Editor, pasted: File[]) => options.ask(pasted, null),
		onDrop: (_editor: Editor, dropped: File[], pos: number) => options.ask(dropped, pos)
	});
	return [image, pastedHtml, files];
}

/** The picture selected in the editor (its position and attributes), or null. */
export function selectedImage(editor: Editor): { pos: number; alt: string; caption: string } | null {
	const { selection } = editor.state;
	const node = 'node' in selection ? (selection.node as PmNode) : null;
	if (!node || node.type.name !== IMAGE_NODE) return null;
	const a = readImageAttrs(node.attrs);
	return { pos: selection.from, alt: a.alt, caption: a.caption };
}

/** Changes the description (alt text and caption) of the picture at `pos`. */
export function describeImage(editor: Editor, pos: number, text: { alt: string; caption: string }): void {
	const node = editor.state.doc.nodeAt(pos);
	if (!node || node.type.name !== IMAGE_NODE) return;
	const a = readImageAttrs({ alt: text.alt, caption: text.caption });
	editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, alt: a.alt, caption: a.caption }));
	editor.commands.focus();
}
