/**
 * The current content of a section: the live room's state when it is open in this process
 * (newer than the stored log by at most the flush delay), else the stored state.
 */
import * as Y from 'yjs';
import type { AppContext } from '../context';
import { loadRoomState } from '../collab/persistence';
import { docToHtml, docToPlainText, docToProsemirrorJSON } from '../collab/text';
import type { PmNode } from '../exports/model';

export function sectionRoom(sectionId: string): string {
	return `section/${sectionId}`;
}

export async function currentSectionState(ctx: Pick<AppContext, 'db' | 'collab'>, sectionId: string): Promise<Uint8Array> {
	const room = sectionRoom(sectionId);
	const live = ctx.collab?.liveState?.(room) ?? null;
	if (live) return live;
	return (await loadRoomState(ctx.db, room)) ?? Y.encodeStateAsUpdate(new Y.Doc());
}

export interface SectionContent {
	state: Uint8Array;
	html: string;
	text: string;
	doc: PmNode;
}

/**
 * State, HTML, plain text and ProseMirror JSON of a section, from one consistent state (full
 * length: for the submission record and the exports, never sent to a page as such).
 */
export async function readSectionContent(ctx: Pick<AppContext, 'db' | 'collab'>, sectionId: string): Promise<SectionContent> {
	const state = await currentSectionState(ctx, sectionId);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	// Our own conversion: y-tiptap's recursion overflows the stack on deeply nested documents.
	const content = { state, html: docToHtml(doc), text: docToPlainText(doc), doc: docToProsemirrorJSON(doc) };
	doc.destroy();
	return content;
}

/** The ProseMirror JSON of a section's current content (what the exports lay out). */
export async function readSectionDoc(ctx: Pick<AppContext, 'db' | 'collab'>, sectionId: string): Promise<PmNode> {
	// Straight from the room's document when the collaboration server runs here: no encoding and
	// decoding of the whole state.
	const live = await ctx.collab?.withRoomDoc?.(sectionRoom(sectionId), docToProsemirrorJSON);
	if (live) return live;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await currentSectionState(ctx, sectionId));
	try {
		return docToProsemirrorJSON(doc);
	} finally {
		doc.destroy();
	}
}

export { sectionPreview, SECTION_PREVIEW_HTML_MAX, type SectionPreview } from './preview';
