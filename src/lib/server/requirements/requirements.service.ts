/**
 * The required pieces checklist of a bid (use cases): each item (sync.ts expands the tender's
 * requirements) with its status, owner and file.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { ItemStatus } from '../db/schema';
import { invalid, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { takesPart } from '../policies/member.policy';
import { authorizeBid } from '../bids/bid-access';
import { storeUpload } from '../files/storage';
import { findItem, listChecklist, memberRole, updateItem } from './requirements.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export { ITEM_STATUSES } from './labels';

/** The checklist of a bid for its pieces page (any member). */
export async function loadChecklist(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, bidId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	return listChecklist(ctx.db, bidId);
}

async function checkOwner(db: DB, bidId: string, ownerId: string | null): Promise<void> {
	if (!ownerId) return;
	const role = await memberRole(db, bidId, ownerId);
	if (!role || !takesPart({ role })) throw invalid({ ownerId: 'Responsable : choisissez un membre du groupement.' });
}
export async function updateChecklistItem(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	itemId: string,
	change: { status: ItemStatus; ownerId: string | null; fileId?: string | null }
): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'editPieces');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const item = await findItem(trx, bidId, itemId);
		if (!item) throw notFound();
		await checkOwner(trx, bidId, change.ownerId);
		const fileId = change.fileId === undefined ? item.file_id : change.fileId;
		await updateItem(trx, itemId, { status: change.status, ownerId: change.ownerId, fileId });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'requirement_item',
			entityId: itemId,
			action: 'updated',
			before: { status: item.status, ownerId: item.owner_id, fileId: item.file_id },
			after: { status: change.status, ownerId: change.ownerId, fileId }
		});
	});
}

/**
 * The pieces form: status, owner and optionally a new file for one checklist item. The file is
 * stored only once the actor may upload and the item belongs to the bid; attaching a file to an
 * item still « à fournir » marks it provided.
 */
export async function updatePiece(
	ctx: Ctx & Pick<AppContext, 'config'>,
	actor: Actor,
	bidId: string,
	itemId: string,
	change: { status: ItemStatus; ownerId: string | null },
	file: File | null
): Promise<void> {
	if (!file) return updateChecklistItem(ctx, actor, bidId, itemId, change);
	await authorizeBid(ctx, actor, bidId, 'uploadFile');
	await authorizeBid(ctx, actor, bidId, 'editPieces');
	if (!(await findItem(ctx.db, bidId, itemId))) throw notFound();
	await checkOwner(ctx.db, bidId, change.ownerId);
	const stored = await storeUpload(ctx, file, { field: 'file', kind: 'piece', bidId, uploadedBy: actor.id });
	await updateChecklistItem(ctx, actor, bidId, itemId, {
		...change,
		status: change.status === 'todo' ? 'provided' : change.status,
		fileId: stored.id
	});
}
