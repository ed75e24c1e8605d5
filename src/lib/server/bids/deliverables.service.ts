/**
 * Deliverables (price lines, « prestations ») per lot, their assignees and weights: the use
 * cases that change them, and what the prestations page shows (rows: deliverables.repository;
 * the split: split/split-input; who may do what: policies/deliverable.policy). Any change
 * withdraws the split's acceptances.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError, forbidden, invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import type { BidAccess } from '../policies/bid.policy';
import { canDeliverable, type DeliverableAction, type DeliverableTarget } from '../policies/deliverable.policy';
import { withdrawAcceptances } from '../split/acceptance';
import { loadSplitFacts } from '../split/split.repository';
import { accessFromFacts, splitOf, takesPart } from '../split/split-input';
import { lineAmountCents } from '../../domain/money';
import type { SplitResult } from '../../domain/split';
import { authorizeAccess, authorizeBid } from './bid-access';
import {
	bidHasLot,
	deleteDeliverableRow,
	findDeliverable,
	insertDeliverable,
	isAssignee,
	listAssigneeWeights,
	listMemberRoles,
	nextDeliverablePosition,
	updateDeliverableRow
} from './deliverables.repository';
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
	if (!(await bidHasLot(db, bidId, d.lotId))) errors.lotId = 'Lot : choisissez un lot de la réponse.';
	if (d.assignees.length === 0) errors.assignees = 'Affectation : choisissez au moins une personne.';
	const writers = new Set((await listMemberRoles(db, bidId)).filter(takesPart).map((m) => m.user_id));
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

/**
 * What the prestations page shows to a member of the bid (404 otherwise): the price lines and
 * the split they make; the lines stay readable when the split cannot be computed (its French
 * reason instead). Lines, members and lots are read once, with the split's facts.
 */
export async function getDeliverablesView(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string) {
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	const access = authorizeAccess(actor, accessFromFacts(facts, actor.id, ctx.now()), 'view');
	let split: SplitResult | null = null;
	let splitError: string | null = null;
	try {
		split = splitOf(facts);
	} catch (e) {
		if (!(e instanceof DomainError)) throw e;
		splitError = e.message;
	}
	const lines = facts.lines.map((l) => {
		const assigned = l.assignees.some((a) => a.userId === actor.id);
		return { ...l, canEdit: canDeliverable(actor, 'editLine', access, { assigned }) };
	});
	return {
		lines,
		split,
		splitError,
		/** Adding a line: anyone who may (a member with themselves among the assignees). */
		canAddLine: canDeliverable(actor, 'addLine', access),
		/** True when the actor's new lines must include themselves: the add form starts with them ticked. */
		addsOwnLinesOnly: canDeliverable(actor, 'addLine', access) && !canDeliverable(actor, 'addLine', access, { assignedAfter: false })
	};
}

/**
 * Decides a price-line action: 409 once the bid is submitted, 403 naming the internal freeze for
 * a member after it, a form error when a member leaves themselves out of the assignees, 403
 * otherwise (a line they are not assigned to).
 */
function authorizeLine(actor: Actor, access: BidAccess, action: DeliverableAction, target: DeliverableTarget): void {
	if (canDeliverable(actor, action, access, target)) return;
	if (!canDeliverable(actor, action, access)) {
		// Frozen, past the internal freeze, or an observer: the bid policy's refusal says which.
		authorizeAccess(actor, access, 'manage');
		throw forbidden();
	}
	if (target.assignedAfter === false && (action === 'addLine' || target.assigned)) {
		throw invalid({
			assignees:
				action === 'addLine'
					? 'Affectation : cochez-vous parmi les personnes ; seule la coordination ajoute des lignes réalisées par d’autres.'
					: 'Affectation : restez parmi les personnes affectées ; seule la coordination peut confier la ligne entièrement à d’autres.'
		});
	}
	throw forbidden('Seules les personnes affectées à cette prestation, et la coordination, peuvent la modifier.');
}

const includes = (d: DeliverableInput, userId: string) => d.assignees.some((a) => a.userId === userId);

export async function createDeliverable(ctx: Ctx, actor: Actor, bidId: string, d: DeliverableInput): Promise<string> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	authorizeLine(actor, access, 'addLine', { assignedAfter: includes(d, actor.id) });
	await check(ctx.db, bidId, d);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const position = await nextDeliverablePosition(trx, bidId, d.lotId);
		await insertDeliverable(trx, { ...d, id, bidId, position, createdAt: now }, d.assignees);
		await logActivity(trx, now, { actorId: actor.id, bidId, entity: 'deliverable', entityId: id, action: 'created', after: d });
		await withdrawAcceptances(trx, bidId, actor.id, `prestation « ${d.label} » ajoutée`, now);
	});
	return id;
}

export async function updateDeliverable(ctx: Ctx, actor: Actor, bidId: string, id: string, d: DeliverableInput): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const before = await findDeliverable(ctx.db, bidId, id);
	if (!before) throw notFound();
	const assigned = await isAssignee(ctx.db, id, actor.id);
	authorizeLine(actor, access, 'editLine', { assigned, assignedAfter: includes(d, actor.id) });
	await check(ctx.db, bidId, d);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const oldAssignees = await listAssigneeWeights(trx, id);
		await updateDeliverableRow(trx, id, d, d.assignees);
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
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const before = await findDeliverable(ctx.db, bidId, id);
	if (!before) throw notFound();
	authorizeLine(actor, access, 'deleteLine', { assigned: await isAssignee(ctx.db, id, actor.id) });
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await deleteDeliverableRow(trx, id);
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
