/**
 * The discussion of a section (tables section_comments, comment_mentions): plain Kysely
 * functions taking `db` or a transaction first (data floor, docs/ARCHITECTURE.md). No rules,
 * no French, no notifications, no authorization.
 */
import type { DB } from '../db/index';

export interface CommentView {
	id: string;
	body: string;
	createdAt: number;
	author: { id: string; name: string };
	mentions: Array<{ id: string; name: string }>;
}

/** The thread of a section, oldest first: each comment with its author and the people it mentions (two reads). */
export async function listThread(db: DB, sectionId: string): Promise<CommentView[]> {
	const rows = await listSectionComments(db, sectionId);
	const mentions = await listMentions(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({
		id: r.id,
		body: r.body,
		createdAt: r.created_at,
		author: { id: r.authorId, name: r.authorName },
		mentions: mentions.filter((m) => m.comment_id === r.id).map((m) => ({ id: m.id, name: m.name }))
	}));
}

/** The comments of a section, oldest first, with their author's name. */
async function listSectionComments(db: DB, sectionId: string) {
	return db
		.selectFrom('section_comments')
		.innerJoin('users', 'users.id', 'section_comments.author_id')
		.select([
			'section_comments.id',
			'section_comments.body',
			'section_comments.created_at',
			'users.id as authorId',
			'users.name as authorName'
		])
		.where('section_comments.section_id', '=', sectionId)
		.orderBy('section_comments.created_at')
		.orderBy('section_comments.id')
		.execute();
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

export async function insertComment(
	db: DB,
	c: { id: string; sectionId: string; authorId: string; body: string; createdAt: number; mentioned: readonly string[] }
): Promise<void> {
	await db
		.insertInto('section_comments')
		.values({ id: c.id, section_id: c.sectionId, author_id: c.authorId, body: c.body, created_at: c.createdAt })
		.execute();
	if (c.mentioned.length) {
		await db
			.insertInto('comment_mentions')
			.values(c.mentioned.map((userId) => ({ comment_id: c.id, user_id: userId })))
			.execute();
	}
}
