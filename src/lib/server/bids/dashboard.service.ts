/**
 * The dashboard: my bids with role, deadline, progress, and what waits for me — every to-do and
 * notification naming its bid (and lot) and linking to the exact place.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { isParticipant } from '../policies/bid-member.policy';
import { listNotifications, listSectionLots } from '../notifications/notifications.repository';
import { listMyBids, listMyInvitations, listSectionsToReview, listSectionsToWrite } from './dashboard.repository';

/** Where a notification about a section points (its link names the section). */
const SECTION_LINK = /^\/reponses\/[^/]+\/sections\/([^/?#]+)/;

const lotLabel = (number: number | null, title: string | null) => (number === null ? null : `Lot ${number} — ${title ?? ''}`);

/** The line under a to-do or notification: its bid, then its lot when it has one (« Ateliers numériques · Lot 2 — Formation »). */
const contextOf = (bidTitle: string | null, lot: string | null) => (bidTitle === null ? null : lot ? `${bidTitle} · ${lot}` : bidTitle);

export async function getDashboard(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor & { email: string }) {
	const now = ctx.now();
	const bids = await listMyBids(ctx.db, actor.id);
	const invitations = await listMyInvitations(ctx.db, actor.id, actor.email.toLowerCase(), now);
	const mySections = await listSectionsToWrite(ctx.db, actor.id);
	const toReview = await listSectionsToReview(ctx.db, actor.id);
	const notifications = await listNotifications(ctx.db, actor.id, 10);
	// Notifications about a section name its lot: one read for all of them.
	const sectionOf = (link: string) => SECTION_LINK.exec(link)?.[1] ?? null;
	const sectionIds = [...new Set(notifications.map((n) => sectionOf(n.link)).filter((id): id is string => id !== null))];
	const lots = new Map((await listSectionLots(ctx.db, sectionIds)).map((l) => [l.id, lotLabel(l.number, l.title)]));
	return {
		now,
		hasOrganisation: Boolean(actor.organisationId),
		bids: bids.map((b) => ({
			...b,
			needsAcceptance: b.status === 'draft' && isParticipant(b.role) && Number(b.myLines) > 0 && Number(b.accepted) === 0
		})),
		invitations,
		// Only what the page shows: each to-do's context line, not the parts it is made of.
		mySections: mySections.map((s) => ({
			id: s.id,
			title: s.title,
			bidId: s.bidId,
			state: s.state,
			context: contextOf(s.bidTitle, lotLabel(s.lotNumber, s.lotTitle))
		})),
		toReview: toReview.map((s) => ({
			id: s.id,
			title: s.title,
			bidId: s.bidId,
			context: contextOf(s.bidTitle, lotLabel(s.lotNumber, s.lotTitle))
		})),
		notifications: notifications.map((n) => {
			const section = sectionOf(n.link);
			const lot = section ? (lots.get(section) ?? null) : null;
			// A message that already names its bid needs the line only for the lot.
			const named = n.bidTitle !== null && n.message.includes(`« ${n.bidTitle} »`);
			return {
				id: n.id,
				message: n.message,
				link: n.link,
				created_at: n.created_at,
				read_at: n.read_at,
				context: named && !lot ? null : contextOf(n.bidTitle, lot)
			};
		})
	};
}
