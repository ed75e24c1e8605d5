import { LIBRARY_KINDS, type LibraryKind } from '$lib/domain/library';
import { guardLoad, requireUser } from '$lib/server/http';
import { listVisibleEntries, type OwnerFilter } from '$lib/server/library/library-read';
import type { PageServerLoad } from './$types';

const OWNERS: readonly OwnerFilter[] = ['mine', 'organisation', 'shared'];

/** « Bibliothèque »: the entries the person may see, filtered by the GET form (works without scripts). */
export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const p = event.url.searchParams;
	const kindParam = p.get('type') ?? '';
	const ownerParam = p.get('proprietaire') ?? '';
	const query = {
		q: (p.get('q') ?? '').slice(0, 100),
		kind: (LIBRARY_KINDS as readonly string[]).includes(kindParam) ? (kindParam as LibraryKind) : undefined,
		tag: (p.get('mot-cle') ?? '').slice(0, 40).toLowerCase() || undefined,
		owner: (OWNERS as readonly string[]).includes(ownerParam) ? (ownerParam as OwnerFilter) : undefined,
		sort: p.get('tri') === 'recent' ? ('updated' as const) : ('title' as const)
	};
	return guardLoad(async () => {
		const entries = await listVisibleEntries(ctx, actor, query);
		return { entries, query: { ...query, kind: query.kind ?? '', tag: query.tag ?? '', owner: query.owner ?? '' }, now: ctx.now() };
	});
};
