/** Downloading a stored file (use case): who may — DCE → anyone who sees the tender; bid files → bid members. */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { canSeeTender } from '../tenders/tender-access';
import { authorizeBid } from '../bids/bid-access';
import { readStoredFile } from './storage';
import { findFile } from './files.repository';

export async function downloadFile(ctx: Pick<AppContext, 'db' | 'now' | 'config'>, actor: Actor, fileId: string) {
	const file = await findFile(ctx.db, fileId);
	if (!file) throw notFound();
	if (file.bid_id) await authorizeBid(ctx, actor, file.bid_id, 'downloadFile');
	else if (!file.tender_id || !(await canSeeTender(ctx, actor, file.tender_id))) throw notFound();
	return { file, bytes: readStoredFile(ctx, file.stored_name) };
}
