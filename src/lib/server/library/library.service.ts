/**
 * Library use cases (issue 16): create, update and delete an entry; every one authorizes through
 * policies/library.policy and writes in one transaction (the search index follows by the
 * triggers of migration 0019). The reads — list, page, the copy handed to a section — are in
 * library-read.ts. Service API for the section editor's insert and « enregistrer dans la
 * bibliothèque » (items 2–3): `createEntry` here, `listVisibleEntries` and `entryForInsert` there.
 *
 * The version counts content changes — title, kind, tags, fields, text (compared as the readers
 * give it); visibility and review date are not content. The review date defaults to a year after
 * the edit: on creation when none is given, and on a content change unless the person changed it.
 */
import type { AppContext } from '../context';
import { forbidden, invalid } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { audienceOf, mayWriteForOrganisation } from '../policies/library.policy';
import {
	ORGANISATION_VISIBILITIES,
	REVIEW_AFTER_MS,
	DAY_MS,
	type LibraryFields,
	type LibraryKind,
	type LibraryVisibility
} from '../../domain/library';
import type { JsonNode } from '../collab/text/from-json';
import { contentFingerprint, storeContent } from './content';
import { deleteLibraryEntry, insertLibraryEntry, updateLibraryEntry } from './library.repository';
import { loadEntryFor } from './library-read';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export interface EntryInput {
	title: string;
	kind: LibraryKind;
	tags: string[];
	fields: LibraryFields;
	visibility: LibraryVisibility;
	/** « À revoir avant le » (ms at 00:00 UTC); null: a year after this edit. */
	reviewBy: number | null;
	/** ProseMirror JSON, already checked (content.ts cleanDocument / the form). */
	content: JsonNode;
}

/** A year after `now`, as a calendar day (00:00 UTC), like the date field gives. */
export function defaultReviewBy(now: number): number {
	return Math.floor((now + REVIEW_AFTER_MS) / DAY_MS) * DAY_MS;
}

function audienceFor(actor: Actor, owner: 'me' | 'organisation', visibility: LibraryVisibility): string {
	if (owner === 'organisation') {
		if (!actor.organisationId || !mayWriteForOrganisation(actor, actor.organisationId))
			throw forbidden("Seuls les administrateurs et l'équipe d'accompagnement écrivent les fiches de l'organisation.");
		const audience = ORGANISATION_VISIBILITIES.includes(visibility)
			? audienceOf({ organisationId: actor.organisationId }, visibility)
			: null;
		if (!audience)
			throw invalid({ visibility: "Visible par : une fiche de l'organisation est partagée avec l'organisation ou l'annuaire." });
		return audience;
	}
	const audience = audienceOf({ userId: actor.id, organisationId: actor.organisationId }, visibility);
	if (!audience) throw invalid({ visibility: "Visible par : vous n'êtes rattaché·e à aucune organisation." });
	return audience;
}

/** Creates an entry owned by the actor (or, for its staff, by their organisation); returns its id. */
export async function createEntry(ctx: Ctx, actor: Actor, input: EntryInput & { owner?: 'me' | 'organisation' }): Promise<string> {
	const owner = input.owner ?? 'me';
	const audience = audienceFor(actor, owner, input.visibility);
	const stored = storeContent(input.content);
	const now = ctx.now();
	const id = newId();
	await insertLibraryEntry(ctx.db, {
		id,
		title: input.title,
		kind: input.kind,
		tags: JSON.stringify(input.tags),
		fields: JSON.stringify(input.fields),
		owner_user_id: owner === 'me' ? actor.id : null,
		owner_organisation_id: owner === 'organisation' ? actor.organisationId : null,
		visibility: input.visibility,
		audience,
		content: stored.update,
		content_text: stored.text,
		version: 1,
		review_by: input.reviewBy ?? defaultReviewBy(now),
		reminded_for: null,
		created_by: actor.id,
		created_at: now,
		updated_by: actor.id,
		updated_at: now
	});
	return id;
}

/** Saves the entry's form; returns its version (unchanged when only visibility or review date moved). */
export async function updateEntry(ctx: Ctx, actor: Actor, entryId: string, input: EntryInput): Promise<{ version: number }> {
	return ctx.db.transaction().execute(async (trx) => {
		const { row, can } = await loadEntryFor({ db: trx }, actor, entryId);
		if (!can.edit) throw forbidden();
		const owner = row.owner_organisation_id ? 'organisation' : 'me';
		// Only the owner edits a person's entry, so the actor is the owner there.
		const audience = audienceFor(actor, owner, input.visibility);
		const stored = storeContent(input.content);
		const changed =
			row.title !== input.title ||
			row.kind !== input.kind ||
			row.tags !== JSON.stringify(input.tags) ||
			row.fields !== JSON.stringify(input.fields) ||
			contentFingerprint(row.content) !== stored.fingerprint;
		const now = ctx.now();
		const reviewBy = input.reviewBy === null || (changed && input.reviewBy === row.review_by) ? defaultReviewBy(now) : input.reviewBy;
		const version = changed ? row.version + 1 : row.version;
		await updateLibraryEntry(trx, entryId, {
			title: input.title,
			kind: input.kind,
			tags: JSON.stringify(input.tags),
			fields: JSON.stringify(input.fields),
			visibility: input.visibility,
			audience,
			review_by: reviewBy,
			...(changed ? { content: stored.update, content_text: stored.text, version, updated_by: actor.id, updated_at: now } : {})
		});
		return { version };
	});
}

/** Deletes the entry (its owner, or its organisation's staff). */
export async function deleteEntry(ctx: Ctx, actor: Actor, entryId: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		const { can } = await loadEntryFor({ db: trx }, actor, entryId);
		if (!can.delete) throw forbidden();
		await deleteLibraryEntry(trx, entryId);
	});
}
