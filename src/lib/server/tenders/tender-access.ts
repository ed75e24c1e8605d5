/**
 * Who may see or change a call for tenders: loads the facts the tender policy decides on (the
 * tender, its bids, the actor's membership) once per use case, and `authorizeTender` (load +
 * decide). Every tender use case starts here, like bid use cases start in bids/bid-access.ts.
 */
import type { AppContext } from '../context';
import { DomainError, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { canTender, type TenderAccess, type TenderAction } from '../policies/tender.policy';
import { isMemberOfTenderBid, listTenderBids } from '../bids/bids.repository';
import { findTender } from './tenders.repository';

type Ctx = Pick<AppContext, 'db'>;

const EDIT_REFUSED = "Seul·e la coordinatrice ou le coordinateur peut modifier l'appel d'offres, et plus après le dépôt.";

/** The tender row and its access facts; undefined when there is no such tender. */
async function loadTenderAccess(ctx: Ctx, actor: Actor, tenderId: string) {
	const tender = await findTender(ctx.db, tenderId);
	if (!tender) return undefined;
	const bids = await listTenderBids(ctx.db, tenderId);
	const access: TenderAccess = {
		id: tender.id,
		createdBy: tender.created_by,
		memberOfABid: await isMemberOfTenderBid(ctx.db, tenderId, actor.id),
		bids: bids.map((b) => ({ coordinatorId: b.coordinator_id, status: b.status }))
	};
	return { tender, access };
}

/**
 * Loads the tender and decides `action`: 404 when the actor may not see it, 403 (with `refusal`)
 * when they see it but may not do that. Returns the tender row and whether the actor may edit it.
 */
export async function authorizeTender(ctx: Ctx, actor: Actor, tenderId: string, action: TenderAction, refusal = EDIT_REFUSED) {
	const loaded = await loadTenderAccess(ctx, actor, tenderId);
	if (!loaded || !canTender(actor, 'view', loaded.access)) throw notFound();
	const canEdit = canTender(actor, 'edit', loaded.access);
	if (action === 'edit' && !canEdit) throw new DomainError('forbidden', refusal);
	return { tender: loaded.tender, canEdit };
}

/** May the actor see this tender? (creator, or member of one of its bids) */
export async function canSeeTender(ctx: Ctx, actor: Actor, tenderId: string): Promise<boolean> {
	const loaded = await loadTenderAccess(ctx, actor, tenderId);
	return Boolean(loaded && canTender(actor, 'view', loaded.access));
}
