/**
 * Deliverables (price lines, « prestations ») per lot, their assignees and weights: the use
 * cases that change them (reads: deliverables.repository; the split: split/split-input).
 */
import { logActivity } from '../activity';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { withdrawAcceptances } from '../split/acceptance';
import { lineAmountCents } from '../../domain/money';
import { authorizeBid } from './bid-access';
import { MAX_AMOUNT_CENTS } from '../tenders/tender-rules';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export interface DeliverableInput {
	lotId: string;
	code: string;
	label: string;
	quantityMilli: number;
	unit: string;
	unitPriceCents: number;
	/** In order; weight ≥ 1 (equal weights by default). */
	assignees: Array<{ userId: string; weight: number }>;
}

async function check(db: DB, bidId: string, d: DeliverableInput): Promise<void> {
	const errors: Record<string, string> = {};
	const lot = await db.selectFrom('bid_lots').select('lot_id').where('bid_id', '=', bidId).where('lot_id', '=', d.lotId).executeTakeFirst();
	if (!lot) errors.lotId = 'Lot : choisissez un lot de la réponse.';
	if (d.assignees.length === 0) errors.assignees = 'Affectation : choisissez au moins une personne.';
	const writers = new Set(
		(await db.selectFrom('bid_members').select(['user_id', 'role']).where('bid_id', '=', bidId).execute())
			.filter((m) => m.role !== 'observer')
			.map((m) => m.user_id)
	);
	if (d.assignees.some((a) => !writers.has(a.userId))) errors.assignees = 'Affectation : choisissez des membres du groupement.';
	if (new Set(d.assignees.map((a) => a.userId)).size !== d.assignees.length)
		errors.assignees = 'Affectation : une personne est choisie deux fois.';
	if (d.assignees.some((a) => !Number.isInteger(a.weight) || a.weight < 1 || a.weight > 1000))
		errors.weights = 'Poids : un nombre entier entre 1 et 1000 pour chaque personne.';
	if (!Number.isSafeInteger(d.quantityMilli) || d.quantityMilli <= 0) errors.quantity = 'Quantité : indiquez une quantité supérieure à 0.';
	if (!Number.isSafeInteger(d.unitPriceCents) || d.unitPriceCents < 0)
		errors.unitPrice = 'Prix unitaire : le montant ne peut pas être négatif.';
	else if (d.unitPriceCents > MAX_AMOUNT_CENTS) errors.unitPrice = 'Prix unitaire : 1 milliard d’euros au maximum.';
	if (!errors.quantity && !errors.unitPrice) {
		// Exact product in BigInt: a huge quantity × price must give this message, not a RangeError.
		const tooLarge = BigInt(d.quantityMilli) * BigInt(d.unitPriceCents) > BigInt(MAX_AMOUNT_CENTS) * 1000n + 499n;
		if (tooLarge || lineAmountCents(d.quantityMilli, d.unitPriceCents) > MAX_AMOUNT_CENTS) {
			errors.unitPrice = 'Montant : la ligne dépasse 1 milliard d’euros, vérifiez la quantité et le prix.';
		}
	}
	if (Object.keys(errors).length) throw invalid(errors);
}

export async function createDeliverable(ctx: Ctx, actor: Actor, bidId: string, d: DeliverableInput): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	await check(ctx.db, bidId, d);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const last = await trx
			.selectFrom('deliverables')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('bid_id', '=', bidId)
			.where('lot_id', '=', d.lotId)
			.executeTakeFirst();
		await trx
			.insertInto('deliverables')
			.values({
				id,
				bid_id: bidId,
				lot_id: d.lotId,
				position: Number(last?.p ?? -1) + 1,
				code: d.code,
				label: d.label,
				quantity_milli: d.quantityMilli,
				unit: d.unit,
				unit_price_cents: d.unitPriceCents,
				status: 'todo',
				due_at: null,
				delivered_at: null,
				created_at: now
			})
			.execute();
		await trx
			.insertInto('deliverable_assignees')
			.values(d.assignees.map((a, i) => ({ deliverable_id: id, user_id: a.userId, weight: a.weight, position: i })))
			.execute();
		await logActivity(trx, now, { actorId: actor.id, bidId, entity: 'deliverable', entityId: id, action: 'created', after: d });
		await withdrawAcceptances(trx, bidId, actor.id, `prestation « ${d.label} » ajoutée`, now);
	});
	return id;
}

export async function updateDeliverable(ctx: Ctx, actor: Actor, bidId: string, id: string, d: DeliverableInput): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const before = await ctx.db.selectFrom('deliverables').selectAll().where('id', '=', id).where('bid_id', '=', bidId).executeTakeFirst();
	if (!before) throw notFound();
	await check(ctx.db, bidId, d);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const oldAssignees = await trx
			.selectFrom('deliverable_assignees')
			.select(['user_id', 'weight'])
			.where('deliverable_id', '=', id)
			.orderBy('position')
			.execute();
		await trx
			.updateTable('deliverables')
			.set({
				lot_id: d.lotId,
				code: d.code,
				label: d.label,
				quantity_milli: d.quantityMilli,
				unit: d.unit,
				unit_price_cents: d.unitPriceCents
			})
			.where('id', '=', id)
			.execute();
		await trx.deleteFrom('deliverable_assignees').where('deliverable_id', '=', id).execute();
		await trx
			.insertInto('deliverable_assignees')
			.values(d.assignees.map((a, i) => ({ deliverable_id: id, user_id: a.userId, weight: a.weight, position: i })))
			.execute();
		const beforeView = {
			label: before.label,
			quantityMilli: before.quantity_milli,
			unitPriceCents: before.unit_price_cents,
			assignees: oldAssignees.map((a) => ({ userId: a.user_id, weight: a.weight }))
		};
		const afterView = { label: d.label, quantityMilli: d.quantityMilli, unitPriceCents: d.unitPriceCents, assignees: d.assignees };
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'deliverable',
			entityId: id,
			action: 'updated',
			before: beforeView,
			after: afterView
		});
		if (JSON.stringify(beforeView) !== JSON.stringify(afterView) || before.lot_id !== d.lotId) {
			await withdrawAcceptances(trx, bidId, actor.id, `prestation « ${d.label} » modifiée`, now);
		}
	});
}

export async function deleteDeliverable(ctx: Ctx, actor: Actor, bidId: string, id: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const before = await ctx.db.selectFrom('deliverables').selectAll().where('id', '=', id).where('bid_id', '=', bidId).executeTakeFirst();
	if (!before) throw notFound();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx.deleteFrom('deliverables').where('id', '=', id).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'deliverable',
			entityId: id,
			action: 'deleted',
			before: { label: before.label }
		});
		await withdrawAcceptances(trx, bidId, actor.id, `prestation « ${before.label} » supprimée`, now);
	});
}
