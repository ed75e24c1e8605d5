/**
 * Comment threads anchored in a section's text (issue 15): open one on a range (its anchor is two
 * Yjs relative positions computed by the browser, so it follows edits by others), reply, resolve
 * and reopen. The comments, their mentions and the idempotency key work as in the general
 * discussion (discussion.service.ts); who may resolve is policies/comment.policy.ts.
 *
 * Decisions (docs/ARCHITECTURE.md, « Comments anchored in the text »):
 * - Threads and anchors live in SQLite, not in the section's Y.Doc: observers comment but may not
 *   write the document (the server drops their updates), comments need mentions, notifications
 *   and policies, and the document's size and the collaboration benchmarks stay as they were.
 * - A resolved thread is kept with its comments (the « Résolus » history) and may be reopened.
 * - Open anchored threads block submission (submission/readiness.ts); the general discussion
 *   cannot be resolved and does not.
 * - Notified: the members a comment mentions (as in the discussion) and, for a reply, everyone
 *   who wrote in the thread before (its author and those who replied), once each, never the author
 *   of the reply. Logged: a thread opened, resolved, reopened (not every reply).
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import type { BidAccess } from '../policies/bid.policy';
import { canComment, canResolveThread } from '../policies/comment.policy';
import { authorizeBid } from '../bids/bid-access';
import { sectionRoom } from './state';
import { listAuthorIds } from './sections.repository';
import { findCommentByKey, insertComment } from './discussion.repository';
import { mentionNotices, prepareComment, sectionOf } from './discussion.service';
import { cleanQuote, validAnchor } from './anchors';
import {
	findThread,
	insertThread,
	listThreads,
	setThreadResolved,
	threadParticipants,
	type ThreadRow,
	type ThreadView
} from './comment-threads.repository';

type Ctx = Pick<AppContext, 'db' | 'now'> & Partial<Pick<AppContext, 'collab'>>;
type Author = Actor & { name: string };

export interface ThreadInput {
	anchorStart: string;
	anchorEnd: string;
	quote: string;
	body: string;
	clientKey?: string | null;
}

const CLOSED = 'La réponse a été déposée : les commentaires sont clos.';
const short = (quote: string) => ([...quote].length > 60 ? `${[...quote].slice(0, 59).join('').trimEnd()}…` : quote);

async function open(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const section = await sectionOf(ctx.db, bidId, sectionId);
	return { access, section };
}

/** What the section page shows of its threads: each with its comments and whether this person may resolve or reopen it. */
export async function sectionThreads(ctx: Ctx, actor: Actor, access: BidAccess, sectionId: string, reviewerId: string | null) {
	const threads = await listThreads(ctx.db, sectionId);
	const authorIds = await listAuthorIds(ctx.db, sectionId);
	return threads.map((t: ThreadView) => ({
		...t,
		canResolve: canResolveThread(actor, access, { reviewerId, authorIds }, { authorId: t.author.id })
	}));
}

/** The threads of a section (use case for tests and pages that only need them). */
export async function listSectionThreads(ctx: Ctx, actor: Actor, bidId: string, sectionId: string) {
	const { access, section } = await open(ctx, actor, bidId, sectionId);
	return sectionThreads(ctx, actor, access, sectionId, section.reviewer_id);
}

/**
 * Opens a thread on a range of the section's text with its first comment. Posted again with the
 * same client key, it stores nothing more and answers the first thread.
 */
export async function createThread(
	ctx: Ctx,
	actor: Author,
	bidId: string,
	sectionId: string,
	input: ThreadInput
): Promise<{ threadId: string; commentId: string; mentioned: string[] }> {
	const { access, section } = await open(ctx, actor, bidId, sectionId);
	if (!canComment(access)) throw new DomainError('frozen', CLOSED);
	const anchorStart = validAnchor(input.anchorStart);
	const anchorEnd = validAnchor(input.anchorEnd);
	if (!anchorStart || !anchorEnd)
		throw invalid({ _form: 'Passage commenté : sa position dans le texte est illisible. Sélectionnez-le de nouveau.' });
	const quote = cleanQuote(input.quote);
	if (!quote) throw invalid({ _form: 'Passage commenté : sélectionnez le texte à commenter.' });
	const { body, mentioned, clientKey } = await prepareComment(ctx.db, bidId, input.body, input.clientKey);

	const now = ctx.now();
	const link = (threadId: string) => `/reponses/${bidId}/sections/${sectionId}#fil-${threadId}`;
	const result = await ctx.db.transaction().execute(async (trx) => {
		const known = clientKey ? await findCommentByKey(trx, actor.id, clientKey) : undefined;
		if (known?.threadId) return { threadId: known.threadId, commentId: known.id, mentioned: [] as string[] };
		if (known) throw invalid({ _form: 'Envoi non reconnu : rechargez la page.' });
		const threadId = newId();
		const commentId = newId();
		await insertThread(trx, { id: threadId, sectionId, authorId: actor.id, anchorStart, anchorEnd, quote, createdAt: now });
		await insertComment(trx, { id: commentId, sectionId, authorId: actor.id, body, createdAt: now, mentioned, threadId, clientKey });
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: sectionId,
			action: 'thread_opened',
			after: { title: section.title, thread: threadId, quote: short(quote) }
		});
		await notify(
			trx,
			now,
			mentionNotices(
				actor.id,
				mentioned,
				bidId,
				`${actor.name} vous a mentionné·e dans un commentaire sur « ${short(quote)} » (section « ${section.title} »).`,
				link(threadId)
			)
		);
		return { threadId, commentId, mentioned };
	});
	ctx.collab?.notifyRoom?.(sectionRoom(sectionId), 'comments');
	return result;
}

async function threadOf(ctx: Ctx, sectionId: string, threadId: string): Promise<ThreadRow> {
	const thread = await findThread(ctx.db, sectionId, threadId);
	if (!thread) throw notFound();
	return thread;
}

/** Adds a reply to a thread (open or resolved); tells who wrote in it before and who is mentioned. Idempotent by client key. */
export async function replyToThread(
	ctx: Ctx,
	actor: Author,
	bidId: string,
	sectionId: string,
	threadId: string,
	rawBody: string,
	rawKey: string | null = null
): Promise<{ commentId: string; mentioned: string[] }> {
	const { access, section } = await open(ctx, actor, bidId, sectionId);
	const thread = await threadOf(ctx, sectionId, threadId);
	if (!canComment(access)) throw new DomainError('frozen', CLOSED);
	const { body, mentioned, clientKey } = await prepareComment(ctx.db, bidId, rawBody, rawKey);

	const now = ctx.now();
	const link = `/reponses/${bidId}/sections/${sectionId}#fil-${threadId}`;
	const result = await ctx.db.transaction().execute(async (trx) => {
		const known = clientKey ? await findCommentByKey(trx, actor.id, clientKey) : undefined;
		if (known) return { commentId: known.id, mentioned: [] as string[] };
		const participants = await threadParticipants(trx, threadId);
		const commentId = newId();
		await insertComment(trx, { id: commentId, sectionId, authorId: actor.id, body, createdAt: now, mentioned, threadId, clientKey });
		const where = `« ${short(thread.quote)} » (section « ${section.title} »)`;
		const mentions = mentionNotices(actor.id, mentioned, bidId, `${actor.name} vous a mentionné·e dans un commentaire sur ${where}.`, link);
		const told = new Set([actor.id, ...mentions.map((n) => n.userId)]);
		const replies = participants
			.filter((u) => !told.has(u))
			.map((userId) => ({ userId, bidId, kind: 'comment_reply', message: `${actor.name} a répondu au commentaire sur ${where}.`, link }));
		await notify(trx, now, [...mentions, ...replies]);
		return { commentId, mentioned };
	});
	ctx.collab?.notifyRoom?.(sectionRoom(sectionId), 'comments');
	return result;
}

/** Resolves (`resolved`) or reopens a thread. Answers false when it already was so (two people at once). */
export async function setThreadState(
	ctx: Ctx,
	actor: Author,
	bidId: string,
	sectionId: string,
	threadId: string,
	resolved: boolean
): Promise<boolean> {
	const { access, section } = await open(ctx, actor, bidId, sectionId);
	const thread = await threadOf(ctx, sectionId, threadId);
	if (!canComment(access)) throw new DomainError('frozen', CLOSED);
	const authorIds = await listAuthorIds(ctx.db, sectionId);
	if (!canResolveThread(actor, access, { reviewerId: section.reviewer_id, authorIds }, { authorId: thread.authorId }))
		throw new DomainError(
			'forbidden',
			`Seul·es l’auteur·rice du commentaire, les auteur·rices de la section, sa relectrice ou son relecteur et la coordination peuvent ${resolved ? 'le résoudre' : 'le rouvrir'}.`
		);
	const now = ctx.now();
	const changed = await ctx.db.transaction().execute(async (trx) => {
		if (!(await setThreadResolved(trx, threadId, resolved ? now : null, resolved ? actor.id : null))) return false;
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'section',
			entityId: sectionId,
			action: resolved ? 'thread_resolved' : 'thread_reopened',
			after: { title: section.title, thread: threadId, quote: short(thread.quote) }
		});
		return true;
	});
	if (changed) ctx.collab?.notifyRoom?.(sectionRoom(sectionId), 'comments');
	return changed;
}
