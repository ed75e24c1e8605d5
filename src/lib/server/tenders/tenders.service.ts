/**
 * Calls for tenders: create and change the tender, add its lots (with award criteria) and its
 * required pieces, read it for its page. A tender is visible to whoever created it and to the
 * members of its bids (tender-access.ts); queries live in tenders.repository.ts.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { RequirementScope } from '../db/schema';
import { DomainError, invalid } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { canCoordinate, canStartBid } from '../policies/tender.policy';
import { listMyTenderBids, listTenderBids, moveTenderFreezes } from '../bids/bids.repository';
import { DEFAULT_FREEZE_BEFORE_MS } from '../bids/bid-rules';
import { authorizeTender } from './tender-access';
import { checkCriteria, checkDateOrder, parseCriteria, STANDARD_REQUIREMENTS, type LotInput, type TenderInput } from './tender-rules';
import {
	findTender,
	insertLot,
	insertTender,
	listDceFiles,
	listLots,
	listRequirements,
	listVisibleTenders,
	lotNumberTaken,
	updateTenderRow
} from './tenders.repository';
import { deleteRequirement, insertRequirements, nextRequirementPosition } from '../requirements/requirements.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

function checkTender(ctx: Ctx, t: TenderInput, isNew: boolean): void {
	const errors: Record<string, string> = {};
	if (isNew && t.dlro <= ctx.now()) errors.dlro = 'Date limite de remise des offres : elle est déjà passée.';
	Object.assign(errors, checkDateOrder(t));
	if (Object.keys(errors).length) throw invalid(errors);
}

function tenderColumns(input: TenderInput) {
	return {
		buyer: input.buyer,
		reference: input.reference,
		title: input.title,
		procedure: input.procedure,
		platform_url: input.platformUrl,
		estimate_cents: input.estimateCents,
		questions_deadline: input.questionsDeadline,
		dlro: input.dlro,
		answers_deadline: input.answersDeadline ?? null,
		aapc_at: input.aapcAt ?? null,
		offer_validity_days: input.offerValidityDays ?? null,
		vat_rate_bp: input.vatRateBp ?? 2000,
		dc2_per_lot: input.dc2PerLot ? 1 : 0
	};
}

/** What an update changed, before and after, by the names the activity page describes (title, dates, terms, platform). */
function changedTerms(before: NonNullable<Awaited<ReturnType<typeof findTender>>>, input: TenderInput) {
	const old: Record<string, unknown> = {
		title: before.title,
		buyer: before.buyer,
		reference: before.reference,
		aapcAt: before.aapc_at,
		questionsDeadline: before.questions_deadline,
		answersDeadline: before.answers_deadline,
		dlro: before.dlro,
		offerValidityDays: before.offer_validity_days,
		vatRateBp: before.vat_rate_bp,
		dc2PerLot: before.dc2_per_lot === 1,
		platformUrl: before.platform_url
	};
	const now: Record<string, unknown> = {
		title: input.title,
		buyer: input.buyer,
		reference: input.reference,
		aapcAt: input.aapcAt ?? null,
		questionsDeadline: input.questionsDeadline,
		answersDeadline: input.answersDeadline ?? null,
		dlro: input.dlro,
		offerValidityDays: input.offerValidityDays ?? null,
		vatRateBp: input.vatRateBp ?? 2000,
		dc2PerLot: input.dc2PerLot ?? false,
		platformUrl: input.platformUrl
	};
	const keys = Object.keys(now).filter((k) => old[k] !== now[k]);
	return { before: Object.fromEntries(keys.map((k) => [k, old[k]])), after: Object.fromEntries(keys.map((k) => [k, now[k]])) };
}

export async function createTender(ctx: Ctx, actor: Actor, input: TenderInput): Promise<string> {
	if (!canCoordinate(actor)) {
		throw new DomainError(
			'forbidden',
			"Pour créer un appel d'offres, rattachez-vous d'abord à votre organisation en tant qu'entrepreneur·e."
		);
	}
	checkTender(ctx, input, true);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await insertTender(trx, { id, ...tenderColumns(input), created_by: actor.id, created_at: now });
		await insertRequirements(
			trx,
			STANDARD_REQUIREMENTS.map((r, i) => ({
				id: newId(),
				tender_id: id,
				label: r.label,
				scope: r.scope,
				produced: r.produced,
				position: i
			}))
		);
		await logActivity(trx, now, { actorId: actor.id, entity: 'tender', entityId: id, action: 'created', after: input });
	});
	return id;
}

export async function updateTender(ctx: Ctx, actor: Actor, tenderId: string, input: TenderInput): Promise<void> {
	await authorizeTender(ctx, actor, tenderId, 'edit');
	checkTender(ctx, input, false);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const before = (await findTender(trx, tenderId))!;
		await updateTenderRow(trx, tenderId, tenderColumns(input));
		// Keep each draft bid's internal freeze 24 h before the (new) deadline when it followed the old one.
		if (before.dlro !== input.dlro) {
			await moveTenderFreezes(trx, tenderId, before.dlro - DEFAULT_FREEZE_BEFORE_MS, input.dlro - DEFAULT_FREEZE_BEFORE_MS);
		}
		for (const b of await listTenderBids(trx, tenderId)) {
			await logActivity(trx, now, {
				actorId: actor.id,
				bidId: b.id,
				entity: 'tender',
				entityId: tenderId,
				action: 'updated',
				...changedTerms(before, input)
			});
		}
	});
}

export async function addLot(ctx: Ctx, actor: Actor, tenderId: string, lot: LotInput): Promise<string> {
	await authorizeTender(ctx, actor, tenderId, 'edit');
	const problem = checkCriteria(lot.criteria);
	if (problem) throw invalid({ criteria: problem });
	if (await lotNumberTaken(ctx.db, tenderId, lot.number)) throw invalid({ number: `Numéro de lot : le lot ${lot.number} existe déjà.` });
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await insertLot(trx, {
			id,
			tender_id: tenderId,
			number: lot.number,
			title: lot.title,
			estimate_cents: lot.estimateCents,
			price_form: lot.priceForm,
			page_limit: lot.pageLimit,
			criteria: JSON.stringify(lot.criteria)
		});
		await logActivity(trx, now, { actorId: actor.id, entity: 'lot', entityId: id, action: 'created', after: lot });
	});
	return id;
}

export async function addRequirement(ctx: Ctx, actor: Actor, tenderId: string, label: string, scope: RequirementScope): Promise<void> {
	await authorizeTender(ctx, actor, tenderId, 'edit');
	const position = await nextRequirementPosition(ctx.db, tenderId);
	await insertRequirements(ctx.db, [{ id: newId(), tender_id: tenderId, label, scope, position }]);
}

export async function removeRequirement(ctx: Ctx, actor: Actor, tenderId: string, requirementId: string): Promise<void> {
	await authorizeTender(ctx, actor, tenderId, 'edit');
	await deleteRequirement(ctx.db, tenderId, requirementId);
}

/** The tender's page: the tender, its lots, required pieces, DCE files, the actor's bids on it, and what they may do. */
export async function getTender(ctx: Ctx, actor: Actor, tenderId: string) {
	const { tender, canEdit } = await authorizeTender(ctx, actor, tenderId, 'view');
	const lots = (await listLots(ctx.db, tenderId)).map((l) => ({ ...l, criteria: parseCriteria(l.criteria) }));
	const requirements = await listRequirements(ctx.db, tenderId);
	const files = await listDceFiles(ctx.db, tenderId);
	const bids = await listMyTenderBids(ctx.db, tenderId, actor.id);
	return { tender, lots, requirements, files, bids, canEdit, canBid: canStartBid(actor, bids) };
}

/** Tenders the actor created or bids on, nearest deadline first, and whether they may create one. */
export async function listTenders(ctx: Ctx, actor: Actor) {
	return { tenders: await listVisibleTenders(ctx.db, actor.id), canCreate: canCoordinate(actor) };
}
