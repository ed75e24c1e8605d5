/** Sections of the mémoire technique (use cases): outline, authors, reviewer, limits, order. */
import { logActivity } from '../activity.repository';
import { deleteRoom } from '../collab/persistence';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { LimitKind } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { takesPart } from '../policies/member.policy';
import { authorizeBid } from '../bids/bid-access';
import {
	bidAnswersLot,
	deleteSectionRow,
	findSection,
	insertAuthors,
	insertSection,
	lastPosition,
	listAuthorIds,
	listMemberRoles,
	listOutline,
	listSections,
	replaceAuthors,
	setPosition,
	updateSectionFields,
	type SectionFields
} from './sections.repository';

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
	const members = await listMemberRoles(db, bidId);
	const writers = new Set(members.filter(takesPart).map((m) => m.user_id));
	const errors: Record<string, string> = {};
	if (input.authorIds.length === 0) errors.authorIds = 'Auteur·rices : choisissez au moins une personne.';
	else if (input.authorIds.some((id) => !writers.has(id))) errors.authorIds = 'Auteur·rices : choisissez des membres du groupement.';
	if (input.reviewerId && !writers.has(input.reviewerId)) errors.reviewerId = 'Relecteur·rice : choisissez un membre du groupement.';
	if (input.limitKind !== 'none' && (!input.limitValue || input.limitValue <= 0))
		errors.limitValue = 'Limite : indiquez un nombre positif.';
	if (input.lotId && !(await bidAnswersLot(db, bidId, input.lotId))) errors.lotId = 'Lot : choisissez un lot de la réponse.';
	if (Object.keys(errors).length) throw invalid(errors);
}

/** The stored fields of a section from the form's input (no limit value without a limit). */
function fieldsOf(input: SectionInput): SectionFields {
	return {
		title: input.title,
		lotId: input.lotId,
		reviewerId: input.reviewerId,
		limitKind: input.limitKind,
		limitValue: input.limitKind === 'none' ? null : input.limitValue,
		criterion: input.criterion,
		dueAt: input.dueAt
	};
}

export async function createSection(ctx: Ctx, actor: Actor, bidId: string, input: SectionInput): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	await checkPeople(ctx.db, bidId, input);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const position = (await lastPosition(trx, bidId)) + 1;
		await insertSection(trx, { ...fieldsOf(input), id, bidId, position, state: 'draft', createdAt: now });
		await insertAuthors(trx, id, input.authorIds);
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
	const before = await findSection(ctx.db, bidId, sectionId);
	if (!before) throw notFound();
	await checkPeople(ctx.db, bidId, input);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const oldAuthors = await listAuthorIds(trx, sectionId);
		await updateSectionFields(trx, sectionId, fieldsOf(input));
		await replaceAuthors(trx, sectionId, input.authorIds);
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
	// The reviewer and the authors decide who only suggests (policies/suggestion.policy.ts).
	await ctx.collab?.refreshAccess(`section/${sectionId}`);
}

/** Reorders the whole outline: `order` lists every section id of the bid once. */
export async function reorderSections(ctx: Ctx, actor: Actor, bidId: string, order: string[]): Promise<void> {
	await authorizeBid(ctx, actor, bidId, 'manage');
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const current = await listOutline(trx, bidId);
		const ids = new Set(current.map((s) => s.id));
		if (order.length !== ids.size || new Set(order).size !== order.length || order.some((id) => !ids.has(id))) {
			throw new DomainError('conflict', 'Le plan a changé entre-temps : rechargez la page puis recommencez.');
		}
		for (const [i, id] of order.entries()) await setPosition(trx, id, i);
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
	const rows = await listOutline(ctx.db, bidId);
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
	const s = await findSection(ctx.db, bidId, sectionId);
	if (!s) throw notFound();
	if (s.state === 'validated') throw new DomainError('conflict', 'Une section validée ne peut pas être supprimée : rouvrez-la d’abord.');
	const now = ctx.now();
	const room = `section/${sectionId}`;
	// The co-written text goes with its section (versions and comments cascade): nothing left on
	// disk that no quota counts. The open room is dropped first, so no write of it follows.
	await ctx.collab?.discardRoom?.(room);
	await ctx.db.transaction().execute(async (trx) => {
		await deleteSectionRow(trx, sectionId);
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

/** The outline of a bid for its sections page (any member). */
export async function listBidSections(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	return listSections(ctx.db, bidId);
}

/** One section of a bid with the actor's access to the bid (404 for a non-member or another bid's section). */
export async function getSection(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string, sectionId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const all = await listSections(ctx.db, bidId);
	const section = all.find((s) => s.id === sectionId);
	if (!section) throw notFound();
	return { access, section };
}
