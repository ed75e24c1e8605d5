/**
 * Named versions of a section: a snapshot of its co-written text (the whole Yjs state as one
 * update, plus its escaped HTML and character count) that can be viewed read-only later.
 * Members take one by hand ('manual'); the approval workflow takes one automatically when a
 * section is validated and when the bid is submitted ('validation', 'submission').
 *
 * Freshness: the collaboration server writes a room's updates to SQLite at most ~100 ms after
 * they arrive, so the stored state may lag a room being typed in. `createVersion` therefore
 * also applies the room's in-memory state when the collaboration server runs in this process
 * (pass `ctx.collab`, whose `liveState(room)` hands it over); stored and live states are merged
 * (applying a Yjs update twice is harmless), so nothing acknowledged by the server is missed.
 */
import * as Y from 'yjs';
import { sql } from 'kysely';
import type { AppContext, CollabControl } from '../context';
import type { DB } from '../db/index';
import type { SectionVersionKind } from '../db/schema';
import { invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { applyStoredState } from '../collab/persistence';
import { countCharacters, docToHtml, storedHtmlExcerpt } from '../collab/text';
import { assertStorageAvailable, roomOwner } from '../quota/storage';
import { formatParisShort } from '../../domain/dates';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab' | 'config'>;

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
 * No authorization here: callers decide (createNamedVersion, the approval workflow).
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
		await db
			.insertInto('section_versions')
			.values({
				id,
				section_id: input.sectionId,
				name: input.name.trim().slice(0, VERSION_NAME_MAX) || VERSION_KINDS[input.kind],
				state: Buffer.from(state.buffer, state.byteOffset, state.byteLength),
				html,
				text_length: countCharacters(doc),
				created_by: input.userId,
				created_at: input.now,
				kind: input.kind
			})
			.execute();
		return { id, html, state };
	} finally {
		doc.destroy();
	}
}

async function checkSection(db: DB, bidId: string, sectionId: string) {
	const s = await db.selectFrom('sections').select('id').where('id', '=', sectionId).where('bid_id', '=', bidId).executeTakeFirst();
	if (!s) throw notFound();
}

/**
 * A member takes a named version by hand (needs the right to write sections). A blank name
 * becomes « Version du <date> ». Each version stores the whole document again, so it counts
 * against the storage quota of the bid's mandataire and is refused (413) past it.
 */
export async function createNamedVersion(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, rawName: string): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'writeSections');
	await checkSection(ctx.db, bidId, sectionId);
	const name = rawName.replace(/\s+/g, ' ').trim();
	if ([...name].length > VERSION_NAME_MAX) throw invalid({ name: `Nom de la version : ${VERSION_NAME_MAX} caractères au maximum.` });
	const now = ctx.now();
	const owner = await roomOwner(ctx.db, `section/${sectionId}`);
	const { id } = await createVersion(
		ctx.db,
		{ sectionId, name: name || `Version du ${formatParisShort(now)}`, userId: actor.id, kind: 'manual', now },
		ctx.collab,
		owner ? (bytes) => assertStorageAvailable(ctx, owner, bytes) : undefined
	);
	return id;
}

export interface VersionSummary {
	id: string;
	name: string;
	kind: SectionVersionKind;
	textLength: number;
	createdAt: number;
	createdBy: string;
}

/** The versions of a section, newest first (without their content). */
export async function listVersions(
	ctx: Pick<Ctx, 'db' | 'now'>,
	actor: Actor,
	bidId: string,
	sectionId: string
): Promise<VersionSummary[]> {
	await authorizeBid(ctx, actor, bidId, 'view');
	await checkSection(ctx.db, bidId, sectionId);
	return ctx.db
		.selectFrom('section_versions')
		.innerJoin('users', 'users.id', 'section_versions.created_by')
		.select([
			'section_versions.id',
			'section_versions.name',
			'section_versions.kind',
			'section_versions.text_length as textLength',
			'section_versions.created_at as createdAt',
			'users.name as createdBy'
		])
		.where('section_versions.section_id', '=', sectionId)
		.orderBy('section_versions.created_at', 'desc')
		.orderBy('section_versions.id', 'desc')
		.execute();
}

/**
 * Characters of a version's HTML its page shows at most (about 300 pages of text): versions
 * store the HTML of the whole document, and a page must not carry an unbounded copy of it.
 */
export const VERSION_PAGE_HTML_MAX = 1_000_000;

/**
 * One version with the beginning of its HTML (escaped by docToHtml when it was taken): at most
 * VERSION_PAGE_HTML_MAX characters, cut in SQL (only that prefix reaches JavaScript) and cut at a block boundary;
 * `truncated` says that the rest was left out.
 */
export async function getVersion(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string, sectionId: string, versionId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	await checkSection(ctx.db, bidId, sectionId);
	const v = await ctx.db
		.selectFrom('section_versions')
		.innerJoin('users', 'users.id', 'section_versions.created_by')
		.select([
			'section_versions.id',
			'section_versions.name',
			'section_versions.kind',
			sql<string>`substr(section_versions.html, 1, ${VERSION_PAGE_HTML_MAX})`.as('html'),
			sql<number>`length(section_versions.html) > ${VERSION_PAGE_HTML_MAX}`.as('longer'),
			'section_versions.text_length as textLength',
			'section_versions.created_at as createdAt',
			'users.name as createdBy'
		])
		.where('section_versions.id', '=', versionId)
		.where('section_versions.section_id', '=', sectionId)
		.executeTakeFirst();
	if (!v) throw notFound();
	const { longer, html, ...rest } = v;
	const excerpt = storedHtmlExcerpt(html, VERSION_PAGE_HTML_MAX, longer === 1);
	return { ...rest, html: excerpt.html, truncated: excerpt.truncated };
}
