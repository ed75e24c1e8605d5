/**
 * The names behind the ids an activity page's entries mention (people, sections, price lines,
 * checklist items, lots, organisations, files), read in one query for the whole page. Plain
 * Kysely taking `db` first; no wording (that is describe.ts).
 */
import type { DB } from '../db/index';

/** Ids to name, by kind of record. */
export interface ActivityRefs {
	users: Set<string>;
	sections: Set<string>;
	deliverables: Set<string>;
	items: Set<string>;
	lots: Set<string>;
	organisations: Set<string>;
	files: Set<string>;
}

/** One named record: `a` is its name or title; `b` and `n` what else its sentence may need. */
export interface NamedRow {
	kind: keyof ActivityRefs;
	id: string;
	a: string | null;
	b: string | null;
	n: number | null;
}

/**
 * One UNION ALL over the kinds that have ids: people (name), sections (title, lot number),
 * price lines (label, code, lot number), checklist items (piece, organisation, lot number), lots
 * (title, number), organisations (name), files (name). Records since removed are simply absent.
 */
export async function readActivityNames(db: DB, refs: ActivityRefs): Promise<NamedRow[]> {
	const parts = [
		refs.users.size &&
			db
				.selectFrom('users')
				.select((eb) => [
					eb.val('users').as('kind'),
					'users.id',
					'users.name as a',
					eb.val(null).$castTo<string | null>().as('b'),
					eb.val(null).$castTo<number | null>().as('n')
				])
				.where('users.id', 'in', [...refs.users]),
		refs.sections.size &&
			db
				.selectFrom('sections')
				.leftJoin('lots', 'lots.id', 'sections.lot_id')
				.select((eb) => [
					eb.val('sections').as('kind'),
					'sections.id',
					'sections.title as a',
					eb.val(null).$castTo<string | null>().as('b'),
					'lots.number as n'
				])
				.where('sections.id', 'in', [...refs.sections]),
		refs.deliverables.size &&
			db
				.selectFrom('deliverables')
				.innerJoin('lots', 'lots.id', 'deliverables.lot_id')
				.select((eb) => [
					eb.val('deliverables').as('kind'),
					'deliverables.id',
					'deliverables.label as a',
					'deliverables.code as b',
					'lots.number as n'
				])
				.where('deliverables.id', 'in', [...refs.deliverables]),
		refs.items.size &&
			db
				.selectFrom('requirement_items')
				.innerJoin('requirements', 'requirements.id', 'requirement_items.requirement_id')
				.innerJoin('organisations', 'organisations.id', 'requirement_items.organisation_id')
				.innerJoin('lots', 'lots.id', 'requirement_items.lot_id')
				.select((eb) => [
					eb.val('items').as('kind'),
					'requirement_items.id',
					'requirements.label as a',
					'organisations.name as b',
					'lots.number as n'
				])
				.where('requirement_items.id', 'in', [...refs.items]),
		refs.lots.size &&
			db
				.selectFrom('lots')
				.select((eb) => [
					eb.val('lots').as('kind'),
					'lots.id',
					'lots.title as a',
					eb.val(null).$castTo<string | null>().as('b'),
					'lots.number as n'
				])
				.where('lots.id', 'in', [...refs.lots]),
		refs.organisations.size &&
			db
				.selectFrom('organisations')
				.select((eb) => [
					eb.val('organisations').as('kind'),
					'organisations.id',
					'organisations.name as a',
					eb.val(null).$castTo<string | null>().as('b'),
					eb.val(null).$castTo<number | null>().as('n')
				])
				.where('organisations.id', 'in', [...refs.organisations]),
		refs.files.size &&
			db
				.selectFrom('files')
				.select((eb) => [
					eb.val('files').as('kind'),
					'files.id',
					'files.name as a',
					eb.val(null).$castTo<string | null>().as('b'),
					eb.val(null).$castTo<number | null>().as('n')
				])
				.where('files.id', 'in', [...refs.files])
	].filter((p) => p !== 0);
	if (parts.length === 0) return [];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the branches share one row shape; Kysely cannot type a union built in a loop
	let query = parts[0] as any;
	for (const p of parts.slice(1)) query = query.unionAll(p);
	return (await query.execute()) as NamedRow[];
}
