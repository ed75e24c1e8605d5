/**
 * Who may see and change a library entry (issue 16). An entry is owned by a person or by an
 * organisation (a CAE's shared entries) and has one audience, named as the search index names
 * it: 'user:<owner>' (moi), 'organisation:<org>' (mon organisation), 'groups:<owner>' (everyone
 * who shares a bid with the owner, whatever its state or their role in it), 'directory' (everyone
 * signed in who belongs to an organisation — the partner directory's own audience; an account
 * that has not joined one yet sees neither the directory nor its entries). The pages and the search apply the same rule: an actor sees an entry when its
 * audience is one of `audiencesOf(actor, …)`, or when they may edit it.
 *
 * Editing and deleting: a person's entry, its owner only; an organisation's entry, its admins
 * and support staff — not its entrepreneurs, who read it and propose changes to the staff (an
 * entry that speaks for the whole CAE is the structure's word, like its profile).
 * Pure: library/library.service.ts loads the facts.
 */
import type { Actor } from './actor';
import type { LibraryVisibility } from '../../domain/library';

export const libraryActions = ['view', 'edit', 'delete'] as const;
export type LibraryAction = (typeof libraryActions)[number];

export interface LibraryEntryAccess {
	ownerUserId: string | null;
	ownerOrganisationId: string | null;
	audience: string;
	/** Whether the actor is a member of a bid the owner (a person) is a member of. */
	sharesBidWithOwner: boolean;
}

/** The audience an entry gets from its owner and visibility; null when that owner cannot share that way. */
export function audienceOf(
	owner: { userId: string; organisationId: string | null } | { organisationId: string },
	visibility: LibraryVisibility
): string | null {
	if (!('userId' in owner)) {
		if (visibility === 'organisation') return `organisation:${owner.organisationId}`;
		return visibility === 'directory' ? 'directory' : null;
	}
	switch (visibility) {
		case 'private':
			return `user:${owner.userId}`;
		case 'organisation':
			return owner.organisationId ? `organisation:${owner.organisationId}` : null;
		case 'groups':
			return `groups:${owner.userId}`;
		case 'directory':
			return 'directory';
	}
}

/** Every audience whose entries the actor sees; `coMemberIds`: the people they share a bid with. */
export function audiencesOf(actor: Actor, coMemberIds: readonly string[]): string[] {
	const out = [`user:${actor.id}`, `groups:${actor.id}`, ...coMemberIds.map((id) => `groups:${id}`)];
	// The directory's own rule: it is open to the members of an organisation (directory.service).
	if (actor.organisationId) out.push(`organisation:${actor.organisationId}`, 'directory');
	return out;
}

/** Whether the actor may write entries in the organisation's name. */
export function mayWriteForOrganisation(actor: Actor, organisationId: string): boolean {
	return actor.organisationId === organisationId && (actor.orgRole === 'admin' || actor.orgRole === 'support');
}

function mayEdit(actor: Actor, entry: LibraryEntryAccess): boolean {
	if (entry.ownerUserId) return entry.ownerUserId === actor.id;
	return entry.ownerOrganisationId !== null && mayWriteForOrganisation(actor, entry.ownerOrganisationId);
}

/** Pure: may `actor` do `action` on the entry? */
export function canLibraryEntry(actor: Actor, action: LibraryAction, entry: LibraryEntryAccess): boolean {
	if (mayEdit(actor, entry)) return true;
	if (action !== 'view') return false;
	const coMembers = entry.sharesBidWithOwner && entry.ownerUserId ? [entry.ownerUserId] : [];
	return audiencesOf(actor, coMembers).includes(entry.audience);
}

/**
 * The library in a section (issue 16, items 2–3): who may insert an entry into a section's text
 * and remember it, from the access the collaboration server gives them to the section's room.
 * Writers insert; a person who may only suggest inserts too, and the copy arrives as a suggested
 * insertion like typed text; readers (observers, locked or submitted sections) do not. Saving a
 * selection to one's own library needs only to read the section.
 */
export function mayInsertLibraryInSection(room: 'write' | 'suggest' | 'read' | 'none'): boolean {
	return room === 'write' || room === 'suggest';
}
export function maySaveSectionToLibrary(room: 'write' | 'suggest' | 'read' | 'none'): boolean {
	return room !== 'none';
}
