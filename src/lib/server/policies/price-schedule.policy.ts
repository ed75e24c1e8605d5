/**
 * Who may do what with the buyer's price schedule of a lot (BPU / DQE / DPGF workbook): importing
 * it and mapping its columns creates the lot's price lines for everyone, so it is for whoever may
 * add price lines to the whole lot — the coordinator, while the bid is not submitted. Every member
 * and observer may look at it and download it, filled with the current prices.
 */
import type { Actor } from './actor';
import { canBid, type BidAccess } from './bid.policy';

export const scheduleActions = ['view', 'download', 'import'] as const;
export type ScheduleAction = (typeof scheduleActions)[number];

export function canSchedule(actor: Actor, action: ScheduleAction, bid: BidAccess): boolean {
	switch (action) {
		case 'view':
		case 'download':
			return canBid(actor, 'view', bid);
		case 'import':
			// The same rule as the price lines' form (`manage`): the schedule writes them.
			return canBid(actor, 'manage', bid);
	}
}
