/**
 * The index scopes a person's search covers: the candidate bids and tenders loaded once
 * (search.repository), decided by policies/search.policy (the pages' own view rules), named as
 * the index names them. A new kind with its own visibility (library entries) adds its facts and
 * scopes here; the search use case does not change.
 */
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { searchableLibraryAudiences, searchableRecords } from '../policies/search.policy';
import { accessOf } from '../bids/bid-access';
import { scopeKey } from './kinds';
import { searchFactsOf } from './search.repository';
import { coMemberIdsOf } from '../library/library.repository';

export async function visibleScopes(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor): Promise<string[]> {
	const facts = await searchFactsOf(ctx.db, actor.id);
	const now = ctx.now();
	const { bidIds, tenderIds } = searchableRecords(actor, {
		bids: facts.bids.map((b) => accessOf(b, b.role, now)),
		tenders: facts.tenders
	});
	// Library entries (issue 16): their scope is their audience ('user:…', 'organisation:…', 'groups:…', 'directory').
	const library = searchableLibraryAudiences(actor, await coMemberIdsOf(ctx.db, actor.id));
	return [...bidIds.map((id) => scopeKey('bid', id)), ...tenderIds.map((id) => scopeKey('tender', id)), ...library];
}
