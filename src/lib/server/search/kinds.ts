/**
 * The kinds of things the search finds, and where each one is seen: its label on the results
 * page, the link to the exact place, and for kinds whose text is a co-written Yjs document the
 * room that holds it. Adding a kind (library entries) adds an entry here; see
 * docs/ARCHITECTURE.md « Search ».
 */

export type SearchKind = 'section' | 'comment' | 'tender' | 'library';

interface KindInfo {
	/** The badge shown on a result. */
	label: string;
	/** The exact place of a hit (scope id: the bid or tender of its scope). */
	href(hit: { entityId: string; scopeId: string; parentId: string | null }): string;
	/** Prefix of the collaboration room holding its text (`<prefix><entityId>`), if it has one. */
	roomPrefix?: string;
}

export const SEARCH_KINDS: Record<SearchKind, KindInfo> = {
	section: {
		label: 'Section',
		href: (h) => `/reponses/${h.scopeId}/sections/${h.entityId}`,
		roomPrefix: 'section/'
	},
	comment: {
		label: 'Commentaire',
		href: (h) => `/reponses/${h.scopeId}/sections/${h.parentId}#commentaire-${h.entityId}`
	},
	tender: {
		label: "Appel d'offres",
		href: (h) => `/appels-d-offres/${h.entityId}`
	},
	// Library entries (issue 16): indexed by the triggers of migration 0019, text included (it is
	// saved with the form, not co-written); scope = the entry's audience (policies/library.policy).
	library: {
		label: 'Bibliothèque',
		href: (h) => `/bibliotheque/${h.entityId}`
	}
};

export function isSearchKind(kind: string): kind is SearchKind {
	return Object.hasOwn(SEARCH_KINDS, kind);
}

/** The kind and record a collaboration room's text belongs to, when it is indexed. */
export function indexedRoom(room: string): { kind: SearchKind; entityId: string } | null {
	for (const [kind, info] of Object.entries(SEARCH_KINDS) as Array<[SearchKind, KindInfo]>) {
		if (info.roomPrefix && room.startsWith(info.roomPrefix) && room.length > info.roomPrefix.length) {
			return { kind, entityId: room.slice(info.roomPrefix.length) };
		}
	}
	return null;
}

/** The index's scope of a bid's or a tender's records. */
export const scopeKey = (type: 'bid' | 'tender', id: string) => `${type}:${id}`;

/** A scope's type and id ('bid:abc' → ['bid', 'abc']). */
export function splitScope(scope: string): [string, string] {
	const i = scope.indexOf(':');
	return [scope.slice(0, i), scope.slice(i + 1)];
}
