/**
 * The weekly digest of the accompaniment (issue 20, item 4): once per support person and ISO
 * week (Paris time), the bids her cooperative's entrepreneurs take part in whose questions
 * deadline or DLRO falls in the next 10 days, with what still blocks each (from counts, never
 * content). Written as one in-app notification (kind `accompaniment_digest`), which the
 * notification job's e-mail copy sends when SMTP_URL and ORIGIN are set. Run by the notification
 * jobs every minute (server/index.ts); the week is claimed in `accompaniment_digests` in the same
 * transaction as the notification, so a person gets at most one per week, whatever the restarts.
 * A week with nothing due is claimed and sends nothing.
 */
import type { AppContext } from '../context';
import { formatParisWall } from '../../domain/dates';
import { countOf } from '../../format/plural';
import { notify } from '../notifications/notifications.repository';
import { claimDigest, listSupportStaff } from './accompaniment.repository';
import { listAccompaniedBids, type AccompaniedBid } from './overview.service';
import { byDeadline, dueWithin, isoWeek } from './accompaniment-rules';

type Ctx = Pick<AppContext, 'db' | 'now'>;

export const DIGEST_DAYS = 10;
const LISTED = 8;

/** From Monday 07:00 (Paris) on: a week's digest is not sent in the small hours of its Monday. */
export function digestTime(now: number): boolean {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Paris',
		weekday: 'short',
		hour: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(now);
	const weekday = parts.find((p) => p.type === 'weekday')?.value;
	const hour = Number(parts.find((p) => p.type === 'hour')?.value);
	return weekday !== 'Mon' || hour >= 7;
}

/** One line per bid: « « Title » (acheteur) — DLRO 12/12/2026 12:00 : 3 sections à valider, … ». */
function lineOf(b: AccompaniedBid, now: number): string {
	const deadlines = [
		b.questionsDeadline !== null && b.questionsDeadline >= now ? `questions ${formatParisWall(b.questionsDeadline)}` : null,
		`DLRO ${formatParisWall(b.dlro)}`
	].filter(Boolean);
	const blocking = b.blocking.length ? b.blocking.join(', ') : b.state === 'preparing' ? 'rien ne bloque' : b.stateLabel.toLowerCase();
	return `« ${b.title} » (${b.buyer}) — ${deadlines.join(', ')} : ${blocking}`;
}

/** The digest's text for these bids, or null when none is due. */
export function digestMessage(bids: AccompaniedBid[], now: number): string | null {
	if (bids.length === 0) return null;
	const head = `Cette semaine, ${countOf(bids.length, { one: 'réponse de vos entrepreneurs a une échéance', other: 'réponses de vos entrepreneurs ont une échéance' })} dans les ${DIGEST_DAYS} jours (heure de Paris).`;
	const lines = bids.slice(0, LISTED).map((b) => `• ${lineOf(b, now)}`);
	if (bids.length > LISTED)
		lines.push(`• et ${countOf(bids.length - LISTED, { one: 'autre', other: 'autres' })} sur la page Accompagnement`);
	return [head, ...lines].join('\n');
}

/** The bids of the support person's digest: due within 10 days, not yet decided. */
export async function digestBids(ctx: Ctx, person: { id: string; organisationId: string }): Promise<AccompaniedBid[]> {
	const now = ctx.now();
	const bids = await listAccompaniedBids(ctx, { id: person.id, organisationId: person.organisationId, orgRole: 'support' });
	return byDeadline(
		bids.filter((b) => (b.state === 'preparing' || b.state === 'frozen') && dueWithin(b, now, DIGEST_DAYS)),
		now
	);
}

/** Sends the week's digest to every support person who has not had it; returns how many were written. */
export async function sendWeeklyDigests(ctx: Ctx): Promise<number> {
	const now = ctx.now();
	if (!digestTime(now)) return 0;
	const week = isoWeek(now);
	let written = 0;
	for (const person of await listSupportStaff(ctx.db)) {
		const bids = await digestBids(ctx, person);
		const message = digestMessage(bids, now);
		written += await ctx.db.transaction().execute(async (trx) => {
			if (!(await claimDigest(trx, person.id, week, now, bids.length))) return 0;
			if (!message) return 0;
			await notify(trx, now, [{ userId: person.id, kind: 'accompaniment_digest', message, link: '/accompagnement?jours=10' }]);
			return 1;
		});
	}
	return written;
}
