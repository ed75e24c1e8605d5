/** Sections of the mémoire technique: outline, authors, reviewer, limits, order. */
import { logActivity } from '../activity';
import { deleteRoom } from '../collab/persistence';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { LimitKind } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.service';
import type { Actor } from '../policies/actor';
import { authorizeBid } from './bid-access';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab'>;

export interface SectionInput {
	title: string;
	lotId: string | null;
	authorIds: string[];
	reviewerId: string | null;
	limitKind: LimitKind;
	limitValue: number | null;
	criterion: string;
	dueAt: number | null;
}

async function checkPeople(db: DB, bidId: string, input: SectionInput): Promise<void> {
	const members = await db.selectFrom('bid_members').select(['user_id', 'role']).where('bid_id', '=', bidId).execute();
	const writers = new Set(members.filter((m) => m.role !== 'observer').map((m) => m.user_id));
	const errors: Record<string, string> = {};
	if (input.authorIds.length === 0) errors.authorIds = 'Auteur·rices : choisissez au moins une personne.';
	else if (input.authorIds.some((id) => !writers.has(id))) errors.authorIds = 'Auteur·rices : choisissez des membres du groupement.';
	if (input.reviewerId && !writers.has(input.reviewerId)) errors.reviewerId = 'Relecteur·rice : choisissez un membre du groupement.';
	if (input.limitKind !== 'none' && (!input.limitValue || input.limitValue <= 0))
		errors.limitValue = 'Limite : indiquez un nombre positif.';
	if (input.lotId) {
		const lot = await db
			.selectFrom('bid_lots')
			.select('lot_id')
			.where('bid_id', '=', bidId)
			.where('lot_id', '=', input.lotId)
			.executeTakeFirst();
		if (!lot) errors.lotId = 'Lot : choisissez un lot de la réponse.';
	}
	if (Object.keys(errors).length) throw invalid(errors);
}

export async function createSection(ctx: Ctx, actor: Actor, bidId: string, input: SectionInput): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	await checkPeople(ctx.db, bidId, input);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const last = await trx
			.selectFrom('sections')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('bid_id', '=', bidId)
			.executeTakeFirst();
		await trx
			.insertInto('sections')
			.values({
				id,
				bid_id: bidId,
				lot_id: input.lotId,
				position: Number(last?.p ?? -1) + 1,
				title: input.title,
				reviewer_id: input.reviewerId,
				limit_kind: input.limitKind,
				limit_value: input.limitKind === 'none' ? null : input.limitValue,
				criterion: input.criterion,
				due_at: input.dueAt,
				state: 'draft',
				created_at: now
			})
			.execute();
		await trx
			.insertInto('section_authors')
			.values(input.authorIds.map((u) => ({ section_id: id, user_id: u })))
			.execute();
		await logActivity(trx, now, { actorId: actor.id, bidId, entity: 'section', entityId: id, action: 'created', after: input });
		await notifyAssigned(
			trx,
			now,
			bidId,
			id,
			input.title,
			input.authorIds.filter((u) => u !== actor.id)
		);
	});
	return id;
}

async function notifyAssigned(db: DB, now: number, bidId: string, sectionId: string, title: string, userIds: string[]) {
	await notify(
		db,
		now,
		userIds.map((u) => ({
			userId: u,
			bidId,
			kind: 'section_assigned',
			message: `Vous êtes auteur·rice de la section « ${title} ».`,
			link: `/reponses/${bidId}/sections/${sectionId}`
		}))
	);
}

export async function updateSection(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, input: SectionInput): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const before = await ctx.db.selectFrom('sections').selectAll().where('id', '=', sectionId).where('bid_id', '=', bidId).executeTakeFirst();
	if (!before) throw notFound();
	await checkPeople(ctx.db, bidId, input);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const oldAuthors = (await trx.selectFrom('section_authors').select('user_id').where('section_id', '=', sectionId).execute()).map(
			(a) => a.user_id
		);
		await trx
			.updateTable('sections')
			.set({
				title: input.title,
				lot_id: input.lotId,
				reviewer_id: input.reviewerId,
				limit_kind: input.limitKind,
				limit_value: input.limitKind === 'none' ? null : input.limitValue,
				criterion: input.criterion,
				due_at: input.dueAt
			})
			.where('id', '=', sectionId)
			.execute();
		await trx.deleteFrom('section_authors').where('section_id', '=', sectionId).execute();
		await trx
			.insertInto('section_authors')
			.values(input.authorIds.map((u) => ({ section_id: sectionId, user_id: u })))
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: sectionId,
			action: 'updated',
			before: {
				title: before.title,
				authors: oldAuthors,
				reviewerId: before.reviewer_id,
				limitKind: before.limit_kind,
				limitValue: before.limit_value
			},
			after: {
				title: input.title,
				authors: input.authorIds,
				reviewerId: input.reviewerId,
				limitKind: input.limitKind,
				limitValue: input.limitValue
			}
		});
		await notifyAssigned(
			trx,
			now,
			bidId,
			sectionId,
			input.title,
			input.authorIds.filter((u) => u !== actor.id && !oldAuthors.includes(u))
		);
	});
}

/** Reorders the whole outline: `order` lists every section id of the bid once. */
export async function reorderSections(ctx: Ctx, actor: Actor, bidId: string, order: string[]): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const current = await trx.selectFrom('sections').select(['id', 'position']).where('bid_id', '=', bidId).orderBy('position').execute();
		const ids = new Set(current.map((s) => s.id));
		if (order.length !== ids.size || new Set(order).size !== order.length || order.some((id) => !ids.has(id))) {
			throw new DomainError('conflict', 'Le plan a changé entre-temps : rechargez la page puis recommencez.');
		}
		for (const [i, id] of order.entries()) await trx.updateTable('sections').set({ position: i }).where('id', '=', id).execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: bidId,
			action: 'reordered',
			before: current.map((s) => s.id),
			after: order
		});
	});
}

/**
 * Moves one section up or down (keyboard-friendly reorder). The outline is shown grouped by lot
 * (common sections, then lot 1, lot 2…), so the section swaps places with the nearest section
 * of the same group: moving across another lot's sections would change nothing on screen.
 * Returns the section's new 1-based rank within its group (unchanged at either end).
 */
export async function moveSection(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, delta: -1 | 1): Promise<number> {
	const rows = await ctx.db.selectFrom('sections').select(['id', 'lot_id']).where('bid_id', '=', bidId).orderBy('position').execute();
	const i = rows.findIndex((s) => s.id === sectionId);
	if (i < 0) {
		await authorizeBid(ctx, actor, bidId, 'view');
		throw notFound();
	}
	const lotId = rows[i]!.lot_id;
	const group = rows.map((s, k) => ({ ...s, k })).filter((s) => s.lot_id === lotId);
	const g = group.findIndex((s) => s.id === sectionId);
	const other = group[g + delta];
	if (!other) {
		await authorizeBid(ctx, actor, bidId, 'manage');
		return g + 1;
	}
	const ids = rows.map((s) => s.id);
	[ids[i], ids[other.k]] = [ids[other.k]!, ids[i]!];
	await reorderSections(ctx, actor, bidId, ids);
	return g + delta + 1;
}

export async function deleteSection(ctx: Ctx, actor: Actor, bidId: string, sectionId: string): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const s = await ctx.db
		.selectFrom('sections')
		.select(['id', 'title', 'state'])
		.where('id', '=', sectionId)
		.where('bid_id', '=', bidId)
		.executeTakeFirst();
	if (!s) throw notFound();
	if (s.state === 'validated') throw new DomainError('conflict', 'Une section validée ne peut pas être supprimée : rouvrez-la d’abord.');
	const now = ctx.now();
	const room = `section/${sectionId}`;
	// The co-written text goes with its section (versions and comments cascade): nothing left on
	// disk that no quota counts. The open room is dropped first, so no write of it follows.
	await ctx.collab?.discardRoom?.(room);
	await ctx.db.transaction().execute(async (trx) => {
		await trx.deleteFrom('sections').where('id', '=', sectionId).execute();
		await deleteRoom(trx, room);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: sectionId,
			action: 'deleted',
			before: { title: s.title }
		});
	});
	ctx.collab?.refreshAccess(room);
}

export async function listSections(db: DB, bidId: string) {
	const sections = await db
		.selectFrom('sections')
		.leftJoin('lots', 'lots.id', 'sections.lot_id')
		.leftJoin('users as reviewer', 'reviewer.id', 'sections.reviewer_id')
		.select([
			'sections.id',
			'sections.title',
			'sections.position',
			'sections.lot_id as lotId',
			'lots.number as lotNumber',
			'sections.reviewer_id as reviewerId',
			'reviewer.name as reviewerName',
			'sections.limit_kind as limitKind',
			'sections.limit_value as limitValue',
			'sections.criterion',
			'sections.due_at as dueAt',
			'sections.state'
		])
		.where('sections.bid_id', '=', bidId)
		.orderBy('sections.position')
		.execute();
	const authors = await db
		.selectFrom('section_authors')
		.innerJoin('users', 'users.id', 'section_authors.user_id')
		.innerJoin('sections', 'sections.id', 'section_authors.section_id')
		.select(['section_authors.section_id as sectionId', 'users.id', 'users.name'])
		.where('sections.bid_id', '=', bidId)
		.orderBy('users.name')
		.execute();
	return sections.map((s) => ({ ...s, authors: authors.filter((a) => a.sectionId === s.id).map((a) => ({ id: a.id, name: a.name })) }));
}

export async function getSection(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string, sectionId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const all = await listSections(ctx.db, bidId);
	const section = all.find((s) => s.id === sectionId);
	if (!section) throw notFound();
	return { access, section };
}
