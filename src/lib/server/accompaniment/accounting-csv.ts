/**
 * The accounting export of the Accompagnement page (issue 20, item 5): for the won bids of the
 * organisation's entrepreneurs, the contributions due and the payments its legal member received,
 * as CSV that enDI and French spreadsheets import (the exports' dialect, split/csv.ts: UTF-8 with
 * a BOM, `;`, decimal comma, amounts in euros with two decimals, dates dd/mm/yyyy, CRLF).
 *
 * Columns (docs/ARCHITECTURE.md « Accompaniment »):
 *   Type              « Contribution due » (one row per entrepreneur and bid) or « Paiement reçu »
 *                     (one row per payment and entrepreneur of the organisation sharing it)
 *   Date              decision date of the award (Paris) / date the payment was received
 *   Référence         the tender's reference
 *   Marché            the tender's title
 *   Acheteur          the buyer
 *   Entrepreneur      the person
 *   Lot               the lot's number (payments; empty for a contribution, computed on all lots)
 *   Montant HT        the person's gross on the bid / their share of the payment, euros
 *   Taux              the person's contribution rate, percent (contributions)
 *   Contribution      the contribution due on the person's base, euros (the split's figure)
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { canAccompany } from '../policies/accompaniment.policy';
import { loadSplitFacts } from '../split/split.repository';
import { splitOf } from '../split/split-input';
import { listPaymentShares, listPayments } from '../split/payments.repository';
import { datePlain, int, money, rate, toCsv, type CsvCell } from '../split/csv';
import { parisDateOf } from '../split/split-rules';
import { listOrganisationBids } from './accompaniment.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export const ACCOUNTING_COLUMNS = [
	'Type',
	'Date',
	'Référence',
	'Marché',
	'Acheteur',
	'Entrepreneur',
	'Lot',
	'Montant HT',
	'Taux',
	'Contribution'
];

/** The CSV text of the organisation's won bids: contributions due, then payments received. */
export async function accountingCsv(ctx: Ctx, actor: Actor): Promise<string> {
	if (!canAccompany(actor, 'exportCsv')) throw notFound();
	const organisationId = actor.organisationId!;
	const rows: CsvCell[][] = [ACCOUNTING_COLUMNS];
	const won = (await listOrganisationBids(ctx.db, organisationId, actor.id)).filter((b) => b.status === 'won');
	for (const bid of won) {
		const facts = await loadSplitFacts(ctx.db, bid.id);
		if (!facts) continue;
		const split = splitOf(facts);
		const mine = split.people.filter((p) => p.organisationId === organisationId);
		const ids = new Set(mine.map((p) => p.personId));
		const about = [bid.reference, bid.title, bid.buyer];
		const decided = bid.decidedAt === null ? null : datePlain(parisDateOf(bid.decidedAt));
		for (const p of mine)
			rows.push([
				'Contribution due',
				decided,
				...about,
				p.name,
				null,
				money(p.grossCents),
				rate(p.contributionRateBp),
				money(p.contributionCents)
			]);
		const numbers = new Map(facts.lots.map((l) => [l.id, l.number]));
		const shares = await listPaymentShares(ctx.db, bid.id);
		for (const pay of (await listPayments(ctx.db, bid.id)).filter((x) => x.organisation_id === organisationId)) {
			for (const s of shares.filter((x) => x.payment_id === pay.id && ids.has(x.user_id)))
				rows.push([
					'Paiement reçu',
					datePlain(pay.received_on),
					...about,
					s.name,
					int(numbers.get(pay.lot_id) ?? 0),
					money(s.amount_cents),
					null,
					null
				]);
		}
	}
	return toCsv(rows);
}
