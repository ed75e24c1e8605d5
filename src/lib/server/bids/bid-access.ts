/**
 * Who may do what on a bid: the access row the bid policy decides on (role, status, freeze,
 * DLRO), read once per use case, and `authorizeBid` (load + decide). Every bid use case starts
 * here (the bids', pieces', sections', split's and submission's use cases alike); it depends only on
 * bids.repository and policies/, so no use case goes through another one to authorize.
 */
import type { AppContext } from '../context';
import { DomainError, notFound } from '../errors';
import { authorize, can } from '../policies/index';
import type { Actor } from '../policies/actor';
import type { BidAccess, BidAction } from '../policies/bid.policy';
import { stoppedByInternalFreeze } from '../policies/bid-member.policy';
import { getBidAccessRow } from './bids.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/** Loads what the bid policy needs; a bid the actor is not a member of answers 404. */
export async function loadBidAccess(ctx: Ctx, actor: Actor, bidId: string): Promise<BidAccess> {
	const row = await getBidAccessRow(ctx.db, bidId, actor.id);
	if (!row) throw notFound();
	return accessOf(row, row.role, ctx.now());
}

/** The access of a member from a bid row already read (e.g. with the split's facts); 404 for a non-member. */
export function accessOf(
	bid: { id: string; status: BidAccess['status']; coordinator_id: string; internal_freeze_at: number | null; dlro: number },
	role: BidAccess['role'] | undefined,
	now: number
): BidAccess {
	if (!role) throw notFound();
	return {
		id: bid.id,
		status: bid.status,
		coordinatorId: bid.coordinator_id,
		role,
		internalFreezeAt: bid.internal_freeze_at,
		dlro: bid.dlro,
		now
	};
}

/** loadBidAccess + authorize in one call. */
export async function authorizeBid(ctx: Ctx, actor: Actor, bidId: string, action: BidAction): Promise<BidAccess> {
	return authorizeAccess(actor, await loadBidAccess(ctx, actor, bidId), action);
}

/** Decides `action` on a loaded access: 404 when not a member, 403 (with the reason) when not allowed. */
export function authorizeAccess(actor: Actor, access: BidAccess, action: BidAction): BidAccess {
	if (action !== 'view' && !can(actor, 'bid', action, access)) {
		if (access.status !== 'draft')
			throw new DomainError('frozen', 'La réponse a été déposée : elle est figée et ne peut plus être modifiée.');
		if (stoppedByInternalFreeze(access)) {
			throw new DomainError('forbidden', 'Le gel interne est passé : seule la coordination peut encore modifier la réponse.');
		}
	}
	authorize(actor, 'bid', action, access);
	return access;
}
