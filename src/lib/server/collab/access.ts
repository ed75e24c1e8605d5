/**
 * Who may open a collaboration room, and how. The collaboration server calls this on every
 * upgrade and on `refreshAccess`. The policy is plugged in by the tenders feature (sections of
 * a bid and their lock state); until then every room is refused.
 */
import type { DB } from '../db/index';

export type RoomAccess = 'write' | 'read' | 'none';

/** The access `userId` has to `room` (e.g. "section/<sectionId>"). */
export async function resolveRoomAccess(_db: DB, _userId: string, _room: string): Promise<RoomAccess> {
	return 'none';
}
