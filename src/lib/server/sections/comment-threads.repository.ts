/**
 * The threads anchored in a section's text (table comment_threads; their comments are rows of
 * section_comments with thread_id set, written through discussion.repository's insertComment):
 * plain Kysely functions taking `db` or a transaction first. No rules, no French, no authorization.
 */
import type { DB } from '../db/index';
import { listCommentsWhere, type CommentView } from './discussion.repository';

export interface ThreadRow {
	id: string;
	sectionId: string;
	authorId: string;
	anchorStart: string;
	anchorEnd: string;
	quote: string;
	createdAt: number;
	resolvedAt: number | null;
	resolvedBy: string | null;
}

export interface ThreadView extends Omit<ThreadRow, 'sectionId' | 'authorId' | 'resolvedBy'> {
	author: { id: string; name: string };
	resolvedBy: { id: string; name: string } | null;
	comments: CommentView[];
}

const threadColumns = [
	'comment_threads.id',
	'comment_threads.section_id as sectionId',
	'comment_threads.author_id as authorId',
	'comment_threads.anchor_start as anchorStart',
	'comment_threads.anchor_end as anchorEnd',
	'comment_threads.quote',
	'comment_threads.created_at as createdAt',
	'comment_threads.resolved_at as resolvedAt',
	'comment_threads.resolved_by as resolvedBy'
] as const;

/** One thread of a section (undefined when it is not there). */
export async function findThread(db: DB, sectionId: string, threadId: string): Promise<ThreadRow | undefined> {
	return db
		.selectFrom('comment_threads')
		.select(threadColumns)
		.where('comment_threads.id', '=', threadId)
		.where('comment_threads.section_id', '=', sectionId)
		.executeTakeFirst();
}

/** Every thread of a section, oldest first, with its comments (three reads). */
export async function listThreads(db: DB, sectionId: string): Promise<ThreadView[]> {
	const rows = await db
		.selectFrom('comment_threads')
		.innerJoin('users as a', 'a.id', 'comment_threads.author_id')
		.leftJoin('users as r', 'r.id', 'comment_threads.resolved_by')
		.select([...threadColumns, 'a.name as authorName', 'r.name as resolverName'])
		.where('comment_threads.section_id', '=', sectionId)
		.orderBy('comment_threads.created_at')
		.orderBy('comment_threads.id')
		.execute();
	if (rows.length === 0) return [];
	const comments = await listCommentsWhere(db, sectionId, 'threads');
	return rows.map((r) => ({
		id: r.id,
		anchorStart: r.anchorStart,
		anchorEnd: r.anchorEnd,
		quote: r.quote,
		createdAt: r.createdAt,
		resolvedAt: r.resolvedAt,
		author: { id: r.authorId, name: r.authorName },
		resolvedBy: r.resolvedBy ? { id: r.resolvedBy, name: r.resolverName ?? '' } : null,
		comments: comments.filter((c) => c.threadId === r.id)
	}));
}

export async function insertThread(db: DB, t: Omit<ThreadRow, 'resolvedAt' | 'resolvedBy'>): Promise<void> {
	await db
		.insertInto('comment_threads')
		.values({
			id: t.id,
			section_id: t.sectionId,
			author_id: t.authorId,
			anchor_start: t.anchorStart,
			anchor_end: t.anchorEnd,
			quote: t.quote,
			created_at: t.createdAt
		})
		.execute();
}

/** Marks a thread resolved (at, by) or open again (null, null); false when it was already so. */
export async function setThreadResolved(db: DB, threadId: string, at: number | null, by: string | null): Promise<boolean> {
	const result = await db
		.updateTable('comment_threads')
		.set({ resolved_at: at, resolved_by: by })
		.where('id', '=', threadId)
		.where('resolved_at', at === null ? 'is not' : 'is', null)
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Who wrote in a thread (its author and everyone who replied), each once. */
export async function threadParticipants(db: DB, threadId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('comment_threads')
		.select('author_id as id')
		.where('id', '=', threadId)
		.union(db.selectFrom('section_comments').select('author_id as id').where('thread_id', '=', threadId))
		.execute();
	return rows.map((r) => r.id);
}

/** The open threads of a section opened by one person, oldest first (what a reviewer asks to change). */
export async function openThreadsBy(db: DB, sectionId: string, authorId: string) {
	return db
		.selectFrom('comment_threads')
		.select(['id', 'quote'])
		.where('section_id', '=', sectionId)
		.where('author_id', '=', authorId)
		.where('resolved_at', 'is', null)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
}

/** Open threads per section of a bid (sections without any are absent). */
export async function openThreadCounts(db: DB, bidId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('comment_threads')
		.innerJoin('sections', 'sections.id', 'comment_threads.section_id')
		.select(['comment_threads.section_id as sectionId', (eb) => eb.fn.countAll<number>().as('n')])
		.where('sections.bid_id', '=', bidId)
		.where('comment_threads.resolved_at', 'is', null)
		.groupBy('comment_threads.section_id')
		.execute();
	return new Map(rows.map((r) => [r.sectionId, Number(r.n)]));
}
