/**
 * The required pieces checklist of a bid: each requirement of the tender expanded by its
 * scope (once per group / per legal member and lot / per lot), with status, owner, file.
 */
import { logActivity } from '../activity';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { ItemStatus } from '../db/schema';
import { invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { authorizeBid } from './bid-access';
import { storeUpload } from '../files/files.service';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export const ITEM_STATUSES: Record<ItemStatus, string> = {
	todo: 'À fournir',
	provided: 'Fourni',
	na: 'Sans objet'
};

/** Creates the missing items and drops those whose member or lot left the bid. */
export async function syncRequirementItems(db: DB, bidId: string): Promise<void> {
	const bid = await db.selectFrom('bids').select('tender_id').where('id', '=', bidId).executeTakeFirstOrThrow();
	const requirements = await db.selectFrom('requirements').select(['id', 'scope']).where('tender_id', '=', bid.tender_id).execute();
	const lots = (await db.selectFrom('bid_lots').select('lot_id').where('bid_id', '=', bidId).execute()).map((l) => l.lot_id);
	const orgs = (
		await db
			.selectFrom('bid_members')
			.select('organisation_id')
			.distinct()
			.where('bid_id', '=', bidId)
			.where('role', '!=', 'observer')
			.execute()
	).map((o) => o.organisation_id);
	const wanted: Array<{ requirement_id: string; organisation_id: string; lot_id: string }> = [];
	for (const r of requirements) {
		if (r.scope === 'group') wanted.push({ requirement_id: r.id, organisation_id: '', lot_id: '' });
		else if (r.scope === 'lot') for (const l of lots) wanted.push({ requirement_id: r.id, organisation_id: '', lot_id: l });
		else for (const o of orgs) for (const l of lots) wanted.push({ requirement_id: r.id, organisation_id: o, lot_id: l });
	}
	const existing = await db
		.selectFrom('requirement_items')
		.select(['id', 'requirement_id', 'organisation_id', 'lot_id'])
		.where('bid_id', '=', bidId)
		.execute();
	const key = (x: { requirement_id: string; organisation_id: string; lot_id: string }) =>
		`${x.requirement_id}|${x.organisation_id}|${x.lot_id}`;
	const wantedKeys = new Set(wanted.map(key));
	const existingKeys = new Set(existing.map(key));
	const stale = existing.filter((e) => !wantedKeys.has(key(e))).map((e) => e.id);
	if (stale.length) await db.deleteFrom('requirement_items').where('id', 'in', stale).execute();
	const missing = wanted.filter((w) => !existingKeys.has(key(w)));
	if (missing.length) {
		await db
			.insertInto('requirement_items')
			.values(missing.map((m) => ({ id: newId(), bid_id: bidId, ...m, status: 'todo' as const, owner_id: null, file_id: null })))
			.execute();
	}
}

export async function listChecklist(db: DB, bidId: string) {
	return db
		.selectFrom('requirement_items')
		.innerJoin('requirements', 'requirements.id', 'requirement_items.requirement_id')
		.leftJoin('organisations', 'organisations.id', 'requirement_items.organisation_id')
		.leftJoin('lots', 'lots.id', 'requirement_items.lot_id')
		.leftJoin('users', 'users.id', 'requirement_items.owner_id')
		.leftJoin('files', 'files.id', 'requirement_items.file_id')
		.select([
			'requirement_items.id',
			'requirement_items.status',
			'requirement_items.owner_id as ownerId',
			'requirements.label',
			'requirements.scope',
			'requirements.position',
			'organisations.name as organisationName',
			'lots.number as lotNumber',
			'users.name as ownerName',
			'files.id as fileId',
			'files.name as fileName'
		])
		.where('requirement_items.bid_id', '=', bidId)
		.orderBy('requirements.position')
		.orderBy('lots.number')
		.orderBy('organisations.name')
		.execute();
}

async function checkOwner(db: DB, bidId: string, ownerId: string | null): Promise<void> {
	if (!ownerId) return;
	const m = await db.selectFrom('bid_members').select('role').where('bid_id', '=', bidId).where('user_id', '=', ownerId).executeTakeFirst();
	if (!m || m.role === 'observer') throw invalid({ ownerId: 'Responsable : choisissez un membre du groupement.' });
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
		const item = await trx
			.selectFrom('requirement_items')
			.selectAll()
			.where('id', '=', itemId)
			.where('bid_id', '=', bidId)
			.executeTakeFirst();
		if (!item) throw notFound();
		await checkOwner(trx, bidId, change.ownerId);
		const fileId = change.fileId === undefined ? item.file_id : change.fileId;
		await trx
			.updateTable('requirement_items')
			.set({ status: change.status, owner_id: change.ownerId, file_id: fileId })
			.where('id', '=', itemId)
			.execute();
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
	const item = await ctx.db
		.selectFrom('requirement_items')
		.select('id')
		.where('id', '=', itemId)
		.where('bid_id', '=', bidId)
		.executeTakeFirst();
	if (!item) throw notFound();
	await checkOwner(ctx.db, bidId, change.ownerId);
	const stored = await storeUpload(ctx, file, { field: 'file', kind: 'piece', bidId, uploadedBy: actor.id });
	await updateChecklistItem(ctx, actor, bidId, itemId, {
		...change,
		status: change.status === 'todo' ? 'provided' : change.status,
		fileId: stored.id
	});
}
