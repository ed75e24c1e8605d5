/**
 * The general discussion of a section: plain-text comments with @mentions of group members, and
 * what every comment shares (text, mentions, idempotency key) with the anchored threads
 * (comment-threads.service.ts).
 *
 * Decisions:
 * - Every member of the bid may read and write comments, observers included: support staff
 *   (chargé·es d'accompagnement) advise the entrepreneurs, and the thread is where they do it.
 *   Comments are not part of the response, so the internal freeze does not close the thread.
 * - Once the bid is submitted (or decided) the thread is read-only, like the rest of the bid.
 * - A mention is "@" followed by a member's full name as shown in Cotrait ("@Chloé Bernard"),
 *   case-insensitive; the page offers a picker that inserts exactly that. Only people who are
 *   members of this bid can be mentioned (anything else stays plain text); each mentioned
 *   person but the author gets one notification per comment.
 * - Non-members get 404 for everything, as with the rest of the bid.
 */
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { canComment } from '../policies/comment.policy';
import { authorizeBid } from '../bids/bid-access';
import { sectionRoom } from './state';
import { findSection, listMemberNames } from './sections.repository';
import { findCommentByKey, insertComment, listThread, type CommentView } from './discussion.repository';

type Ctx = Pick<AppContext, 'db' | 'now'> & Partial<Pick<AppContext, 'collab'>>;

/** Longest comment accepted, in characters. */
export const COMMENT_MAX_LENGTH = 4000;

export interface MentionCandidate {
	id: string;
	name: string;
}

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('fr-FR');
const WORD_CHAR = /[\p{L}\p{N}_-]/u;

/**
 * The ids of the candidates mentioned in `body` as "@Full Name" (case-insensitive, the name
 * must not continue with a letter or digit). Longer names win ("@Anne Marie Durand" is not
 * also "@Anne Marie"). Each id at most once, in order of first mention.
 */
export function findMentions(body: string, candidates: readonly MentionCandidate[]): string[] {
	const text = fold(body);
	const names = candidates
		.map((c) => ({ id: c.id, name: fold(c.name.trim()) }))
		.filter((c) => c.name.length > 0)
		.sort((a, b) => b.name.length - a.name.length);
	const found: string[] = [];
	for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
		if (at > 0 && WORD_CHAR.test(text[at - 1]!)) continue; // an e-mail address, not a mention
		const rest = text.slice(at + 1);
		const longest = names.find((c) => rest.startsWith(c.name) && !WORD_CHAR.test(rest[c.name.length] ?? ' '));
		// Homonyms: everyone with that exact name is mentioned.
		if (longest) for (const c of names) if (c.name === longest.name) found.push(c.id);
	}
	return [...new Set(found)];
}

export async function sectionOf(db: DB, bidId: string, sectionId: string) {
	const section = await findSection(db, bidId, sectionId);
	if (!section) throw notFound();
	return section;
}

/** The people who can be mentioned in a bid's discussions: its members. */
export async function mentionCandidates(db: DB, bidId: string): Promise<MentionCandidate[]> {
	return listMemberNames(db, bidId);
}

export type { CommentView } from './discussion.repository';

/** The thread of a section, oldest first. */
export async function listComments(ctx: Ctx, actor: Actor, bidId: string, sectionId: string): Promise<CommentView[]> {
	await authorizeBid(ctx, actor, bidId, 'view');
	await sectionOf(ctx.db, bidId, sectionId);
	return listThread(ctx.db, sectionId);
}

/** Idempotency keys the browser generates (crypto.randomUUID or the like). */
const CLIENT_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** A comment's text as stored, and the members it mentions; French errors on the field `body`. */
export async function prepareComment(
	db: DB,
	bidId: string,
	rawBody: string,
	rawKey?: string | null
): Promise<{ body: string; mentioned: string[]; clientKey: string | null }> {
	const body = rawBody.replace(/\r\n?/g, '\n').trim();
	if (!body) throw invalid({ body: 'Commentaire : écrivez un message.' });
	if ([...body].length > COMMENT_MAX_LENGTH)
		throw invalid({ body: `Commentaire : ${COMMENT_MAX_LENGTH.toLocaleString('fr-FR')} caractères au maximum.` });
	const clientKey = rawKey ? rawKey : null;
	if (clientKey !== null && !CLIENT_KEY.test(clientKey)) throw invalid({ _form: 'Envoi non reconnu : rechargez la page.' });
	return { body, mentioned: findMentions(body, await mentionCandidates(db, bidId)), clientKey };
}

/** One « mentioned » notice per member mentioned in a comment, but its author. */
export function mentionNotices(actorId: string, mentioned: readonly string[], bidId: string, message: string, link: string) {
	return mentioned.filter((u) => u !== actorId).map((userId) => ({ userId, bidId, kind: 'mention', message, link }));
}

/**
 * Adds a comment to a section's general discussion and notifies the group members it mentions.
 * Posted again with the same `clientKey` (a retry, the offline queue), it stores nothing more
 * and answers the first comment's id. Returns the comment id and who was mentioned.
 */
export async function addComment(
	ctx: Ctx,
	actor: Actor & { name: string },
	bidId: string,
	sectionId: string,
	rawBody: string,
	rawKey: string | null = null
): Promise<{ id: string; mentioned: string[] }> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	const section = await sectionOf(ctx.db, bidId, sectionId);
	if (!canComment(access)) throw new DomainError('frozen', 'La réponse a été déposée : la discussion est close.');
	const { body, mentioned, clientKey } = await prepareComment(ctx.db, bidId, rawBody, rawKey);

	const now = ctx.now();
	const result = await ctx.db.transaction().execute(async (trx) => {
		const known = clientKey ? await findCommentByKey(trx, actor.id, clientKey) : undefined;
		if (known) return { id: known.id, mentioned: [] as string[] };
		const id = newId();
		await insertComment(trx, { id, sectionId, authorId: actor.id, body, createdAt: now, mentioned, clientKey });
		await notify(
			trx,
			now,
			mentionNotices(
				actor.id,
				mentioned,
				bidId,
				`${actor.name} vous a mentionné·e dans la discussion de la section « ${section.title} ».`,
				`/reponses/${bidId}/sections/${sectionId}#commentaire-${id}`
			)
		);
		return { id, mentioned };
	});
	// Everyone with the section open sees the comment without reloading.
	ctx.collab?.notifyRoom?.(sectionRoom(sectionId), 'comments');
	return result;
}
