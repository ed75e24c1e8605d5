/**
 * Index hits as the results page shows them: the kind's label, the link to the exact place, the
 * title and excerpt as text parts (highlights marked, never HTML), and what the hit belongs to
 * (the bid's tender, the tender's reference and buyer, the comment's section), read in one query
 * per scope type for the hits kept.
 */
import type { DB } from '../db/index';
import { isSearchKind, SEARCH_KINDS, splitScope, type SearchKind } from './kinds';
import { markedParts, type TextPart } from './query';
import { bidNames, sectionTitles, tenderNames, type IndexHit } from './search.repository';
import { libraryEntryNames } from '../library/library.repository';
import { LIBRARY_KIND_LABELS } from '../../domain/library';

export interface SearchResult {
	kind: SearchKind;
	kindLabel: string;
	href: string;
	title: TextPart[];
	excerpt: TextPart[];
	/** What it belongs to, e.g. « Livret d’accueil — Office de tourisme ». */
	context: string;
}

/** A text without highlights, as parts. */
const plain = (text: string): TextPart[] => (text ? [{ text, mark: false }] : []);

export async function presentHits(db: DB, hits: readonly IndexHit[]): Promise<SearchResult[]> {
	const kept = hits.filter((h) => isSearchKind(h.kind));
	const idsOf = (type: string) => [
		...new Set(
			kept
				.map((h) => splitScope(h.scope))
				.filter(([t]) => t === type)
				.map(([, id]) => id)
		)
	];
	const [bids, tenders, sections, entries] = await Promise.all([
		bidNames(db, idsOf('bid')),
		tenderNames(db, idsOf('tender')),
		sectionTitles(db, [...new Set(kept.filter((h) => h.kind === 'comment' && h.parentId).map((h) => h.parentId!))]),
		libraryEntryNames(
			db,
			kept.filter((h) => h.kind === 'library').map((h) => h.entityId)
		)
	]);
	// A library entry is said by its kind and owner (« Référence — Chloé Bernard »).
	const entryName = new Map(entries.map((e) => [e.id, `${LIBRARY_KIND_LABELS[e.kind]} — ${e.userName ?? e.organisationName ?? ''}`]));
	const bidName = new Map(bids.map((b) => [b.id, `${b.title} — ${b.buyer}`]));
	const tenderName = new Map(tenders.map((t) => [t.id, `${t.reference} — ${t.buyer}`]));
	const sectionTitle = new Map(sections.map((s) => [s.id, s.title]));
	return kept.map((hit) => {
		const kind = hit.kind as SearchKind;
		const [type, scopeId] = splitScope(hit.scope);
		const context =
			(kind === 'library'
				? entryName.get(hit.entityId)
				: type === 'bid'
					? bidName.get(scopeId)
					: type === 'tender'
						? tenderName.get(scopeId)
						: undefined) ?? '';
		const title =
			kind === 'comment' ? plain(`Discussion de la section « ${sectionTitle.get(hit.parentId ?? '') ?? ''} »`) : markedParts(hit.title);
		return {
			kind,
			kindLabel: SEARCH_KINDS[kind].label,
			href: SEARCH_KINDS[kind].href({ entityId: hit.entityId, scopeId, parentId: hit.parentId }),
			title,
			excerpt: markedParts(hit.excerpt),
			context
		};
	});
}
