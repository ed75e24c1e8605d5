/**
 * What this device keeps of the signed-in person for offline use, and how it is forgotten
 * (issue 17, docs/SECURITY.md « Offline copies »):
 * - the service worker's stored pages (Cache Storage `cotrait-pages-…`),
 * - the sections' documents (IndexedDB `cotrait-section-<id>`, y-indexeddb),
 * - pictures waiting for their upload (IndexedDB `cotrait-images`),
 * - comments waiting to be posted and the « not yet sent » marks (localStorage `cotrait:…`).
 *
 * Sign-out wipes all of it (the answer's Clear-Site-Data does too, where the browser honours it);
 * a different account signing in on this device wipes it before showing anything. Session expiry
 * keeps the documents and queues (the same person signing in again sends them) but the service
 * worker drops the stored pages, so nothing of them is shown to whoever comes next.
 */
import { unsentSections } from '$lib/collab/unsent';

const ACCOUNT_KEY = 'cotrait:device-account';
const QUEUE_PREFIX = 'cotrait:comment-queue:';

/** What would be lost by wiping now. */
export interface PendingWork {
	sections: number;
	comments: number;
	pictures: number;
}

export function hasPending(work: PendingWork): boolean {
	return work.sections + work.comments + work.pictures > 0;
}

function storageKeys(): string[] {
	try {
		return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
	} catch {
		return [];
	}
}

async function countPictures(): Promise<number> {
	if (typeof indexedDB === 'undefined' || !indexedDB.databases) return 0;
	// Opening an absent database would create it: look first.
	if (!(await indexedDB.databases()).some((d) => d.name === 'cotrait-images')) return 0;
	return new Promise((resolve) => {
		const open = indexedDB.open('cotrait-images');
		open.onerror = open.onblocked = () => resolve(0);
		open.onsuccess = () => {
			const db = open.result;
			try {
				const count = db.transaction('pending').objectStore('pending').count();
				count.onsuccess = () => resolve(count.result);
				count.onerror = () => resolve(0);
			} catch {
				resolve(0);
			} finally {
				db.close();
			}
		};
	});
}

/** Changes of the person that only this device holds. */
export async function pendingWork(): Promise<PendingWork> {
	let comments = 0;
	for (const key of storageKeys()) {
		if (!key.startsWith(QUEUE_PREFIX)) continue;
		try {
			const items: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
			if (Array.isArray(items)) comments += items.length;
		} catch {
			// unreadable: nothing to count
		}
	}
	return { sections: unsentSections().length, comments, pictures: await countPictures() };
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		// « blocked »: this tab's editor still has it open; the deletion completes once it closes.
		request.onsuccess = request.onerror = request.onblocked = () => resolve();
	});
}

/** Forgets everything Cotrait keeps on this device (see the header). */
export async function wipeDeviceData(): Promise<void> {
	for (const key of storageKeys()) {
		if (key.startsWith('cotrait:')) localStorage.removeItem(key);
	}
	if (typeof caches !== 'undefined') {
		for (const name of await caches.keys()) if (name.startsWith('cotrait-pages-')) await caches.delete(name);
	}
	if (typeof indexedDB !== 'undefined' && indexedDB.databases) {
		const dbs = await indexedDB.databases();
		await Promise.all(dbs.filter((d) => d.name?.startsWith('cotrait-')).map((d) => deleteDatabase(d.name!)));
	}
}

/**
 * Called on every signed-in page: when this device last held another account's data, it is wiped
 * before anything else runs (the service worker has already dropped that account's pages).
 */
export async function claimDevice(userId: string): Promise<void> {
	let previous: string | null;
	try {
		previous = localStorage.getItem(ACCOUNT_KEY);
	} catch {
		return;
	}
	if (previous === userId) return;
	if (previous !== null) await wipeDeviceData();
	try {
		localStorage.setItem(ACCOUNT_KEY, userId);
	} catch {
		// storage refused: nothing was kept either
	}
}
