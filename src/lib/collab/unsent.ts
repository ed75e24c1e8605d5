/**
 * Which sections hold, on this device, text the server has not received yet (issue 17): a local
 * change made while the editor is not synced marks its section in localStorage
 * (`cotrait:unsent:<sectionId>`), the next sync with the server clears it. Read before sign-out
 * (src/lib/components/offline/device-data.ts), which would erase those changes. Imports nothing,
 * so the layout can read the marks without loading the editor.
 */
const PREFIX = 'cotrait:unsent:';

export function markUnsent(sectionId: string): void {
	try {
		localStorage.setItem(PREFIX + sectionId, String(Date.now()));
	} catch {
		// storage refused: the warning before sign-out cannot know about it
	}
}

export function clearUnsent(sectionId: string): void {
	try {
		localStorage.removeItem(PREFIX + sectionId);
	} catch {
		// nothing to clear
	}
}

/** The sections marked on this device. */
export function unsentSections(): string[] {
	const ids: string[] = [];
	try {
		for (let i = 0; i < localStorage.length; i++) {
			const key = localStorage.key(i);
			if (key?.startsWith(PREFIX)) ids.push(key.slice(PREFIX.length));
		}
	} catch {
		// storage refused
	}
	return ids;
}
