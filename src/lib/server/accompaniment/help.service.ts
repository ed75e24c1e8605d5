/**
 * « Demander de l'aide » (issue 20, item 3): a person taking part in a bid asks their
 * cooperative's support staff for help — a short message, optionally on a section or a price
 * line. The staff are told in-app (and by e-mail when configured) and see it on the
 * Accompagnement page; a support person who follows the bid answers it — the answer is kept on the
 * request (shown on the bid's « Aide » page) and, when it points at a section of a bid still in
 * preparation, posted in that section's discussion for the whole group — and marks it handled.
 *
 * Decision: answering needs to follow the bid (to be its member): the answer lands in the bid's
 * discussion, which only members read. A support person who does not follow it yet asks to
 * follow first; she may still mark a request handled (e.g. answered by phone).
 */
import type { AppContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { logActivity } from '../activity.repository';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canAccompany } from '../policies/accompaniment.policy';
import { canComment } from '../policies/comment.policy';
import { accessOf, authorizeBid } from '../bids/bid-access';
import { getBidAccessRow } from '../bids/bids.repository';
import { insertComment } from '../sections/discussion.repository';
import { sectionRoom } from '../sections/state';
import { listSections } from '../sections/sections.repository';
import { listDeliverables } from '../bids/deliverables.repository';
import {
	deliverableInBid,
	findBidHead,
	findHelpRequest,
	insertHelpRequest,
	listBidHelp,
	listStaffIds,
	sectionInBid,
	setHelpAnswer,
	setHelpHandled
} from './accompaniment.repository';

type Ctx = Pick<AppContext, 'db' | 'now'> & Partial<Pick<AppContext, 'collab'>>;

export const HELP_MESSAGE_MAX = 1000;
export const HELP_ANSWER_MAX = 4000;

function textOf(raw: string, max: number, field: string, label: string): string {
	const text = raw.replace(/\r\n?/g, '\n').trim();
	if (!text) throw invalid({ [field]: `${label} : écrivez un message.` });
	if ([...text].length > max) throw invalid({ [field]: `${label} : ${max.toLocaleString('fr-FR')} caractères au maximum.` });
	return text;
}

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);

/** What the bid's « Aide » page shows: the help asked by the actor's organisation on this bid, and the form's choices. */
export async function getBidHelp(ctx: Ctx, actor: Actor, bidId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const canAsk = canAccompany(actor, 'askHelp', { bidRole: access.role });
	return {
		requests: actor.organisationId ? await listBidHelp(ctx.db, bidId, actor.organisationId) : [],
		sections: canAsk ? (await listSections(ctx.db, bidId)).map((s) => ({ id: s.id, title: s.title, lotNumber: s.lotNumber })) : [],
		// The form names a line by its code and label only: a help request never carries prices.
		lines: canAsk
			? (await listDeliverables(ctx.db, bidId)).map((l) => ({ id: l.id, code: l.code, label: l.label, lotNumber: l.lotNumber }))
			: [],
		can: { ask: canAsk }
	};
}

/** Asks the actor's cooperative's support staff for help on a bid; returns the request's id. */
export async function askHelp(
	ctx: Ctx,
	actor: Actor & { name: string },
	bidId: string,
	input: { message: string; sectionId?: string | null; deliverableId?: string | null }
): Promise<string> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	if (!canAccompany(actor, 'askHelp', { bidRole: access.role }))
		throw new DomainError('forbidden', 'Seuls les entrepreneurs du groupement peuvent demander de l’aide à leur coopérative.');
	const message = textOf(input.message, HELP_MESSAGE_MAX, 'message', 'Message');
	const sectionId = input.sectionId || null;
	const deliverableId = input.deliverableId || null;
	if (sectionId && !(await sectionInBid(ctx.db, bidId, sectionId)))
		throw invalid({ sectionId: 'Section : choisissez une section de cette réponse.' });
	if (deliverableId && !(await deliverableInBid(ctx.db, bidId, deliverableId)))
		throw invalid({ deliverableId: 'Ligne de prix : choisissez une ligne de cette réponse.' });
	const head = (await findBidHead(ctx.db, bidId))!;
	const staff = (await listStaffIds(ctx.db, actor.organisationId!)).filter((id) => id !== actor.id);
	const id = newId();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await insertHelpRequest(trx, {
			id,
			bid_id: bidId,
			organisation_id: actor.organisationId!,
			asked_by: actor.id,
			section_id: sectionId,
			deliverable_id: deliverableId,
			message,
			created_at: now,
			answer: null,
			answered_by: null,
			answered_at: null,
			handled_at: null,
			handled_by: null
		});
		await logActivity(trx, now, {
			actorId: actor.id,
			organisationId: actor.organisationId,
			bidId,
			entity: 'help_request',
			entityId: id,
			action: 'created',
			after: { sectionId, deliverableId }
		});
		await notify(
			trx,
			now,
			staff.map((userId) => ({
				userId,
				bidId,
				kind: 'help_requested',
				message: `${actor.name} demande de l’aide sur la réponse « ${head.title} » : « ${excerpt(message)} »`,
				link: `/accompagnement#aide-${id}`
			}))
		);
	});
	return id;
}

/** The request, after checking the actor is one of the staff it asks (404 otherwise). */
async function staffRequest(ctx: Ctx, actor: Actor, helpId: string) {
	const h = await findHelpRequest(ctx.db, helpId);
	if (!h || !canAccompany(actor, 'viewHelp', { helpOrganisationId: h.organisationId })) throw notFound();
	return h;
}

/** A support person answers a help request; returns the comment posted in the section's discussion, if any. */
export async function answerHelp(
	ctx: Ctx,
	actor: Actor & { name: string },
	helpId: string,
	rawAnswer: string
): Promise<{ commentId: string | null }> {
	const h = await staffRequest(ctx, actor, helpId);
	const row = await getBidAccessRow(ctx.db, h.bidId, actor.id);
	if (!canAccompany(actor, 'answerHelp', { helpOrganisationId: h.organisationId, bidRole: row?.role ?? null }))
		throw new DomainError('forbidden', 'Pour répondre dans la discussion de la réponse, demandez d’abord à la suivre.');
	const answer = textOf(rawAnswer, HELP_ANSWER_MAX, 'answer', 'Réponse');
	const now = ctx.now();
	const access = accessOf(row!, row!.role, now);
	const commentId = h.sectionId && canComment(access) ? newId() : null;
	await ctx.db.transaction().execute(async (trx) => {
		await setHelpAnswer(trx, helpId, answer, actor.id, now);
		if (commentId)
			await insertComment(trx, { id: commentId, sectionId: h.sectionId!, authorId: actor.id, body: answer, createdAt: now, mentioned: [] });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId: h.bidId,
			entity: 'help_request',
			entityId: helpId,
			action: 'answered',
			after: { askedBy: h.askedBy }
		});
		await notify(trx, now, [
			{
				userId: h.askedBy,
				bidId: h.bidId,
				kind: 'help_answered',
				message: `${actor.name} a répondu à votre demande d’aide sur la réponse « ${h.bidTitle} ».`,
				link: commentId
					? `/reponses/${h.bidId}/sections/${h.sectionId}#commentaire-${commentId}`
					: `/reponses/${h.bidId}/aide#aide-${helpId}`
			}
		]);
	});
	if (commentId) ctx.collab?.notifyRoom?.(sectionRoom(h.sectionId!), 'comments');
	return { commentId };
}

/** A support person marks a help request handled (once). */
export async function handleHelp(ctx: Ctx, actor: Actor, helpId: string): Promise<void> {
	const h = await staffRequest(ctx, actor, helpId);
	if (!canAccompany(actor, 'handleHelp', { helpOrganisationId: h.organisationId })) throw notFound();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		if (!(await setHelpHandled(trx, helpId, actor.id, now))) throw new DomainError('conflict', 'Cette demande est déjà marquée traitée.');
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId: h.bidId,
			entity: 'help_request',
			entityId: helpId,
			action: 'handled',
			after: { askedBy: h.askedBy }
		});
	});
}
