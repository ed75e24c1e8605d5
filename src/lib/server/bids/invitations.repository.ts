/**
 * Invitations to a bid (bid_invitations, owned by the bids floor) and the read of the person an
 * address belongs to: plain Kysely functions taking `db` or a transaction first, no rules.
 */
import type { Insertable } from 'kysely';
import type { DB } from '../db/index';
import type { BidInvitationsTable } from '../db/schema';

/** The account behind an e-mail address, with its organisation and role there, if any. */
export async function findInvitee(db: DB, email: string) {
	return db
		.selectFrom('users')
		.leftJoin('memberships', 'memberships.user_id', 'users.id')
		.select(['users.id', 'users.name', 'memberships.organisation_id', 'memberships.role as orgRole'])
		.where('users.email', '=', email)
		.executeTakeFirst();
}

/** Is an invitation to this address still waiting for an answer? */
export async function hasPendingInvitation(db: DB, bidId: string, email: string, now: number): Promise<boolean> {
	const row = await db
		.selectFrom('bid_invitations')
		.select('id')
		.where('bid_id', '=', bidId)
		.where('email', '=', email)
		.where('status', '=', 'pending')
		.where('expires_at', '>', now)
		.executeTakeFirst();
	return Boolean(row);
}

export async function insertInvitation(db: DB, invitation: Insertable<BidInvitationsTable>): Promise<void> {
	await db.insertInto('bid_invitations').values(invitation).execute();
}

/** An unexpired invitation by its token's hash, with the tender it is about and who sent it. */
export async function findInvitationByTokenHash(db: DB, tokenHash: Uint8Array, now: number) {
	return db
		.selectFrom('bid_invitations')
		.innerJoin('bids', 'bids.id', 'bid_invitations.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('users', 'users.id', 'bid_invitations.invited_by')
		.select([
			'bid_invitations.id',
			'bid_invitations.bid_id',
			'bid_invitations.email',
			'bid_invitations.role',
			'bid_invitations.status',
			'bid_invitations.expires_at',
			'bids.status as bidStatus',
			'bids.submitted_at as bidSubmittedAt',
			'tenders.title',
			'tenders.buyer',
			'tenders.dlro',
			'users.name as invitedBy'
		])
		.where('bid_invitations.token_hash', '=', tokenHash)
		.where('bid_invitations.expires_at', '>', now)
		.executeTakeFirst();
}

/** Records the answer to a pending invitation; false when it was no longer pending. */
export async function answerInvitation(db: DB, invitationId: string, status: 'accepted' | 'declined', userId: string): Promise<boolean> {
	const done = await db
		.updateTable('bid_invitations')
		.set({ status, user_id: userId })
		.where('id', '=', invitationId)
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(done.numUpdatedRows) === 1;
}

/** The bid's invitations still waiting for an answer, newest first. */
export async function listPendingInvitations(db: DB, bidId: string, now: number) {
	return db
		.selectFrom('bid_invitations')
		.select(['id', 'email', 'role', 'created_at'])
		.where('bid_id', '=', bidId)
		.where('status', '=', 'pending')
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.execute();
}

/** The invitations waiting for an address, with the tender they are about (the dashboard). */
export async function listInvitationsFor(db: DB, email: string, now: number) {
	return db
		.selectFrom('bid_invitations')
		.innerJoin('bids', 'bids.id', 'bid_invitations.bid_id')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bid_invitations.id', 'tenders.title', 'tenders.buyer'])
		.where('bid_invitations.email', '=', email)
		.where('bid_invitations.status', '=', 'pending')
		.where('bid_invitations.expires_at', '>', now)
		.execute();
}
