/**
 * Search everywhere (use case): the typed query as an FTS5 expression (query.ts), the scopes the
 * person may see (scopes.ts, over policies/search.policy), the ranked hits of the index among
 * them (search.repository), then each hit as the results page shows it (present.ts). Adding a
 * kind of record changes none of this: see kinds.ts and scopes.ts.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { MAX_QUERY_CHARS, toMatchExpression } from './query';
import { visibleScopes } from './scopes';
import { searchIndex } from './search.repository';
import { presentHits, type SearchResult } from './present';

/** Results shown at most (the best ones). */
export const SEARCH_LIMIT = 40;

export interface SearchAnswer {
	/** The query as read (trimmed, cut to MAX_QUERY_CHARS). */
	query: string;
	/** False when the query holds no word to look for (empty, punctuation only). */
	searched: boolean;
	results: SearchResult[];
	/** More hits than SEARCH_LIMIT: only the best are shown. */
	more: boolean;
}

export type { SearchResult } from './present';

export async function search(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, input: string): Promise<SearchAnswer> {
	const query = input.trim().slice(0, MAX_QUERY_CHARS);
	const match = toMatchExpression(query);
	if (!match) return { query, searched: false, results: [], more: false };
	const scopes = await visibleScopes(ctx, actor);
	const hits = await searchIndex(ctx.db, match, scopes, SEARCH_LIMIT + 1);
	return {
		query,
		searched: true,
		results: await presentHits(ctx.db, hits.slice(0, SEARCH_LIMIT)),
		more: hits.length > SEARCH_LIMIT
	};
}
