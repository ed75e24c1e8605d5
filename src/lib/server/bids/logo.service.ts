/**
 * The group's logo, shown on the mémoire's cover (issue 14): the coordinator uploads it (PNG or
 * JPEG, at most 1 Mo, checked by content in files/storage.ts, counted in the storage quota) or
 * removes it, while the bid is not submitted (policy action `manage`). A replaced or removed
 * logo's file is deleted, so only the logo in use counts against the quota.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { invalid } from '../errors';
import type { Actor } from '../policies/actor';
import { deleteFile, findFile } from '../files/files.repository';
import { discardStoredBytes, storeUpload } from '../files/storage';
import { authorizeBid } from './bid-access';
import { getBid, setBidLogo } from './bids.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'config'>;

/** The form field the logo is uploaded under, where its refusals are said. */
export const LOGO_FIELD = 'logo';

/** The bid's logo as its overview shows it, or null. */
export async function bidLogo(ctx: Pick<AppContext, 'db'>, logoFileId: string | null) {
	if (!logoFileId) return null;
	const file = await findFile(ctx.db, logoFileId);
	return file ? { id: file.id, name: file.name } : null;
}

/** Stores `file` (the form's value) as the group's logo, in place of the previous one. */
export async function uploadBidLogo(ctx: Ctx, actor: Actor, bidId: string, file: unknown): Promise<{ id: string; name: string }> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	if (!(file instanceof File)) throw invalid({ [LOGO_FIELD]: 'Logo : choisissez une image PNG ou JPEG.' });
	const now = ctx.now();
	const { stored, previous } = await ctx.db.transaction().execute(async (trx) => {
		const previous = await replacedLogo(trx, bidId);
		const stored = await storeUpload({ ...ctx, db: trx }, file, { field: LOGO_FIELD, kind: 'logo', bidId, uploadedBy: actor.id });
		await setBidLogo(trx, bidId, stored.id);
		if (previous) await deleteFile(trx, previous.id);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'logo_changed',
			after: { name: stored.name }
		});
		return { stored, previous };
	});
	if (previous) discardStoredBytes(ctx, previous.stored_name);
	return { id: stored.id, name: stored.name };
}

/** The group has no logo any more; nothing happens when it had none. */
export async function removeBidLogo(ctx: Ctx, actor: Actor, bidId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	const previous = await ctx.db.transaction().execute(async (trx) => {
		const previous = await replacedLogo(trx, bidId);
		if (!previous) return null;
		await setBidLogo(trx, bidId, null);
		await deleteFile(trx, previous.id);
		await logActivity(trx, now, { actorId: actor.id, bidId, entity: 'bid', entityId: bidId, action: 'logo_removed' });
		return previous;
	});
	if (previous) discardStoredBytes(ctx, previous.stored_name);
}

async function replacedLogo(db: Ctx['db'], bidId: string) {
	const { logo_file_id } = await getBid(db, bidId);
	return logo_file_id ? ((await findFile(db, logo_file_id)) ?? null) : null;
}
