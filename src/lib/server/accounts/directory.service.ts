/**
 * The partner directory: people across organisations, searchable by trade, skill and
 * département, showing only what each profile shares with other organisations; the bids a
 * coordinator may invite them to (with who is already in each or invited to it), and the
 * contact behind a listed person; and what each listed person shared from their library with the
 * directory (issue 16, item 6: profiles, references — who has done what). The reads are in
 * directory.repository.ts and library/library.repository.ts.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { DomainError, notFound } from '../errors';
import { findListedPersonContact, listDraftBidsCoordinatedBy, searchPeople } from './directory.repository';
import { listBidPeopleRelations } from '../bids/groups.repository';
import { listDirectoryEntriesOf } from '../library/library.repository';
import { LIBRARY_KIND_LABELS, type LibraryFields, type LibraryKind } from '../../domain/library';

export interface DirectoryQuery {
	q: string;
	department: string;
}

export interface DirectoryEntry {
	id: string;
	name: string;
	organisationName: string;
	sameOrganisation: boolean;
	trade: string | null;
	skills: string[] | null;
	department: string | null;
	region: string | null;
	bio: string | null;
}

function assertInOrganisation(actor: Actor): asserts actor is Actor & { organisationId: string } {
	if (!actor.organisationId) throw new DomainError('forbidden', "L'annuaire est réservé aux membres d'une organisation.");
}

/** The people the directory lists to `actor` matching `query` (at most `limit`), with what each shares. */
export async function searchDirectory(
	ctx: Pick<AppContext, 'db'>,
	actor: Actor,
	query: DirectoryQuery,
	limit = 50
): Promise<DirectoryEntry[]> {
	assertInOrganisation(actor);
	// Searching hidden fields would leak them: the search matches only shared fields (or all of
	// the viewer's own organisation's), and the rows are then cut to what is shared.
	const rows = await searchPeople(ctx.db, {
		viewerId: actor.id,
		viewerOrganisationId: actor.organisationId,
		words: query.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5),
		department: query.department,
		limit
	});
	return rows.map((r) => {
		const same = r.organisationId === actor.organisationId;
		const shared = new Set(JSON.parse(r.public_fields) as string[]);
		const show = (f: string) => same || shared.has(f);
		return {
			id: r.id,
			name: r.name,
			organisationName: r.organisationName,
			sameOrganisation: same,
			trade: show('trade') ? r.trade : null,
			skills: show('skills') ? (JSON.parse(r.skills) as string[]) : null,
			department: show('department') ? r.department : null,
			region: show('region') ? r.region : null,
			bio: show('bio') ? r.bio : null
		};
	});
}

/** The bids `actor` coordinates and may still invite people to (the directory's « inviter à » list). */
export async function listInvitableBids(ctx: Pick<AppContext, 'db'>, actor: Actor): Promise<{ id: string; title: string }[]> {
	return listDraftBidsCoordinatedBy(ctx.db, actor.id);
}

/** Where a listed person stands with one of the actor's bids: already in it, or invited and not answered yet. */
export type InviteState = 'member' | 'invited';

/** A library entry a person shared with the directory, as the directory lists it. */
export interface SharedEntry {
	id: string;
	title: string;
	kind: LibraryKind;
	kindLabel: string;
	/** A reference's buyer, year and amount HT (cents). */
	buyer: string;
	year: number | null;
	amountCents: number | null;
}

/** The directory page: the people found, the bids the actor may invite them to, and per bid who is already in or invited. */
export async function getDirectoryPage(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, query: DirectoryQuery) {
	const people = await searchDirectory(ctx, actor, query);
	const bids = await listInvitableBids(ctx, actor);
	const rel = await listBidPeopleRelations(
		ctx.db,
		bids.map((b) => b.id),
		people.map((p) => p.id),
		ctx.now()
	);
	const states: Record<string, Record<string, InviteState>> = Object.fromEntries(bids.map((b) => [b.id, {}]));
	for (const r of rel.invited) states[r.bid_id]![r.user_id] = 'invited';
	for (const r of rel.members) states[r.bid_id]![r.user_id] = 'member';
	// Only entries whose audience is the directory (everyone signed in may open them).
	const shared: Record<string, SharedEntry[]> = {};
	for (const e of await listDirectoryEntriesOf(
		ctx.db,
		people.map((p) => p.id)
	)) {
		const f = JSON.parse(e.fields) as LibraryFields;
		(shared[e.owner_user_id!] ??= []).push({
			id: e.id,
			title: e.title,
			kind: e.kind,
			kindLabel: LIBRARY_KIND_LABELS[e.kind],
			buyer: e.kind === 'reference' ? (f.buyer ?? '') : '',
			year: e.kind === 'reference' ? (f.year ?? null) : null,
			amountCents: e.kind === 'reference' ? (f.amountCents ?? null) : null
		});
	}
	return { people, bids, states, shared };
}

/**
 * The address and name of a person the directory lists to `actor`, to invite them without
 * showing the address; not_found for anyone it does not list.
 */
export async function directoryContact(
	ctx: Pick<AppContext, 'db'>,
	actor: Actor,
	userId: string
): Promise<{ email: string; name: string }> {
	assertInOrganisation(actor);
	const person = await findListedPersonContact(ctx.db, actor.id, userId);
	if (!person) throw notFound();
	return person;
}
