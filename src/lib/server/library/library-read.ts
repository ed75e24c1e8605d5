/**
 * What the library shows (issue 16): the entries a person may see, filtered and sorted for the
 * « Bibliothèque » page; one entry's page (its text as escaped HTML through the readers, and the
 * `can` flags); and `entryForInsert`, the copy of an entry a section editor inserts (item 2):
 * ProseMirror JSON read through the readers and checked again. Every read authorizes through
 * policies/library.policy; an entry the person may not see is not found (404).
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { audiencesOf, canLibraryEntry, libraryActions, type LibraryAction } from '../policies/library.policy';
import { isDueForReview, LIBRARY_KIND_LABELS, type LibraryFields, type LibraryKind } from '../../domain/library';
import type { PmJsonNode } from '../collab/text';
import { contentHtml, contentJson, contentPlainText } from './content';
import { coMemberIdsOf, findLibraryEntry, listCandidateEntries, shareABid } from './library.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/** Loads an entry and the actor's rights on it; not_found when they may not see it. */
export async function loadEntryFor(ctx: Pick<AppContext, 'db'>, actor: Actor, entryId: string) {
	const row = await findLibraryEntry(ctx.db, entryId);
	if (!row) throw notFound();
	const access = {
		ownerUserId: row.owner_user_id,
		ownerOrganisationId: row.owner_organisation_id,
		audience: row.audience,
		sharesBidWithOwner:
			row.audience.startsWith('groups:') && row.owner_user_id !== null && (await shareABid(ctx.db, actor.id, row.owner_user_id))
	};
	if (!canLibraryEntry(actor, 'view', access)) throw notFound();
	const can = Object.fromEntries(libraryActions.map((a) => [a, canLibraryEntry(actor, a, access)])) as Record<LibraryAction, boolean>;
	return { row, can };
}

export type OwnerFilter = 'mine' | 'organisation' | 'shared';

export interface ListQuery {
	q?: string;
	kind?: LibraryKind;
	tag?: string;
	owner?: OwnerFilter;
	sort?: 'title' | 'updated';
}

export interface EntrySummary {
	id: string;
	title: string;
	kind: LibraryKind;
	kindLabel: string;
	tags: string[];
	fields: LibraryFields;
	ownerName: string;
	/** Whose it is, seen from the actor. */
	ownedBy: OwnerFilter;
	visibility: string;
	version: number;
	reviewBy: number;
	dueForReview: boolean;
	updatedAt: number;
	canEdit: boolean;
}

/** Lowercase without accents, for matching what was typed. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The entries the actor may see, matching `query` (words found in the title, tags, fields or text,
 * accents and case ignored; kind; tag; whose), sorted by title or newest change first.
 */
export async function listVisibleEntries(ctx: Ctx, actor: Actor, query: ListQuery = {}): Promise<EntrySummary[]> {
	const coMembers = await coMemberIdsOf(ctx.db, actor.id);
	const rows = await listCandidateEntries(ctx.db, {
		userId: actor.id,
		audiences: audiencesOf(actor, coMembers),
		organisationId: actor.organisationId
	});
	const now = ctx.now();
	const words = fold(query.q ?? '')
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.slice(0, 8);
	const co = new Set(coMembers);
	const out: EntrySummary[] = [];
	for (const r of rows) {
		const access = {
			ownerUserId: r.owner_user_id,
			ownerOrganisationId: r.owner_organisation_id,
			audience: r.audience,
			sharesBidWithOwner: r.owner_user_id !== null && co.has(r.owner_user_id)
		};
		if (!canLibraryEntry(actor, 'view', access)) continue;
		const tags = JSON.parse(r.tags) as string[];
		const fields = JSON.parse(r.fields) as LibraryFields;
		const ownedBy: OwnerFilter =
			r.owner_user_id === actor.id
				? 'mine'
				: r.owner_organisation_id && r.owner_organisation_id === actor.organisationId
					? 'organisation'
					: 'shared';
		if (query.kind && r.kind !== query.kind) continue;
		if (query.tag && !tags.includes(query.tag)) continue;
		if (query.owner && ownedBy !== query.owner) continue;
		if (words.length) {
			const hay = fold([r.title, tags.join(' '), Object.values(fields).join(' '), r.content_text].join('\n'));
			if (!words.every((w) => hay.includes(w))) continue;
		}
		out.push({
			id: r.id,
			title: r.title,
			kind: r.kind,
			kindLabel: LIBRARY_KIND_LABELS[r.kind],
			tags,
			fields,
			ownerName: r.ownerUserName ?? r.ownerOrganisationName ?? '',
			ownedBy,
			visibility: r.visibility,
			version: r.version,
			reviewBy: r.review_by,
			dueForReview: isDueForReview(r.review_by, now),
			updatedAt: r.updated_at,
			canEdit: canLibraryEntry(actor, 'edit', access)
		});
	}
	const byTitle = (a: EntrySummary, b: EntrySummary) => a.title.localeCompare(b.title, 'fr');
	return out.sort(query.sort === 'updated' ? (a, b) => b.updatedAt - a.updatedAt || byTitle(a, b) : byTitle);
}

/** One entry's page: its fields, its text as escaped HTML (and plain lines for the no-script form), and what the actor may do. */
export async function getEntryPage(ctx: Ctx, actor: Actor, entryId: string) {
	const { row, can } = await loadEntryFor(ctx, actor, entryId);
	return {
		entry: {
			id: row.id,
			title: row.title,
			kind: row.kind,
			kindLabel: LIBRARY_KIND_LABELS[row.kind],
			tags: JSON.parse(row.tags) as string[],
			fields: JSON.parse(row.fields) as LibraryFields,
			ownerName: row.ownerUserName ?? row.ownerOrganisationName ?? '',
			ownedByOrganisation: row.owner_organisation_id !== null,
			visibility: row.visibility,
			version: row.version,
			reviewBy: row.review_by,
			dueForReview: isDueForReview(row.review_by, ctx.now()),
			createdAt: row.created_at,
			updatedAt: row.updated_at,
			updatedByName: row.updatedByName
		},
		html: contentHtml(row.content),
		/** The editor's starting document (checked JSON) and the no-script textarea's lines; only for who may edit. */
		editable: can.edit ? { json: contentJson(row.content), text: contentPlainText(row.content) } : null,
		can
	};
}

/** The copy of an entry a section inserts (issue 16, item 2): id, title, version and its checked ProseMirror JSON. */
export async function entryForInsert(
	ctx: Pick<AppContext, 'db'>,
	actor: Actor,
	entryId: string
): Promise<{ id: string; title: string; version: number; json: PmJsonNode }> {
	const { row } = await loadEntryFor(ctx, actor, entryId);
	return { id: row.id, title: row.title, version: row.version, json: contentJson(row.content) };
}
