/**
 * The notification jobs the server runs every minute:
 *   - deadline reminders: each member of a bid still in preparation is told once when its DLRO
 *     is less than 72 h away, and once more under 24 h (only the 24 h one when the bid comes that
 *     late);
 *   - library reviews: the owner of a library entry past its « à revoir avant le » date is told
 *     once per review date (library/reminders.ts);
 *   - e-mail: when SMTP_URL and ORIGIN are set, every in-app notification is also e-mailed to
 *     its recipient (queued in the outbox, which the outbox job sends), at most a day after it
 *     was written. Invitations are not: their own e-mail, with the link to accept, already went out.
 *   - the accompaniment's weekly digest (accompaniment/digest.ts), once per support person and week.
 * All are idempotent and safe to run at any time; tests call them with a controlled clock.
 * The SQL is in notifications.repository.ts.
 */
import type { AppContext } from '../context';
import { formatParis } from '../../domain/dates';
import { log } from '../log';
import { sendWeeklyDigests } from '../accompaniment/digest';
import { LIBRARY_REVIEW_KIND, sendLibraryReviewReminders } from '../library/reminders';
import {
	bidHasNotificationOfKind,
	listBidMemberIds,
	listDraftBidsDueBetween,
	listNotificationsToEmail,
	markEmailed,
	notify
} from './notifications.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'config'>;

const HOUR = 3600 * 1000;

/** The reminders, latest first: a bid already inside 24 h gets only that one. */
const REMINDERS = [
	{ kind: 'dlro_24h', within: 24 * HOUR, label: '24 h' },
	{ kind: 'dlro_72h', within: 72 * HOUR, label: '72 h' }
] as const;

/** Kinds that already came with their own e-mail. */
const NOT_EMAILED = new Set(['invited']);

/** How old a notification may be and still be e-mailed (turning e-mail on sends no backlog). */
const EMAIL_MAX_AGE = 24 * HOUR;

/** Writes the deadline reminders now due; returns how many notifications were written. */
export async function sendDeadlineReminders(ctx: Pick<Ctx, 'db' | 'now'>): Promise<number> {
	const now = ctx.now();
	const bids = await listDraftBidsDueBetween(ctx.db, now, now + 72 * HOUR);
	let written = 0;
	for (const bid of bids) {
		const due = REMINDERS.find((r) => bid.dlro - now <= r.within)!;
		written += await ctx.db.transaction().execute(async (trx) => {
			// Once per bid and kind; a bid that got the 24 h reminder needs no 72 h one any more.
			const kinds = REMINDERS.filter((r) => r.within <= due.within).map((r) => r.kind);
			if (await bidHasNotificationOfKind(trx, bid.id, kinds)) return 0;
			const members = await listBidMemberIds(trx, bid.id);
			await notify(
				trx,
				now,
				members.map((userId) => ({
					userId,
					bidId: bid.id,
					kind: due.kind,
					message: `La date limite de remise des offres de « ${bid.title} » est dans moins de ${due.label} : ${formatParis(bid.dlro)}.`,
					link: `/reponses/${bid.id}/depot`
				}))
			);
			return members.length;
		});
	}
	return written;
}

/** E-mails the notifications not yet e-mailed (only with SMTP_URL and ORIGIN); returns how many. */
export async function emailNotifications(ctx: Ctx): Promise<number> {
	const origin = ctx.config.origin;
	if (!ctx.config.smtpUrl || !origin) return 0;
	const now = ctx.now();
	const pending = await listNotificationsToEmail(ctx.db, now - EMAIL_MAX_AGE, 200);
	let sent = 0;
	for (const n of pending) {
		// Marked first: a crash between the two loses one e-mail rather than sending it twice.
		await markEmailed(ctx.db, n.id, now);
		if (NOT_EMAILED.has(n.kind)) continue;
		await ctx.mailer.send({
			to: n.email,
			subject: `Cotrait : ${n.message.length > 90 ? `${n.message.slice(0, 89)}…` : n.message}`,
			body:
				`Bonjour ${n.name},\n\n${n.message}\n\n` +
				(n.link ? `Ouvrir dans Cotrait : ${origin}${n.link}\n\n` : '') +
				(n.kind === LIBRARY_REVIEW_KIND
					? `Vous recevez ce message parce que cette fiche de la bibliothèque Cotrait est la vôtre ou celle de votre organisation.\n`
					: `Vous recevez ce message parce que vous êtes membre de ce groupement sur Cotrait.\n`)
		});
		sent++;
	}
	return sent;
}

/** Runs both jobs now and then every `everyMs`; `stop` waits for a run in progress. */
export function startNotificationJobs(ctx: Ctx, everyMs = 60_000): { stop(): Promise<void> } {
	if (ctx.config.smtpUrl && !ctx.config.origin)
		log.warn('SMTP_URL is set without ORIGIN: notifications are not e-mailed (their links need the public address)');
	let current: Promise<void> | null = null;
	const run = () => {
		current ??= (async () => {
			try {
				await sendDeadlineReminders(ctx);
				await sendWeeklyDigests(ctx);
				await sendLibraryReviewReminders(ctx);
				await emailNotifications(ctx);
			} catch (e) {
				log.error('notification jobs failed', { error: e instanceof Error ? e.message : String(e) });
			} finally {
				current = null;
			}
		})();
	};
	run();
	const timer = setInterval(run, everyMs);
	timer.unref();
	return {
		async stop() {
			clearInterval(timer);
			await current;
		}
	};
}
