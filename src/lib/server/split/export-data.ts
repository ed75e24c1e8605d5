/**
 * What the CSV/JSON exports of the split and of the payment ledger need (export.ts lays them
 * out): the split, the ledger and the bid's details, for a member of the bid only (404 otherwise).
 * The bid's members, lines and lots come from the split's facts, read once.
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeAccess } from '../bids/bid-access';
import { getBidWithTender, loadSplitFacts } from './split.repository';
import { accessFromFacts, splitOf } from './split-input';
import { loadPaymentLedger } from './ledger';
import type { ExportMeta } from './export';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/**
 * What the CSV/JSON exports need, after checking the actor is a member of the bid (404
 * otherwise): the split, the payment ledger (empty unless the bid is won) and the bid's details.
 */
export async function loadExport(ctx: Ctx, actor: Actor, bidId: string) {
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	authorizeAccess(actor, accessFromFacts(facts, actor.id, ctx.now()), 'view');
	const bid = await getBidWithTender(ctx.db, bidId);
	const split = splitOf(facts);
	const numbers = new Map(facts.lots.map((l) => [l.id, l.number]));
	const ledger = await loadPaymentLedger(ctx.db, bidId, split, numbers);
	const meta: ExportMeta = {
		bidId: bid.id,
		title: bid.title,
		buyer: bid.buyer,
		reference: bid.reference,
		status: bid.status,
		lotNumbers: Object.fromEntries(numbers) as Record<string, number>,
		lineInfo: Object.fromEntries(facts.lines.map((l) => [l.id, { code: l.code, unit: l.unit }])),
		generatedAt: ctx.now()
	};
	return { split, ledger, meta };
}
