/**
 * Outgoing e-mail behind one interface. Every message is recorded in the `outbox` table;
 * with SMTP_URL set it is also sent through nodemailer, otherwise it is printed to the log
 * (the outbox then is the delivery channel of a self-hosted instance without SMTP).
 */
import type { DB } from '../db/index';
import { log } from '../log';

export interface OutgoingMail {
	to: string;
	subject: string;
	body: string;
}

export interface Mailer {
	send(mail: OutgoingMail): Promise<void>;
}

export function createMailer(db: DB, opts: { smtpUrl?: string; from: string; now?: () => number }): Mailer {
	const now = opts.now ?? Date.now;
	let transport: { sendMail(m: object): Promise<unknown> } | null = null;
	return {
		async send(mail) {
			const row = await db
				.insertInto('outbox')
				.values({ to_address: mail.to, subject: mail.subject, body: mail.body, created_at: now(), sent_at: null })
				.returning('id')
				.executeTakeFirstOrThrow();
			if (!opts.smtpUrl) {
				log.info('e-mail (no SMTP configured, kept in the outbox)', { to: mail.to, subject: mail.subject, body: mail.body });
				return;
			}
			try {
				if (!transport) {
					const nodemailer = await import('nodemailer');
					transport = nodemailer.createTransport(opts.smtpUrl);
				}
				await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.body });
				await db.updateTable('outbox').set({ sent_at: now() }).where('id', '=', row.id).execute();
			} catch (e) {
				log.error('e-mail could not be sent; it stays in the outbox', { to: mail.to, error: e instanceof Error ? e.message : String(e) });
			}
		}
	};
}
