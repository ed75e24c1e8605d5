/**
 * The partner directory: people across organisations, searchable by trade, skill and
 * département, showing only what each profile shares with other organisations.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { DomainError } from '../errors';

export interface DirectoryQuery {
	q: string;
	department: string;
}

export interface DirectoryEntry {
	id: string;
	name: string;
	organisationName: string;
	sameOrganisation: boolean;
	trade: string | null;
	skills: string[] | null;
	department: string | null;
	region: string | null;
	bio: string | null;
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function searchDirectory(
	ctx: Pick<AppContext, 'db'>,
	actor: Actor,
	query: DirectoryQuery,
	limit = 50
): Promise<DirectoryEntry[]> {
	if (!actor.organisationId) throw new DomainError('forbidden', "L'annuaire est réservé aux membres d'une organisation.");
	let q = ctx.db
		.selectFrom('users')
		.innerJoin('memberships', 'memberships.user_id', 'users.id')
		.innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
		.select([
			'users.id',
			'users.name',
			'users.trade',
			'users.skills',
			'users.department',
			'users.region',
			'users.bio',
			'users.public_fields',
			'organisations.name as organisationName',
			'organisations.id as organisationId'
		])
		.where('memberships.role', '!=', 'support')
		.where('users.id', '!=', actor.id);
	const words = query.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
	for (const w of words) {
		const like = `%${escapeLike(w)}%`;
		// Searching hidden fields would leak them: only shared fields (or own organisation) match.
		q = q.where((eb) =>
			eb.or([
				eb(eb.fn('lower', ['users.name']), 'like', like),
				eb.and([
					eb.or([eb('organisations.id', '=', actor.organisationId!), eb('users.public_fields', 'like', '%"trade"%')]),
					eb(eb.fn('lower', ['users.trade']), 'like', like)
				]),
				eb.and([
					eb.or([eb('organisations.id', '=', actor.organisationId!), eb('users.public_fields', 'like', '%"skills"%')]),
					eb(eb.fn('lower', ['users.skills']), 'like', like)
				])
			])
		);
	}
	if (query.department) {
		q = q
			.where('users.department', '=', query.department)
			.where((eb) => eb.or([eb('organisations.id', '=', actor.organisationId!), eb('users.public_fields', 'like', '%"department"%')]));
	}
	const rows = await q.orderBy('users.name').limit(limit).execute();
	return rows.map((r) => {
		const same = r.organisationId === actor.organisationId;
		const shared = new Set(JSON.parse(r.public_fields) as string[]);
		const show = (f: string) => same || shared.has(f);
		return {
			id: r.id,
			name: r.name,
			organisationName: r.organisationName,
			sameOrganisation: same,
			trade: show('trade') ? r.trade : null,
			skills: show('skills') ? (JSON.parse(r.skills) as string[]) : null,
			department: show('department') ? r.department : null,
			region: show('region') ? r.region : null,
			bio: show('bio') ? r.bio : null
		};
	});
}
