/**
 * The health probe's one query: whether the database answers at all (`select 1`). Used by
 * GET /healthz; no rules, nothing read from the tables.
 */
import { sql } from 'kysely';
import type { DB } from './index';

/** Resolves when the database answers, throws otherwise. */
export async function pingDatabase(db: DB): Promise<void> {
	await sql`select 1`.execute(db);
}
