/**
 * The outbox job: sends the e-mails queued by the mailer, outside any request.
 *
 * - With SMTP_URL, through nodemailer (connect, greeting and socket timeouts from the config);
 *   without it, each message is printed once to the log, which is then the delivery channel of a
 *   self-hosted instance (docs/SECURITY.md, « Secrets »).
 * - A message is claimed before it is sent (attempts + 1, next try pushed back by the backoff),
 *   so a crash in the middle retries it later rather than never: delivery is at least once.
 * - A failed try waits `retryBaseMs`, doubling after each failure up to `retryMaxMs`; after
 *   `maxAttempts` the message is given up (`failed_at`).
 * - Logs name the outbox row and the error, never the recipient, subject or body (which may
 *   carry a single-use link) — except the no-SMTP print, which is the delivery itself.
 *
 * `startOutboxDelivery` runs the job every `pollMs` and shortly after a message is queued.
 * The SQL is in outbox.repository.ts.
 */
import type { AppContext } from '../context';
import type { Config } from '../config';
import { log } from '../log';
import { claimMail, listDueMail, markMailFailed, markMailSent } from './outbox.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'config'>;

export interface MailTransport {
	send(mail: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

/** The transport the configuration asks for: SMTP, or the log. */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'outbox'>): MailTransport {
	const smtpUrl = config.smtpUrl;
	if (!smtpUrl) {
		return {
			async send(mail) {
				log.info('e-mail (no SMTP configured: this log is the delivery channel)', { to: mail.to, subject: mail.subject, body: mail.text });
			}
		};
	}
	// Timeouts go in the URL's query, which nodemailer reads; the operator's own values win.
	const url = new URL(smtpUrl);
	for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
		if (!url.searchParams.has(key)) url.searchParams.set(key, String(config.outbox.sendTimeoutMs));
	}
	let transport: Promise<{ sendMail(m: object): Promise<unknown> }> | null = null;
	return {
		async send(mail) {
			transport ??= import('nodemailer').then((m) => m.createTransport(url.toString()));
			await (await transport).sendMail(mail);
		}
	};
}

/** Wait before the try after `attempt` failed ones (1-based). */
export function retryDelay(outbox: Config['outbox'], attempt: number): number {
	return Math.min(outbox.retryBaseMs * 2 ** Math.max(0, attempt - 1), outbox.retryMaxMs);
}

/** An error as one line without secrets: nodemailer's code and the server's reply, never credentials. */
function describe(e: unknown): string {
	if (!(e instanceof Error)) return String(e).slice(0, 200);
	const x = e as Error & { code?: string; responseCode?: number };
	const text = [x.code, x.responseCode, x.message].filter((p) => p !== undefined && p !== '').join(' ');
	return text.replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 300);
}

export interface DeliveryResult {
	sent: number;
	/** Failed this time, to be tried again later. */
	retrying: number;
	/** Failed for the last allowed time. */
	abandoned: number;
}

/** Sends (or prints) up to `limit` messages now due, oldest first. */
export async function deliverDueMail(ctx: Ctx, transport: MailTransport, limit = 50): Promise<DeliveryResult> {
	const outbox = ctx.config.outbox;
	const result: DeliveryResult = { sent: 0, retrying: 0, abandoned: 0 };
	const due = await listDueMail(ctx.db, ctx.now(), limit);
	for (const m of due) {
		const attempt = m.attempts + 1;
		await claimMail(ctx.db, m.id, attempt, ctx.now() + retryDelay(outbox, attempt));
		try {
			await transport.send({ from: ctx.config.mailFrom, to: m.to_address, subject: m.subject, text: m.body });
			await markMailSent(ctx.db, m.id, ctx.now());
			result.sent++;
		} catch (e) {
			const error = describe(e);
			if (attempt >= outbox.maxAttempts) {
				await markMailFailed(ctx.db, m.id, error, ctx.now());
				log.error('e-mail given up', { outboxId: m.id, attempts: attempt, error });
				result.abandoned++;
			} else {
				await markMailFailed(ctx.db, m.id, error);
				log.warn('e-mail not sent, will retry', {
					outboxId: m.id,
					attempt,
					retryInS: Math.round(retryDelay(outbox, attempt) / 1000),
					error
				});
				result.retrying++;
			}
		}
	}
	return result;
}

/**
 * Runs the job now, every `config.outbox.pollMs`, and whenever the mailer queues a message.
 * `stop` lets the message in flight finish (at most `waitMs`); one cut short is tried again later.
 */
export function startOutboxDelivery(
	ctx: Ctx & Pick<AppContext, 'mailer'>,
	transport: MailTransport = createMailTransport(ctx.config)
): { stop(waitMs?: number): Promise<void>; idle(): Promise<void> } {
	const BATCH = 50;
	let running: Promise<void> | null = null;
	let again = false;
	let stopped = false;
	const run = () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = (async () => {
			try {
				do {
					again = false;
					let r: DeliveryResult;
					do r = await deliverDueMail(ctx, transport, BATCH);
					while (!stopped && r.sent + r.retrying + r.abandoned === BATCH);
				} while (again && !stopped);
			} catch (e) {
				log.error('outbox job failed', { error: e instanceof Error ? e.message : String(e) });
			} finally {
				running = null;
			}
		})();
	};
	// Out of the request that queued the message, and not right after it: the request answers
	// without waiting for any of this, and the job's own CPU work (reading the row, composing the
	// message) lands at a random moment later instead of beside the answer, where it measurably
	// slowed the answers that queue mail (+0.5 ms median) compared with those that do not.
	const wakeDelay = ctx.config.outbox.wakeDelayMs;
	const unsubscribe = ctx.mailer.onQueued(() => setTimeout(run, wakeDelay * (1 + Math.random())).unref());
	const timer = setInterval(run, ctx.config.outbox.pollMs);
	timer.unref();
	run();
	return {
		async idle() {
			while (running) await running;
		},
		async stop(waitMs = 2000) {
			stopped = true;
			unsubscribe();
			clearInterval(timer);
			if (running) await Promise.race([running, new Promise((r) => setTimeout(r, waitMs).unref())]);
		}
	};
}
