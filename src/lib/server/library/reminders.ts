/**
 * « À revoir » reminders (issue 16): an entry past its review date tells its owner once per
 * review date — the person, or an organisation's admins and support staff — with an in-app
 * notification (e-mailed by the notification job when SMTP is configured, like every
 * notification). Run every minute with the other notification jobs (notifications/jobs.ts).
 * Idempotent: the entry is marked with the date it was reminded of in the transaction that
 * writes the notices, so a second run, or two at once, tells nobody twice; a new review date is a
 * new period.
 */
import type { AppContext } from '../context';
import { formatParisDate } from './dates';
import { notify } from '../notifications/notifications.repository';
import { listEntriesDueForReminder, markReminded, organisationWriterIds } from './library.repository';

export const LIBRARY_REVIEW_KIND = 'library_review';

/** Writes the reminders now due; returns how many notifications were written. */
export async function sendLibraryReviewReminders(ctx: Pick<AppContext, 'db' | 'now'>, batch = 200): Promise<number> {
	const now = ctx.now();
	let written = 0;
	for (const entry of await listEntriesDueForReminder(ctx.db, now, batch)) {
		written += await ctx.db.transaction().execute(async (trx) => {
			if (!(await markReminded(trx, entry.id, entry.review_by))) return 0;
			const people = entry.owner_user_id ? [entry.owner_user_id] : await organisationWriterIds(trx, entry.owner_organisation_id!);
			await notify(
				trx,
				now,
				people.map((userId) => ({
					userId,
					kind: LIBRARY_REVIEW_KIND,
					message: `La fiche « ${entry.title} » de la bibliothèque est à revoir (depuis le ${formatParisDate(entry.review_by)}) : relisez-la et mettez-la à jour.`,
					link: `/bibliotheque/${entry.id}`
				}))
			);
			return people.length;
		});
	}
	return written;
}
