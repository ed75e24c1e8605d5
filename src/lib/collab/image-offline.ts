/**
 * Pictures waiting for their upload (issue 15, item 1), kept on this device: every picture added
 * in the editor is first stored here (IndexedDB `cotrait-images`, one record per picture, keyed
 * by section and local id) and shown from an object URL, its node carrying `pendingId`; the
 * uploader (./images.ts) sends it when the server can be reached — at once when online, after
 * reconnecting when added offline, or on the next visit — then forgets it. Without IndexedDB
 * (private windows of some browsers) the pictures live in this tab's memory only.
 */

export interface PendingImage {
	sectionId: string;
	pendingId: string;
	blob: Blob;
	name: string;
	alt: string;
	caption: string;
	createdAt: number;
}

const DB_NAME = 'cotrait-images';
const STORE = 'pending';

/** This tab's pictures by local id (also what IndexedDB could not take). */
const memory = new Map<string, PendingImage>();
const urls = new Map<string, string>();

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
	opening ??= new Promise((resolve) => {
		if (typeof indexedDB === 'undefined') return resolve(null);
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => {
			const store = request.result.createObjectStore(STORE, { keyPath: ['sectionId', 'pendingId'] });
			store.createIndex('section', 'sectionId');
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = request.onblocked = () => resolve(null);
	});
	return opening;
}

function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
	return open().then(
		(db) =>
			new Promise<T | undefined>((resolve) => {
				if (!db) return resolve(undefined);
				try {
					const request = fn(db.transaction(STORE, mode).objectStore(STORE));
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => resolve(undefined);
				} catch {
					resolve(undefined);
				}
			})
	);
}

/** A new local id for a picture (the shape image-ref.ts accepts). */
export function newPendingId(): string {
	return `local-${crypto.randomUUID()}`;
}

/** Keeps a picture until it is uploaded. */
export async function savePending(image: PendingImage): Promise<void> {
	memory.set(image.pendingId, image);
	await run('readwrite', (s) => s.put(image));
}

/** The picture waiting under this id, from this tab or this device; undefined once uploaded. */
export async function findPending(sectionId: string, pendingId: string): Promise<PendingImage | undefined> {
	const stored = await run<PendingImage>('readonly', (s) => s.get([sectionId, pendingId]));
	if (stored) return stored;
	const mine = memory.get(pendingId);
	return mine && mine.sectionId === sectionId ? mine : undefined;
}

/** Every picture of the section waiting on this device. */
export async function listPending(sectionId: string): Promise<PendingImage[]> {
	const stored = (await run<PendingImage[]>('readonly', (s) => s.index('section').getAll(sectionId))) ?? [];
	const ids = new Set(stored.map((p) => p.pendingId));
	for (const p of memory.values()) if (p.sectionId === sectionId && !ids.has(p.pendingId)) stored.push(p);
	return stored;
}

/** Forgets an uploaded (or refused) picture. */
export async function forgetPending(sectionId: string, pendingId: string): Promise<void> {
	memory.delete(pendingId);
	await run('readwrite', (s) => s.delete([sectionId, pendingId]));
}

/** An object URL showing the waiting picture on this device, or null when it is not here. */
export async function localImageUrl(sectionId: string, pendingId: string): Promise<string | null> {
	const known = urls.get(pendingId);
	if (known) return known;
	const pending = await findPending(sectionId, pendingId);
	if (!pending) return null;
	const url = URL.createObjectURL(pending.blob);
	urls.set(pendingId, url);
	return url;
}
