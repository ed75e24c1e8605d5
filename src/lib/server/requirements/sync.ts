/**
 * Which checklist items a bid has: each requirement of its tender expanded by its scope (once
 * per group, per lot, or per taking-part organisation — and per lot too when the tender asks the
 * DC2 and the insurance per lot, `tenders.dc2_per_lot`). A step below the use cases —
 * the bid's use cases call it when its lots or members change, the seeds after creating a bid —
 * so none of them goes through the pieces use cases; no authorization here.
 */
import type { DB } from '../db/index';
import { newId } from '../ids';
import { takesPart } from '../policies/member.policy';
import { deleteItems, insertTodoItems, listItemKeys, loadItemSources, type ItemKey } from './requirements.repository';

const keyOf = (x: ItemKey) => `${x.requirement_id}|${x.organisation_id}|${x.lot_id}`;

/** Creates the missing items and drops those whose member or lot left the bid. */
export async function syncRequirementItems(db: DB, bidId: string): Promise<void> {
	const { requirements, lots, members, perLot } = await loadItemSources(db, bidId);
	const orgs = [...new Set(members.filter(takesPart).map((m) => m.organisation_id))];
	const wanted: ItemKey[] = [];
	for (const r of requirements) {
		if (r.scope === 'group') wanted.push({ requirement_id: r.id, organisation_id: '', lot_id: '' });
		else if (r.scope === 'lot') for (const l of lots) wanted.push({ requirement_id: r.id, organisation_id: '', lot_id: l });
		else if (perLot) for (const o of orgs) for (const l of lots) wanted.push({ requirement_id: r.id, organisation_id: o, lot_id: l });
		else for (const o of orgs) wanted.push({ requirement_id: r.id, organisation_id: o, lot_id: '' });
	}
	const existing = await listItemKeys(db, bidId);
	const wantedKeys = new Set(wanted.map(keyOf));
	const existingKeys = new Set(existing.map(keyOf));
	await deleteItems(
		db,
		existing.filter((e) => !wantedKeys.has(keyOf(e))).map((e) => e.id)
	);
	await insertTodoItems(
		db,
		bidId,
		wanted.filter((w) => !existingKeys.has(keyOf(w))).map((m) => ({ id: newId(), ...m }))
	);
}
