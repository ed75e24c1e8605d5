/**
 * Who may write, resolve and reopen the comments of a section (its general discussion and the
 * threads anchored in its text). Pure; the section page's `can` flags and the comment use cases
 * ask the same functions.
 *
 * Decisions:
 * - Every member comments and replies, observers included (support staff advise the
 *   entrepreneurs there); comments are not part of the response, so the internal freeze and a
 *   validated section leave them open. A submitted (or decided) bid's comments are read-only.
 * - Resolving or reopening a thread says « this place is dealt with » for the group: the thread's
 *   author, the section's authors, its reviewer and the coordinator decide it. An observer
 *   resolves only the threads they opened themselves (their own remark), never a co-writer's.
 */
import type { Actor } from './actor';
import { isFrozen, type BidAccess } from './bid.policy';

export interface CommentSection {
	reviewerId: string | null;
	authorIds: readonly string[];
}

export interface CommentThreadFacts {
	authorId: string;
}

/** May the actor post in this section's discussion or its threads (a new thread, a reply)? */
export function canComment(access: BidAccess): boolean {
	return access.role !== null && !isFrozen(access);
}

/** May the actor resolve or reopen this thread? */
export function canResolveThread(actor: Actor, access: BidAccess, section: CommentSection, thread: CommentThreadFacts): boolean {
	if (!canComment(access)) return false;
	if (thread.authorId === actor.id) return true;
	if (access.role === 'observer') return false;
	return access.role === 'coordinator' || section.reviewerId === actor.id || section.authorIds.includes(actor.id);
}
