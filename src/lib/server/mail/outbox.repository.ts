/**
 * The SQL of the `outbox` table (queued e-mails): plain Kysely functions taking `db` or a
 * transaction first. When to send, retry or give up is decided by outbox-delivery.ts.
 */
import type { DB } from '../db/index';

export interface QueuedMail {
	to: string;
	subject: string;
	body: string;
}

/** Queues a message, due at once. */
export async function enqueueMail(db: DB, mail: QueuedMail, now: number): Promise<void> {
	await db
		.insertInto('outbox')
		.values({ to_address: mail.to, subject: mail.subject, body: mail.body, created_at: now, sent_at: null, next_attempt_at: now })
		.execute();
}

/** Up to `limit` messages neither sent nor given up whose next try is due at `now`, oldest due first. */
export async function listDueMail(db: DB, now: number, limit: number) {
	return db
		.selectFrom('outbox')
		.select(['id', 'to_address', 'subject', 'body', 'attempts'])
		.where('sent_at', 'is', null)
		.where('failed_at', 'is', null)
		.where('next_attempt_at', '<=', now)
		.orderBy('next_attempt_at')
		.orderBy('id')
		.limit(limit)
		.execute();
}

/** Claims a message for a try: its attempt count and when it may be tried next. */
export async function claimMail(db: DB, id: number, attempts: number, nextAttemptAt: number): Promise<void> {
	await db.updateTable('outbox').set({ attempts, next_attempt_at: nextAttemptAt }).where('id', '=', id).execute();
}

export async function markMailSent(db: DB, id: number, now: number): Promise<void> {
	await db.updateTable('outbox').set({ sent_at: now, last_error: null }).where('id', '=', id).execute();
}

/** Records a failed try; with `givenUpAt`, the message is not tried again. */
export async function markMailFailed(db: DB, id: number, error: string, givenUpAt: number | null = null): Promise<void> {
	await db
		.updateTable('outbox')
		.set(givenUpAt === null ? { last_error: error } : { failed_at: givenUpAt, last_error: error })
		.where('id', '=', id)
		.execute();
}
