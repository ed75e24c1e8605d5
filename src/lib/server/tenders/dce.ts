/**
 * The DCE (the buyer's consultation documents) attached to a call for tenders: upload by who may
 * change the tender, logged in the activity of every bid answering it.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError } from '../errors';
import { storeUpload, type StoredFile } from '../files/storage';
import type { Actor } from '../policies/actor';
import { listTenderBids } from '../bids/bids.repository';
import { authorizeTender } from './tender-access';

/** Stores `file` as a DCE piece of the tender; an empty field answers on the form's `file`. */
export async function addDceFile(
	ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
	actor: Actor,
	tenderId: string,
	file: FormDataEntryValue | null
): Promise<StoredFile> {
	await authorizeTender(ctx, actor, tenderId, 'edit', 'Seule la coordination peut déposer les pièces du DCE.');
	if (!(file instanceof File))
		throw new DomainError('invalid_input', 'Fichier : choisissez un fichier.', { file: 'Fichier : choisissez un fichier.' });
	const stored = await storeUpload(ctx, file, { field: 'file', kind: 'dce', tenderId, uploadedBy: actor.id });
	for (const b of await listTenderBids(ctx.db, tenderId)) {
		await logActivity(ctx.db, ctx.now(), {
			actorId: actor.id,
			bidId: b.id,
			entity: 'file',
			entityId: stored.id,
			action: 'uploaded',
			after: { name: stored.name, sha256: stored.sha256 }
		});
	}
	return stored;
}
