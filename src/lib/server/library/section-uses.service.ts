/**
 * The library inside a section (issue 16, items 2 and 3). Search the entries the person may see
 * and hand one as a copy to the section editor (`entryForSection`); remember where the copy went
 * (`recordLibraryUse`: entry, version, the range as two Yjs relative positions computed by the
 * editor like comment anchors) and move that memory on « mettre à jour »; list a section's uses
 * with « mise à jour disponible » when the entry's version grew (`sectionLibraryPanel`); save a
 * selection of the section as a new entry of the person's library (`saveSelectionToLibrary`).
 *
 * The bid must be visible (404 otherwise), the section one of its sections (404), and the entry
 * visible to the person (404, library-read). Inserting and recording need the section's room in
 * « write » or « suggest » (policies/library.policy `mayInsertLibraryInSection`).
 */
import type { AppContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { mayInsertLibraryInSection, maySaveSectionToLibrary } from '../policies/library.policy';
import { authorizeBid } from '../bids/bid-access';
import { resolveRoomAccess } from '../collab/access';
import { findSection } from '../sections/sections.repository';
import { sectionRoom } from '../sections/state';
import { entryForInsert, listVisibleEntries, loadEntryFor, type EntrySummary } from './library-read';
import { createEntry, type EntryInput } from './library.service';
import { findSectionLibraryUse, insertSectionLibraryUse, listSectionLibraryUses, updateSectionLibraryUse } from './section-uses.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/** Entries shown by one search of the panel. */
export const PANEL_RESULTS = 20;
/** A relative position, base64 (a few dozen characters in practice). */
const POSITION = /^[A-Za-z0-9+/]{4,600}={0,2}$/;

async function sectionRights(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	if (!(await findSection(ctx.db, bidId, sectionId))) throw notFound();
	const room = await resolveRoomAccess(ctx.db, actor.id, sectionRoom(sectionId), ctx.now());
	return { insert: mayInsertLibraryInSection(room), save: maySaveSectionToLibrary(room) };
}

async function requireInsert(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	const can = await sectionRights(ctx, actor, bidId, sectionId);
	if (!can.insert) throw new DomainError('forbidden', 'Cette section est en lecture seule pour vous : rien ne peut y être inséré.');
}

export interface SectionLibraryUse {
	id: string;
	entryId: string;
	title: string;
	version: number;
	/** The entry's version now; null when the person may no longer see the entry. */
	entryVersion: number | null;
	updateAvailable: boolean;
	start: string;
	end: string;
	insertedAt: number;
	insertedByName: string;
}

/** What the section page's « Bibliothèque » panel needs: the `can` flags and the section's uses. */
export async function sectionLibraryPanel(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	const can = await sectionRights(ctx, actor, bidId, sectionId);
	const uses: SectionLibraryUse[] = [];
	for (const u of await listSectionLibraryUses(ctx.db, sectionId)) {
		const visible = await loadEntryFor(ctx, actor, u.entry_id).then(
			() => true,
			() => false
		);
		uses.push({
			id: u.id,
			entryId: u.entry_id,
			title: visible ? u.entryTitle : 'Fiche de bibliothèque',
			version: u.version,
			entryVersion: visible ? u.entryVersion : null,
			updateAvailable: visible && u.entryVersion > u.version,
			start: u.range_start,
			end: u.range_end,
			insertedAt: u.inserted_at,
			insertedByName: u.insertedByName
		});
	}
	return { can, uses };
}

/** The panel's search: the entries the person may see matching `q` (all of them when empty), at most PANEL_RESULTS. */
export async function searchLibraryForSection(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	sectionId: string,
	q: string
): Promise<Array<Pick<EntrySummary, 'id' | 'title' | 'kindLabel' | 'ownerName' | 'version' | 'tags'>>> {
	await requireInsert(ctx, actor, bidId, sectionId);
	const entries = await listVisibleEntries(ctx, actor, { q: q.slice(0, 200), sort: q.trim() ? 'title' : 'updated' });
	return entries
		.slice(0, PANEL_RESULTS)
		.map((e) => ({ id: e.id, title: e.title, kindLabel: e.kindLabel, ownerName: e.ownerName, version: e.version, tags: e.tags }));
}

/** The copy of an entry the editor inserts into this section (checked ProseMirror JSON). */
export async function entryForSection(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, entryId: string) {
	await requireInsert(ctx, actor, bidId, sectionId);
	return entryForInsert(ctx, actor, entryId);
}

export interface UseInput {
	entryId: string;
	version: number;
	start: string;
	end: string;
	/** The use « mettre à jour » replaced (absent: a new insertion). */
	useId?: string;
}

/** Remembers that version `version` of the entry now sits between `start` and `end` in the section; returns the use's id. */
export async function recordLibraryUse(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, input: UseInput): Promise<string> {
	await requireInsert(ctx, actor, bidId, sectionId);
	const entry = await entryForInsert(ctx, actor, input.entryId);
	if (!POSITION.test(input.start) || !POSITION.test(input.end)) throw invalid({ range: 'Position du texte inséré illisible.' });
	if (!Number.isInteger(input.version) || input.version < 1 || input.version > entry.version)
		throw invalid({ version: 'Version de la fiche inconnue.' });
	const now = ctx.now();
	if (input.useId) {
		const use = await findSectionLibraryUse(ctx.db, sectionId, input.useId);
		if (!use || use.entry_id !== input.entryId) throw notFound();
		await updateSectionLibraryUse(ctx.db, sectionId, input.useId, {
			version: input.version,
			range_start: input.start,
			range_end: input.end,
			updated_at: now
		});
		return input.useId;
	}
	const id = newId();
	await insertSectionLibraryUse(ctx.db, {
		id,
		section_id: sectionId,
		entry_id: input.entryId,
		version: input.version,
		range_start: input.start,
		range_end: input.end,
		inserted_by: actor.id,
		inserted_at: now,
		updated_at: now
	});
	return id;
}

/** « Enregistrer dans la bibliothèque »: the selection (checked JSON, pictures as their description) as a new entry of the actor. */
export async function saveSelectionToLibrary(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, input: EntryInput): Promise<string> {
	const can = await sectionRights(ctx, actor, bidId, sectionId);
	if (!can.save) throw notFound();
	if (!input.content.content?.length) throw invalid({ content: 'Sélectionnez du texte de la section à enregistrer.' });
	return createEntry(ctx, actor, { ...input, owner: 'me' });
}
