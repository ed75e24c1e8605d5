/**
 * The submission record of a bid as the « Dépôt » page shows it (its files from the stored
 * snapshot), and that page's load (use case): readiness, the record, the lots for the draft links.
 */
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { listBidLots } from '../bids/bids.repository';
import { readiness } from './readiness';
import { findSubmissionView } from './submission.repository';

/** The record of the bid's submission with its files, or null before it is submitted. */
export async function getSubmission(db: DB, bidId: string) {
	const sub = await findSubmissionView(db, bidId);
	if (!sub) return null;
	const snapshot = JSON.parse(sub.snapshot) as {
		files: Array<{ id: string; name: string; sha256: string; size: number; audience?: 'deposit' | 'internal' | 'package' }>;
		warnings?: string[];
	};
	// Records made before the deposit package (issue 14) have no audience: their annex was the
	// internal split.
	const files = snapshot.files.map((f) => ({
		...f,
		audience: f.audience ?? (f.name.startsWith('annexe-repartition') ? 'internal' : 'deposit')
	}));
	return { ...sub, files, warnings: snapshot.warnings ?? [] };
}

export async function requireSubmission(db: DB, bidId: string) {
	const s = await getSubmission(db, bidId);
	if (!s) throw notFound();
	return s;
}

/** What the « Dépôt » page shows a member: what still blocks, the record once submitted, the lots. */
export async function loadDepositPage(
	ctx: Pick<AppContext, 'db' | 'now' | 'collab'> & Partial<Pick<AppContext, 'renderer'>>,
	actor: Actor,
	bidId: string
) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const lots = await listBidLots(ctx.db, access.id);
	return {
		readiness: await readiness(ctx, access.id, ctx.now()),
		submission: await getSubmission(ctx.db, access.id),
		lots: lots.map((l) => ({ number: l.number, title: l.title }))
	};
}
