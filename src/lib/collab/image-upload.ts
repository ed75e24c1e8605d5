/**
 * Sending the section's pictures to the server (issue 15, item 1). `uploadSectionImage` is the one
 * upload call (the paste engineer's code may use it too). The `ImageUploader` of an open editor
 * takes every picture added (button, paste, drop, `data:` images in pasted HTML), keeps it on
 * this device first (./image-offline.ts), inserts its node with a local `pendingId`, then uploads
 * it whenever the server can be reached and sets the node's `fileId` — once, even with two tabs
 * open on the section: a Web Lock per picture, and the record is read again inside it (the tab
 * that uploaded it has forgotten it).
 */
import type { Editor } from '@tiptap/core';
import { ALT_MAX, CAPTION_MAX, IMAGE_NODE } from './image-ref';
import { findPending, forgetPending, listPending, newPendingId, savePending, type PendingImage } from './image-offline';

/** Same limit as the server (src/lib/server/files/image-processing.ts). */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export interface UploadedImage {
	id: string;
	width: number;
	height: number;
}

/** A refusal by the server (not a network failure): French message, no retry. */
export class ImageRefusedError extends Error {}

/** The address images of a section are uploaded to. */
export function imageUploadUrl(bidId: string, sectionId: string): string {
	return `/reponses/${encodeURIComponent(bidId)}/sections/${encodeURIComponent(sectionId)}/images`;
}

/**
 * Uploads a picture into a section. Resolves with the displayed picture's id and size; rejects
 * with ImageRefusedError (French message) when the server refuses it, with a TypeError when the
 * server cannot be reached.
 */
export async function uploadSectionImage(url: string, blob: Blob, name = 'image'): Promise<UploadedImage> {
	const body = new FormData();
	body.append('file', blob, name);
	const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
	const answer = (await response.json().catch(() => null)) as Partial<UploadedImage> & { message?: string };
	if (response.ok && answer && typeof answer.id === 'string')
		return { id: answer.id, width: Number(answer.width), height: Number(answer.height) };
	if (response.status >= 500 || response.status === 0) throw new TypeError('server unavailable');
	throw new ImageRefusedError(answer?.message ?? 'L’image a été refusée par le serveur.');
}

/** A French reason to refuse a file before sending it, or null. */
export function refuseFile(file: Blob): string | null {
	if (!IMAGE_TYPES.includes(file.type)) return 'Ce fichier n’est pas une image acceptée : choisissez une image PNG, JPEG, WebP ou GIF.';
	if (file.size > MAX_IMAGE_BYTES) return `Image trop volumineuse : ${Math.ceil(file.size / 1024 / 1024)} Mo, le maximum est 15 Mo.`;
	return null;
}

async function naturalSize(blob: Blob): Promise<{ width: number | null; height: number | null }> {
	try {
		const bitmap = await createImageBitmap(blob);
		const size = { width: bitmap.width, height: bitmap.height };
		bitmap.close();
		return size;
	} catch {
		return { width: null, height: null };
	}
}

export interface UploaderOptions {
	sectionId: string;
	url: string;
	/** Pictures being sent from this tab (0 when none). */
	onUploading?(count: number): void;
	/** A picture was refused (French message); its node has been removed. */
	onError?(message: string): void;
}

export class ImageUploader {
	private editor: Editor | null = null;
	private uploading = new Set<string>();
	private flushing: Promise<void> | null = null;

	constructor(private readonly options: UploaderOptions) {}

	attach(editor: Editor): void {
		this.editor = editor;
		void this.flush();
	}

	/**
	 * Adds a picture file at `pos` (or the selection): kept on this device, shown at once, sent
	 * now or when back online. Returns false (and says why) when the file is refused.
	 */
	async add(file: Blob, meta: { alt: string; caption: string; name?: string }, pos?: number): Promise<boolean> {
		const refusal = refuseFile(file);
		if (refusal) {
			this.options.onError?.(refusal);
			return false;
		}
		const pending = this.keep(file, meta);
		const size = await naturalSize(file);
		await savePending(pending);
		const editor = this.editor;
		if (!editor || editor.isDestroyed) return false;
		const node = { type: IMAGE_NODE, attrs: { pendingId: pending.pendingId, alt: pending.alt, caption: pending.caption, ...size } };
		const at = pos ?? editor.state.selection.to;
		editor.chain().focus().insertContentAt(at, node).run();
		// A picture that ends the text gets an empty paragraph after it, to go on writing there.
		if (editor.state.doc.lastChild?.type.name === IMAGE_NODE)
			editor.chain().insertContentAt(editor.state.doc.content.size, { type: 'paragraph' }).focus('end').run();
		void this.flush();
		return true;
	}

	/** Keeps a picture found in pasted HTML (a `data:` image) and gives its local id; sent by the next flush. */
	keepPasted(blob: Blob, alt: string): string {
		const pending = this.keep(blob, { alt, caption: '' });
		void savePending(pending).then(() => setTimeout(() => void this.flush(), 0));
		return pending.pendingId;
	}

	private keep(blob: Blob, meta: { alt: string; caption: string; name?: string }): PendingImage {
		return {
			sectionId: this.options.sectionId,
			pendingId: newPendingId(),
			blob,
			name: meta.name ?? (blob instanceof File ? blob.name : 'image'),
			alt: [...meta.alt.trim()].slice(0, ALT_MAX).join(''),
			caption: [...meta.caption.trim()].slice(0, CAPTION_MAX).join(''),
			createdAt: Date.now()
		};
	}

	/** Sends every picture of the section waiting on this device (called on reconnect too). */
	flush(): Promise<void> {
		this.flushing ??= this.sendAll().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async sendAll(): Promise<void> {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		for (const pending of await listPending(this.options.sectionId)) {
			if (this.uploading.has(pending.pendingId)) continue;
			await this.withLock(pending.pendingId, () => this.send(pending.pendingId));
		}
	}

	private async withLock(pendingId: string, fn: () => Promise<void>): Promise<void> {
		const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
		if (!locks) return fn();
		// Another tab holding it is sending this picture: leave it to that tab.
		await locks.request(`cotrait-image-${pendingId}`, { ifAvailable: true }, async (lock) => (lock ? fn() : undefined));
	}

	private async send(pendingId: string): Promise<void> {
		const editor = this.editor;
		if (!editor || editor.isDestroyed) return;
		// Read again under the lock: gone when another tab sent it meanwhile.
		const pending = await findPending(this.options.sectionId, pendingId);
		if (!pending) return;
		if (!this.positions(pendingId).length) {
			// Its node was deleted before it was sent (or not here yet): forget it after a day.
			if (Date.now() - pending.createdAt > 86_400_000) await forgetPending(pending.sectionId, pendingId);
			return;
		}
		this.uploading.add(pendingId);
		this.options.onUploading?.(this.uploading.size);
		try {
			const uploaded = await uploadSectionImage(this.options.url, pending.blob, pending.name);
			this.settle(pendingId, { fileId: uploaded.id, pendingId: null, width: uploaded.width, height: uploaded.height });
			await forgetPending(pending.sectionId, pendingId);
		} catch (e) {
			if (!(e instanceof ImageRefusedError)) return; // offline or server down: sent on reconnect
			this.settle(pendingId, null);
			await forgetPending(pending.sectionId, pendingId);
			this.options.onError?.(e.message);
		} finally {
			this.uploading.delete(pendingId);
			this.options.onUploading?.(this.uploading.size);
		}
	}

	/** Where the nodes waiting for `pendingId` are in the document. */
	private positions(pendingId: string): number[] {
		const out: number[] = [];
		this.editor?.state.doc.descendants((node, pos) => {
			if (node.type.name === IMAGE_NODE && node.attrs.pendingId === pendingId && !node.attrs.fileId) out.push(pos);
			return !node.isAtom;
		});
		return out;
	}

	/** Sets the uploaded picture on its nodes, or removes them (`attrs` null: refused). */
	private settle(pendingId: string, attrs: Record<string, unknown> | null): void {
		const editor = this.editor;
		if (!editor || editor.isDestroyed) return;
		const positions = this.positions(pendingId);
		if (positions.length === 0) return;
		const tr = editor.state.tr;
		for (const pos of positions.reverse()) {
			const node = tr.doc.nodeAt(pos);
			if (!node) continue;
			if (attrs) tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs });
			else tr.delete(pos, pos + node.nodeSize);
		}
		editor.view.dispatch(tr);
	}
}
