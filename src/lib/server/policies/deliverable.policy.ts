/**
 * Who may enter and change a bid's price lines (« prestations »). Pure functions over a loaded
 * `BidAccess` and what the action targets: whether the actor is among the line's assignees now,
 * and among the assignees the line would have afterwards.
 */
import type { Actor } from './actor';
import { isFrozen, pastInternalFreeze, type BidAccess } from './bid.policy';

export const deliverableActions = ['addLine', 'editLine', 'deleteLine'] as const;
export type DeliverableAction = (typeof deliverableActions)[number];

export interface DeliverableTarget {
	/** editLine, deleteLine: the actor is among the line's assignees as stored. */
	assigned?: boolean;
	/** addLine, editLine: the actor is among the assignees the line would have after the change. */
	assignedAfter?: boolean;
}

/**
 * The coordinator adds, edits and deletes every line until the bid is submitted (the last
 * word). A member, until the internal freeze, adds lines that include themselves and edits or
 * deletes the lines they are assigned to, keeping themselves among the assignees (handing a
 * line over entirely is the coordinator's call). Observers never. Without a target (the page's
 * flags), the answer is « may this person do it to some line ».
 */
export function canDeliverable(actor: Actor, action: DeliverableAction, bid: BidAccess, target?: DeliverableTarget): boolean {
	if (isFrozen(bid)) return false;
	if (bid.role === 'coordinator') return true;
	if (bid.role !== 'member' || pastInternalFreeze(bid)) return false;
	if (!target) return true;
	switch (action) {
		case 'addLine':
			return target.assignedAfter !== false;
		case 'editLine':
			return target.assigned === true && target.assignedAfter !== false;
		case 'deleteLine':
			return target.assigned === true;
	}
}
