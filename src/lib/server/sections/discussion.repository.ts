/**
 * The comments of a section (tables section_comments, comment_mentions): its general discussion
 * (thread_id null) and the comments of its anchored threads (comment-threads.repository.ts).
 * Plain Kysely functions taking `db` or a transaction first (data floor, docs/ARCHITECTURE.md).
 * No rules, no French, no notifications, no authorization.
 */
import type { DB } from '../db/index';

export interface CommentView {
	id: string;
	/** The anchored thread it belongs to, null in the general discussion. */
	threadId: string | null;
	body: string;
	createdAt: number;
	author: { id: string; name: string };
	mentions: Array<{ id: string; name: string }>;
}

/** The general discussion of a section, oldest first: each comment with its author and the people it mentions (two reads). */
export async function listThread(db: DB, sectionId: string): Promise<CommentView[]> {
	return listCommentsWhere(db, sectionId, 'general');
}

/** The comments of a section's general discussion or of all its anchored threads, oldest first. */
export async function listCommentsWhere(db: DB, sectionId: string, which: 'general' | 'threads'): Promise<CommentView[]> {
	const rows = await db
		.selectFrom('section_comments')
		.innerJoin('users', 'users.id', 'section_comments.author_id')
		.select([
			'section_comments.id',
			'section_comments.thread_id as threadId',
			'section_comments.body',
			'section_comments.created_at',
			'users.id as authorId',
			'users.name as authorName'
		])
		.where('section_comments.section_id', '=', sectionId)
		.where('section_comments.thread_id', which === 'general' ? 'is' : 'is not', null)
		.orderBy('section_comments.created_at')
		.orderBy('section_comments.id')
		.execute();
	const mentions = await listMentions(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({
		id: r.id,
		threadId: r.threadId,
		body: r.body,
		createdAt: r.created_at,
		author: { id: r.authorId, name: r.authorName },
		mentions: mentions.filter((m) => m.comment_id === r.id).map((m) => ({ id: m.id, name: m.name }))
	}));
}

/** The people mentioned in these comments (none read when the list is empty). */
async function listMentions(db: DB, commentIds: readonly string[]) {
	if (commentIds.length === 0) return [];
	return db
		.selectFrom('comment_mentions')
		.innerJoin('users', 'users.id', 'comment_mentions.user_id')
		.select(['comment_mentions.comment_id', 'users.id', 'users.name'])
		.where('comment_mentions.comment_id', 'in', commentIds)
		.execute();
}

/** The comment this author already posted with this idempotency key, if any. */
export async function findCommentByKey(db: DB, authorId: string, clientKey: string) {
	return db
		.selectFrom('section_comments')
		.select(['id', 'section_id as sectionId', 'thread_id as threadId'])
		.where('author_id', '=', authorId)
		.where('client_key', '=', clientKey)
		.executeTakeFirst();
}

export async function insertComment(
	db: DB,
	c: {
		id: string;
		sectionId: string;
		authorId: string;
		body: string;
		createdAt: number;
		mentioned: readonly string[];
		threadId?: string | null;
		clientKey?: string | null;
	}
): Promise<void> {
	await db
		.insertInto('section_comments')
		.values({
			id: c.id,
			section_id: c.sectionId,
			author_id: c.authorId,
			body: c.body,
			created_at: c.createdAt,
			thread_id: c.threadId ?? null,
			client_key: c.clientKey ?? null
		})
		.execute();
	if (c.mentioned.length) {
		await db
			.insertInto('comment_mentions')
			.values(c.mentioned.map((userId) => ({ comment_id: c.id, user_id: userId })))
			.execute();
	}
}
