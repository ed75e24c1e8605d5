/**
 * Calls for tenders: the tender itself, its lots (with award criteria) and the required
 * pieces. A tender is visible to whoever created it and to the members of its bids.
 */
import { logActivity } from '../activity';
import type { AppContext } from '../context';
import type { PriceForm, RequirementScope } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export const PROCEDURES: Record<string, string> = {
	mapa: 'Procédure adaptée (MAPA)',
	aoo: "Appel d'offres ouvert",
	aor: "Appel d'offres restreint",
	pcn: 'Procédure avec négociation',
	autre: 'Autre procédure'
};

export const PRICE_FORMS: Record<PriceForm, string> = {
	bpu_dqe: 'BPU / DQE',
	dpgf: 'DPGF',
	forfait: 'Prix global forfaitaire'
};

export const SCOPES: Record<RequirementScope, string> = {
	group: 'Une fois pour le groupement',
	member_lot: 'Par membre et par lot',
	lot: 'Par lot'
};

/** The standard French set, prefilled on every new tender (editable). */
export const STANDARD_REQUIREMENTS: Array<{ label: string; scope: RequirementScope }> = [
	{ label: 'DC1 — lettre de candidature (ou DUME)', scope: 'group' },
	{ label: 'Habilitation du mandataire par les membres', scope: 'group' },
	{ label: 'RIB de chaque membre', scope: 'group' },
	{ label: 'DC2 — déclaration du candidat (ou DUME)', scope: 'member_lot' },
	{ label: 'Attestation d’assurance responsabilité civile professionnelle', scope: 'member_lot' },
	{ label: 'Acte d’engagement (ATTRI1)', scope: 'lot' },
	{ label: 'Bordereau des prix (BPU/DQE ou DPGF)', scope: 'lot' },
	{ label: 'Mémoire technique', scope: 'lot' }
];

export const MAX_AMOUNT_CENTS = 100_000_000_000; // 10¹¹ cents = 1 milliard d'euros

export interface Criterion {
	label: string;
	weightPct: number;
}

export interface TenderInput {
	buyer: string;
	reference: string;
	title: string;
	procedure: string;
	platformUrl: string;
	estimateCents: number | null;
	questionsDeadline: number | null;
	dlro: number;
}

export interface LotInput {
	number: number;
	title: string;
	estimateCents: number | null;
	priceForm: PriceForm;
	pageLimit: number | null;
	criteria: Criterion[];
}

function checkTender(ctx: Ctx, t: TenderInput, isNew: boolean): void {
	const errors: Record<string, string> = {};
	if (isNew && t.dlro <= ctx.now()) errors.dlro = 'Date limite de remise des offres : elle est déjà passée.';
	if (t.questionsDeadline !== null && t.questionsDeadline > t.dlro) {
		errors.questionsDeadline = 'Date limite des questions : elle doit précéder la date limite de remise des offres.';
	}
	if (Object.keys(errors).length) throw invalid(errors);
}

export function checkCriteria(criteria: Criterion[]): string | null {
	if (criteria.length === 0) return "Critères d'attribution : indiquez au moins un critère (ex. Prix 40 %, Valeur technique 60 %).";
	const total = criteria.reduce((s, c) => s + c.weightPct, 0);
	if (total !== 100) return `Critères d'attribution : les pondérations doivent totaliser 100 % (total actuel : ${total} %).`;
	return null;
}

/** May the actor see this tender? (creator, or member of one of its bids) */
export async function canSeeTender(ctx: Ctx, actor: Actor, tenderId: string): Promise<boolean> {
	const t = await ctx.db.selectFrom('tenders').select('created_by').where('id', '=', tenderId).executeTakeFirst();
	if (!t) return false;
	if (t.created_by === actor.id) return true;
	const m = await ctx.db
		.selectFrom('bid_members')
		.innerJoin('bids', 'bids.id', 'bid_members.bid_id')
		.select('bids.id')
		.where('bids.tender_id', '=', tenderId)
		.where('bid_members.user_id', '=', actor.id)
		.executeTakeFirst();
	return Boolean(m);
}

/** May the actor change the tender? (creator, or coordinator of a draft bid on it) */
export async function canEditTender(ctx: Ctx, actor: Actor, tenderId: string): Promise<boolean> {
	const t = await ctx.db.selectFrom('tenders').select('created_by').where('id', '=', tenderId).executeTakeFirst();
	if (!t) return false;
	const bids = await ctx.db.selectFrom('bids').select(['coordinator_id', 'status']).where('tender_id', '=', tenderId).execute();
	if (bids.some((b) => b.status !== 'draft')) return false; // a submitted bid freezes the tender's data
	return t.created_by === actor.id || bids.some((b) => b.coordinator_id === actor.id);
}

async function requireVisible(ctx: Ctx, actor: Actor, tenderId: string): Promise<void> {
	if (!(await canSeeTender(ctx, actor, tenderId))) throw notFound();
}

async function requireEditable(ctx: Ctx, actor: Actor, tenderId: string): Promise<void> {
	await requireVisible(ctx, actor, tenderId);
	if (!(await canEditTender(ctx, actor, tenderId))) {
		throw new DomainError(
			'forbidden',
			"Seul·e la coordinatrice ou le coordinateur peut modifier l'appel d'offres, et plus après le dépôt."
		);
	}
}

export async function createTender(ctx: Ctx, actor: Actor, input: TenderInput): Promise<string> {
	if (!actor.organisationId || actor.orgRole === 'support') {
		throw new DomainError(
			'forbidden',
			"Pour créer un appel d'offres, rattachez-vous d'abord à votre organisation en tant qu'entrepreneur·e."
		);
	}
	checkTender(ctx, input, true);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('tenders')
			.values({
				id,
				buyer: input.buyer,
				reference: input.reference,
				title: input.title,
				procedure: input.procedure,
				platform_url: input.platformUrl,
				estimate_cents: input.estimateCents,
				questions_deadline: input.questionsDeadline,
				dlro: input.dlro,
				created_by: actor.id,
				created_at: now
			})
			.execute();
		await trx
			.insertInto('requirements')
			.values(STANDARD_REQUIREMENTS.map((r, i) => ({ id: newId(), tender_id: id, label: r.label, scope: r.scope, position: i })))
			.execute();
		await logActivity(trx, now, { actorId: actor.id, entity: 'tender', entityId: id, action: 'created', after: input });
	});
	return id;
}

export async function updateTender(ctx: Ctx, actor: Actor, tenderId: string, input: TenderInput): Promise<void> {
	await requireEditable(ctx, actor, tenderId);
	checkTender(ctx, input, false);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('tenders').selectAll().where('id', '=', tenderId).executeTakeFirstOrThrow();
		await trx
			.updateTable('tenders')
			.set({
				buyer: input.buyer,
				reference: input.reference,
				title: input.title,
				procedure: input.procedure,
				platform_url: input.platformUrl,
				estimate_cents: input.estimateCents,
				questions_deadline: input.questionsDeadline,
				dlro: input.dlro
			})
			.where('id', '=', tenderId)
			.execute();
		// Keep each draft bid's internal freeze 24 h before the (new) deadline when it followed the old one.
		if (before.dlro !== input.dlro) {
			await trx
				.updateTable('bids')
				.set({ internal_freeze_at: input.dlro - 24 * 3600 * 1000 })
				.where('tender_id', '=', tenderId)
				.where('internal_freeze_at', '=', before.dlro - 24 * 3600 * 1000)
				.execute();
		}
		for (const b of await trx.selectFrom('bids').select('id').where('tender_id', '=', tenderId).execute()) {
			await logActivity(trx, now, {
				actorId: actor.id,
				bidId: b.id,
				entity: 'tender',
				entityId: tenderId,
				action: 'updated',
				before: { dlro: before.dlro, title: before.title },
				after: { dlro: input.dlro, title: input.title }
			});
		}
	});
}

export async function addLot(ctx: Ctx, actor: Actor, tenderId: string, lot: LotInput): Promise<string> {
	await requireEditable(ctx, actor, tenderId);
	const problem = checkCriteria(lot.criteria);
	if (problem) throw invalid({ criteria: problem });
	const dup = await ctx.db
		.selectFrom('lots')
		.select('id')
		.where('tender_id', '=', tenderId)
		.where('number', '=', lot.number)
		.executeTakeFirst();
	if (dup) throw invalid({ number: `Numéro de lot : le lot ${lot.number} existe déjà.` });
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('lots')
			.values({
				id,
				tender_id: tenderId,
				number: lot.number,
				title: lot.title,
				estimate_cents: lot.estimateCents,
				price_form: lot.priceForm,
				page_limit: lot.pageLimit,
				criteria: JSON.stringify(lot.criteria)
			})
			.execute();
		await logActivity(trx, now, { actorId: actor.id, entity: 'lot', entityId: id, action: 'created', after: lot });
	});
	return id;
}

export async function addRequirement(ctx: Ctx, actor: Actor, tenderId: string, label: string, scope: RequirementScope): Promise<void> {
	await requireEditable(ctx, actor, tenderId);
	const last = await ctx.db
		.selectFrom('requirements')
		.select((eb) => eb.fn.max('position').as('p'))
		.where('tender_id', '=', tenderId)
		.executeTakeFirst();
	await ctx.db
		.insertInto('requirements')
		.values({ id: newId(), tender_id: tenderId, label, scope, position: Number(last?.p ?? -1) + 1 })
		.execute();
}

export async function removeRequirement(ctx: Ctx, actor: Actor, tenderId: string, requirementId: string): Promise<void> {
	await requireEditable(ctx, actor, tenderId);
	await ctx.db.deleteFrom('requirements').where('id', '=', requirementId).where('tender_id', '=', tenderId).execute();
}

export function parseCriteria(json: string): Criterion[] {
	try {
		const v = JSON.parse(json) as Criterion[];
		return Array.isArray(v) ? v : [];
	} catch {
		return [];
	}
}

export async function getTender(ctx: Ctx, actor: Actor, tenderId: string) {
	await requireVisible(ctx, actor, tenderId);
	const tender = await ctx.db.selectFrom('tenders').selectAll().where('id', '=', tenderId).executeTakeFirstOrThrow();
	const lots = (await ctx.db.selectFrom('lots').selectAll().where('tender_id', '=', tenderId).orderBy('number').execute()).map((l) => ({
		...l,
		criteria: parseCriteria(l.criteria)
	}));
	const requirements = await ctx.db.selectFrom('requirements').selectAll().where('tender_id', '=', tenderId).orderBy('position').execute();
	const files = await ctx.db
		.selectFrom('files')
		.select(['id', 'name', 'size', 'sha256', 'mime', 'created_at'])
		.where('tender_id', '=', tenderId)
		.where('kind', '=', 'dce')
		.orderBy('created_at')
		.execute();
	const bids = await ctx.db
		.selectFrom('bids')
		.innerJoin('bid_members', (j) => j.onRef('bid_members.bid_id', '=', 'bids.id').on('bid_members.user_id', '=', actor.id))
		.innerJoin('users', 'users.id', 'bids.coordinator_id')
		.select(['bids.id', 'bids.status', 'bid_members.role', 'users.name as coordinatorName'])
		.where('bids.tender_id', '=', tenderId)
		.execute();
	return { tender, lots, requirements, files, bids, canEdit: await canEditTender(ctx, actor, tenderId) };
}

/** Tenders the actor created or bids on, newest deadline first. */
export async function listTenders(ctx: Ctx, actor: Actor) {
	return ctx.db
		.selectFrom('tenders')
		.select(['tenders.id', 'tenders.title', 'tenders.buyer', 'tenders.reference', 'tenders.dlro'])
		.where((eb) =>
			eb.or([
				eb('tenders.created_by', '=', actor.id),
				eb.exists(
					eb
						.selectFrom('bids')
						.innerJoin('bid_members', 'bid_members.bid_id', 'bids.id')
						.select('bids.id')
						.whereRef('bids.tender_id', '=', 'tenders.id')
						.where('bid_members.user_id', '=', actor.id)
				)
			])
		)
		.orderBy('tenders.dlro', 'asc')
		.execute();
}
