/**
 * Outgoing e-mail, the queue side. `send` only writes the message to the `outbox` table and
 * wakes whoever listens (the outbox job, `outbox-delivery.ts`), which sends it afterwards. No
 * request ever waits for an SMTP server: how long one takes would tell, for instance, whether a
 * password-reset address has an account (docs/SECURITY.md). The SQL is in outbox.repository.ts.
 */
import type { DB } from '../db/index';
import { enqueueMail } from './outbox.repository';

export interface OutgoingMail {
	to: string;
	subject: string;
	body: string;
}

export interface Mailer {
	/**
	 * Queues the message; it is sent (or printed, without SMTP) by the outbox job. Given a
	 * transaction, the message is written in it, so a rolled-back change sends nothing.
	 */
	send(mail: OutgoingMail, trx?: DB): Promise<void>;
	/** Calls `listener` after each queued message; returns the function that stops it. */
	onQueued(listener: () => void): () => void;
}

export function createMailer(db: DB, opts: { now: () => number }): Mailer {
	const listeners = new Set<() => void>();
	return {
		async send(mail, trx = db) {
			await enqueueMail(trx, mail, opts.now());
			for (const listener of listeners) listener();
		},
		onQueued(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}
