/**
 * Who may open a collaboration room, and how. The collaboration server calls this on every
 * upgrade and on `refreshAccess`. Rooms are `section/<sectionId>`: members of the section's
 * bid read it; they write it while the bid policy allows writing sections (not an observer,
 * bid not frozen, internal freeze respected) and the section is not validated; the section's
 * reviewer while it is « en relecture », and observers where the coordinator allows it, only
 * suggest (policies/suggestion.policy.ts; the server checks each of their updates).
 */
import type { DB } from '../db/index';
import { sectionTextAccess } from '../policies/suggestion.policy';
import { getSectionRoomFacts } from './access.repository';

export type RoomAccess = 'write' | 'suggest' | 'read' | 'none';

const SECTION_ROOM = /^section\/([a-z2-7]{24})$/;

/** The access `userId` has to `room` (e.g. "section/<sectionId>"). */
export async function resolveRoomAccess(db: DB, userId: string, room: string, now: number = Date.now()): Promise<RoomAccess> {
	const m = SECTION_ROOM.exec(room);
	if (!m) return 'none';
	const row = await getSectionRoomFacts(db, m[1]!, userId);
	if (!row) return 'none';
	const actor = { id: userId, organisationId: row.organisation_id ?? null, orgRole: row.orgRole ?? null };
	const bid = {
		id: row.bidId,
		status: row.status,
		coordinatorId: row.coordinator_id,
		role: row.role,
		internalFreezeAt: row.internal_freeze_at,
		dlro: row.dlro,
		now
	};
	return sectionTextAccess(actor, bid, {
		state: row.state,
		reviewerId: row.reviewer_id,
		isAuthor: row.authorId != null,
		observersMaySuggest: row.observers_may_suggest === 1
	});
}
