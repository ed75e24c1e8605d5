/**
 * The SQL of the activity log (the `activity` table): every change of structured data, written
 * by the use cases in their own transaction with `logActivity`. What each entry says is theirs.
 */
import type { DB } from './db/index';

export interface ActivityEntry {
	actorId: string | null;
	organisationId?: string | null;
	bidId?: string | null;
	entity: string;
	entityId: string;
	action: string;
	before?: unknown;
	after?: unknown;
}

/** Appends one entry, in the caller's transaction (so a rolled-back change leaves no trace). */
export async function logActivity(db: DB, at: number, e: ActivityEntry): Promise<void> {
	await db
		.insertInto('activity')
		.values({
			at,
			actor_id: e.actorId,
			organisation_id: e.organisationId ?? null,
			bid_id: e.bidId ?? null,
			entity: e.entity,
			entity_id: e.entityId,
			action: e.action,
			before: e.before === undefined ? null : JSON.stringify(e.before),
			after: e.after === undefined ? null : JSON.stringify(e.after)
		})
		.execute();
}
