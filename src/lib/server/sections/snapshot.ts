/**
 * Taking a version of a section: its current content (stored state merged with the live room's)
 * stored whole as one Yjs update, its escaped HTML and character count. The step that named
 * versions, the review (on validation) and the submission share; no authorization here, the
 * use cases that call it decide.
 *
 * Freshness: the collaboration server writes a room's updates to SQLite at most ~100 ms after
 * they arrive, so the stored state may lag a room being typed in. `createVersion` therefore
 * also applies the room's in-memory state when the collaboration server runs in this process
 * (pass `ctx.collab`, whose `liveState(room)` hands it over); stored and live states are merged
 * (applying a Yjs update twice is harmless), so nothing acknowledged by the server is missed.
 */
import * as Y from 'yjs';
import type { CollabControl } from '../context';
import type { DB } from '../db/index';
import type { SectionVersionKind } from '../db/schema';
import { newId } from '../ids';
import { applyStoredState } from '../collab/persistence';
import { countCharacters, docToHtml } from '../collab/text';
import { insertVersion } from './versions.repository';

/** Longest version name, in characters. */
export const VERSION_NAME_MAX = 120;

export const VERSION_KINDS: Record<SectionVersionKind, string> = {
	manual: 'Version enregistrée',
	validation: 'Validation',
	submission: 'Dépôt'
};

/** Where the in-memory state of open rooms comes from (the collab server's control). */
export type LiveStateSource = Pick<CollabControl, 'liveState'> | null | undefined;

/**
 * The current document of a section as a fresh Y.Doc (destroy it after use): the stored state
 * of room `section/<sectionId>` merged with the room's live state when `live` can give it.
 */
export async function currentSectionDoc(db: DB, sectionId: string, live?: LiveStateSource): Promise<Y.Doc> {
	const room = `section/${sectionId}`;
	const doc = new Y.Doc();
	// Applied straight into `doc` (loadRoomState would decode the stored state twice).
	await applyStoredState(db, room, doc);
	const current = live?.liveState?.(room) ?? null;
	if (current) Y.applyUpdate(doc, current);
	return doc;
}

/**
 * Stores a version of a section from its current content (see currentSectionDoc).
 * `beforeStore` gets the bytes the version will take and may refuse by throwing (storage quota).
 */
export async function createVersion(
	db: DB,
	input: { sectionId: string; name: string; userId: string; kind: SectionVersionKind; now: number },
	live?: LiveStateSource,
	beforeStore?: (bytes: number) => Promise<void>
): Promise<{ id: string; html: string; state: Uint8Array }> {
	const doc = await currentSectionDoc(db, input.sectionId, live);
	try {
		const state = Y.encodeStateAsUpdate(doc);
		const html = docToHtml(doc);
		await beforeStore?.(state.byteLength + Buffer.byteLength(html));
		const id = newId();
		await insertVersion(db, {
			id,
			sectionId: input.sectionId,
			name: input.name.trim().slice(0, VERSION_NAME_MAX) || VERSION_KINDS[input.kind],
			state,
			html,
			textLength: countCharacters(doc),
			createdBy: input.userId,
			createdAt: input.now,
			kind: input.kind
		});
		return { id, html, state };
	} finally {
		doc.destroy();
	}
}
