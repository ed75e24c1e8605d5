/**
 * The SQL of organisations (legal members), their memberships and their invitations: plain
 * Kysely functions taking `db` or a transaction first, returning rows or small read models.
 * No rules, no French, no authorization: organisations.service.ts decides.
 */
import type { Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { Database, Organisation, OrganisationKind } from '../db/schema';

// --- organisations ----------------------------------------------------------------------------

export async function getOrganisation(db: DB, id: string): Promise<Organisation> {
	return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The organisation's name, or undefined when it does not exist. */
export async function findOrganisationName(db: DB, id: string): Promise<string | undefined> {
	const row = await db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst();
	return row?.name;
}

/** Whether an organisation other than `exceptId` has this SIRET. */
export async function siretTaken(db: DB, siret: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('organisations').select('id').where('siret', '=', siret);
	if (exceptId) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

export async function insertOrganisation(db: DB, org: Organisation): Promise<void> {
	await db.insertInto('organisations').values(org).execute();
}

export interface OrganisationColumns {
	name: string;
	kind: OrganisationKind;
	siret: string;
	contribution_rate_bp: number;
	region: string;
}

export async function updateOrganisationColumns(db: DB, id: string, columns: OrganisationColumns): Promise<void> {
	await db.updateTable('organisations').set(columns).where('id', '=', id).execute();
}

// --- memberships ------------------------------------------------------------------------------

/** The person's membership (one organisation per person), or undefined. */
export async function findMembershipOf(db: DB, userId: string) {
	return db.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', userId).executeTakeFirst();
}

export async function findMembership(db: DB, organisationId: string, userId: string) {
	return db
		.selectFrom('memberships')
		.selectAll()
		.where('organisation_id', '=', organisationId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

export async function insertMembership(db: DB, row: Insertable<Database['memberships']>): Promise<void> {
	await db.insertInto('memberships').values(row).execute();
}

export async function setMembershipRate(db: DB, membershipId: string, rateBp: number | null): Promise<void> {
	await db.updateTable('memberships').set({ contribution_rate_bp: rateBp }).where('id', '=', membershipId).execute();
}

/** The people of the organisation who have no rate of their own (they follow the organisation's). */
export async function listPeopleOnDefaultRate(db: DB, organisationId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('user_id')
		.where('organisation_id', '=', organisationId)
		.where('contribution_rate_bp', 'is', null)
		.execute();
	return rows.map((r) => r.user_id);
}

/** The organisation's people with their role and own rate, by name (the organisation page). */
export async function listOrganisationMembers(db: DB, organisationId: string) {
	return db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select([
			'memberships.id as membershipId',
			'users.id as userId',
			'users.name',
			'users.email',
			'users.trade',
			'memberships.role',
			'memberships.contribution_rate_bp'
		])
		.where('memberships.organisation_id', '=', organisationId)
		.orderBy('users.name')
		.execute();
}

/** The organisation of the account with this address, if it has an account and a membership. */
export async function findOrganisationIdByEmail(db: DB, email: string): Promise<string | undefined> {
	const row = await db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.select('memberships.organisation_id')
		.where('users.email', '=', email)
		.executeTakeFirst();
	return row?.organisation_id;
}

// --- invitations ------------------------------------------------------------------------------

export async function insertOrgInvitation(db: DB, row: Insertable<Database['org_invitations']>): Promise<void> {
	await db.insertInto('org_invitations').values(row).execute();
}

/** Invitations neither used nor expired at `now`, newest first. */
export async function listPendingOrgInvitations(db: DB, organisationId: string, now: number) {
	return db
		.selectFrom('org_invitations')
		.select(['id', 'email', 'role', 'created_at', 'expires_at'])
		.where('organisation_id', '=', organisationId)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.execute();
}

/** The unused, unexpired invitation whose token hashes to `tokenHash`, with its organisation's name. */
export async function findLiveOrgInvitation(db: DB, tokenHash: Uint8Array, now: number) {
	return db
		.selectFrom('org_invitations')
		.innerJoin('organisations', 'organisations.id', 'org_invitations.organisation_id')
		.select([
			'org_invitations.id',
			'org_invitations.email',
			'org_invitations.role',
			'org_invitations.organisation_id',
			'organisations.name as organisationName'
		])
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.executeTakeFirst();
}

/** Marks the invitation used unless it already was; true when this call did. */
export async function consumeOrgInvitation(db: DB, id: string, now: number): Promise<boolean> {
	const used = await db
		.updateTable('org_invitations')
		.set({ used_at: now })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(used.numUpdatedRows) === 1;
}

// --- requests to join -------------------------------------------------------------------------

/** The organisation registered under this SIRET (its id and name only), or undefined. */
export async function findOrganisationBySiret(db: DB, siret: string) {
	return db.selectFrom('organisations').select(['id', 'name']).where('siret', '=', siret).executeTakeFirst();
}

/** The people who administer the organisation (to notify them). */
export async function listOrganisationAdminIds(db: DB, organisationId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('user_id')
		.where('organisation_id', '=', organisationId)
		.where('role', '=', 'admin')
		.execute();
	return rows.map((r) => r.user_id);
}

export async function insertJoinRequest(db: DB, row: Insertable<Database['org_join_requests']>): Promise<void> {
	await db.insertInto('org_join_requests').values(row).execute();
}

/** The person's pending request to this organisation, if any. */
export async function findPendingJoinRequest(db: DB, organisationId: string, userId: string) {
	return db
		.selectFrom('org_join_requests')
		.select(['id', 'created_at'])
		.where('organisation_id', '=', organisationId)
		.where('user_id', '=', userId)
		.where('status', '=', 'pending')
		.executeTakeFirst();
}

/** The person's pending requests, with the organisations' names, newest first. */
export async function listMyPendingJoinRequests(db: DB, userId: string) {
	return db
		.selectFrom('org_join_requests')
		.innerJoin('organisations', 'organisations.id', 'org_join_requests.organisation_id')
		.select(['org_join_requests.id', 'org_join_requests.created_at', 'organisations.name as organisationName'])
		.where('org_join_requests.user_id', '=', userId)
		.where('org_join_requests.status', '=', 'pending')
		.orderBy('org_join_requests.created_at', 'desc')
		.execute();
}

/**
 * The organisation's pending requests, oldest first, with who asks; people who meanwhile joined
 * an organisation are left out (they can no longer be accepted).
 */
export async function listPendingJoinRequests(db: DB, organisationId: string) {
	return db
		.selectFrom('org_join_requests')
		.innerJoin('users', 'users.id', 'org_join_requests.user_id')
		.leftJoin('memberships', 'memberships.user_id', 'org_join_requests.user_id')
		.select([
			'org_join_requests.id',
			'org_join_requests.message',
			'org_join_requests.created_at',
			'users.id as userId',
			'users.name',
			'users.email'
		])
		.where('org_join_requests.organisation_id', '=', organisationId)
		.where('org_join_requests.status', '=', 'pending')
		.where('memberships.id', 'is', null)
		.orderBy('org_join_requests.created_at')
		.execute();
}

/** A request by id within an organisation, or undefined. */
export async function findJoinRequest(db: DB, organisationId: string, id: string) {
	return db
		.selectFrom('org_join_requests')
		.innerJoin('users', 'users.id', 'org_join_requests.user_id')
		.select(['org_join_requests.id', 'org_join_requests.user_id', 'org_join_requests.status', 'users.name'])
		.where('org_join_requests.organisation_id', '=', organisationId)
		.where('org_join_requests.id', '=', id)
		.executeTakeFirst();
}

/** Records the decision on a pending request; false when it was no longer pending. */
export async function decideJoinRequestRow(
	db: DB,
	id: string,
	status: 'accepted' | 'refused',
	decidedBy: string,
	now: number
): Promise<boolean> {
	const done = await db
		.updateTable('org_join_requests')
		.set({ status, decided_by: decidedBy, decided_at: now })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}
