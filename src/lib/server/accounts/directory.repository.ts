/**
 * Reads of the partner directory (read models over users, memberships and organisations, plus
 * the bids a person may invite someone to): plain Kysely functions taking `db` first. Which
 * fields of a profile are shown is decided by directory.service.ts; the search here only
 * matches what the viewer may see, so that a hidden field cannot be found by searching for it.
 */
import type { DB } from '../db/index';

export interface PeopleSearch {
	/** The viewer: never listed. */
	viewerId: string;
	/** The viewer's organisation: every field of its own people matches. */
	viewerOrganisationId: string;
	/** Lower-case words, each matched as a substring of a visible name, trade or skill. */
	words: string[];
	/** An exact département, matched only where it is visible; '' for any. */
	department: string;
	limit: number;
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The listed people (members of an organisation, support staff left out) matching the search, by name. */
export async function searchPeople(db: DB, s: PeopleSearch) {
	let q = db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
		.select([
			'users.id',
			'users.name',
			'users.trade',
			'users.skills',
			'users.department',
			'users.region',
			'users.bio',
			'users.public_fields',
			'organisations.name as organisationName',
			'organisations.id as organisationId'
		])
		.where('memberships.role', '!=', 'support')
		.where('users.id', '!=', s.viewerId);
	for (const w of s.words) {
		const like = `%${escapeLike(w)}%`;
		q = q.where((eb) =>
			eb.or([
				eb(eb.fn('lower', ['users.name']), 'like', like),
				eb.and([
					eb.or([eb('organisations.id', '=', s.viewerOrganisationId), eb('users.public_fields', 'like', '%"trade"%')]),
					eb(eb.fn('lower', ['users.trade']), 'like', like)
				]),
				eb.and([
					eb.or([eb('organisations.id', '=', s.viewerOrganisationId), eb('users.public_fields', 'like', '%"skills"%')]),
					eb(eb.fn('lower', ['users.skills']), 'like', like)
				])
			])
		);
	}
	if (s.department) {
		q = q
			.where('users.department', '=', s.department)
			.where((eb) => eb.or([eb('organisations.id', '=', s.viewerOrganisationId), eb('users.public_fields', 'like', '%"department"%')]));
	}
	return q.orderBy('users.name').limit(s.limit).execute();
}

/**
 * The address and name of `userId` when the directory lists them to `viewerId` (a member of an
 * organisation, not support staff, not the viewer); undefined otherwise.
 */
export async function findListedPersonContact(db: DB, viewerId: string, userId: string) {
	return db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.select(['users.email', 'users.name'])
		.where('memberships.role', '!=', 'support')
		.where('users.id', '!=', viewerId)
		.where('users.id', '=', userId)
		.executeTakeFirst();
}

/** The bids the person coordinates that are still being prepared, by deadline (the « invite to » choices). */
export async function listDraftBidsCoordinatedBy(db: DB, userId: string) {
	return db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'tenders.title'])
		.where('bids.coordinator_id', '=', userId)
		.where('bids.status', '=', 'draft')
		.orderBy('tenders.dlro')
		.execute();
}
