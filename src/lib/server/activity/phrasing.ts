/**
 * The pieces the activity sentences are made of (describe.ts): the names an entry mentions
 * (`activityRefs`, `ActivityNames`), the French labels of stored values, and small formatters
 * (money, days, moments, « avant → après » changes). Pure.
 */
import { countOf } from '../../format/plural';
import { formatEuros, formatRate } from '../../domain/money';
import { formatParisShort } from '../../domain/dates';
import type { ActivityRefs, NamedRow } from './activity-names.repository';

/** A stored entry, as the activity page reads it. */
export interface ActivityRow {
	entity: string;
	entityId: string;
	action: string;
	before: string | null;
	after: string | null;
}

/** What the page shows: whether the sentence follows the actor's name, the sentence, and the changes one per line. */
export interface ActivityText {
	withActor: boolean;
	text: string;
	details: string[];
}

export type Payload = Record<string, unknown>;

export const REMOVED = '(supprimé)';

export const BID_FORMS: Record<string, string> = {
	unique: 'candidature unique',
	conjoint: 'groupement conjoint',
	conjoint_solidaire: 'groupement conjoint avec mandataire solidaire',
	solidaire: 'groupement solidaire'
};
export const BID_ROLES: Record<string, string> = { coordinator: 'coordination', member: 'membre', observer: 'observation' };
export const ORG_ROLES: Record<string, string> = {
	entrepreneur: 'entrepreneur·e',
	support: "chargé·e d'accompagnement",
	admin: 'administrateur·rice'
};
export const ORG_KINDS: Record<string, string> = { cae: 'CAE', scop: 'SCOP', sas: 'SAS', micro: 'micro-entreprise', other: 'autre' };
export const ITEM_STATUSES: Record<string, string> = { todo: 'à fournir', provided: 'fournie', na: 'sans objet' };
export const LINE_STATUSES: Record<string, string> = {
	todo: 'à faire',
	in_progress: 'en cours',
	delivered: 'livrée',
	invoiced: 'facturée'
};
export const LIMITS: Record<string, string> = { none: 'aucune', pages: 'pages', characters: 'caractères' };
export const REVIEW: Record<string, string> = {
	review_requestReview: 'a demandé la relecture de la section',
	review_validate: 'a validé la section',
	review_requestChanges: 'a demandé des modifications sur la section',
	review_reopen: 'a rouvert la section'
};

export const calendarDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
export const quantities = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });

export function parse(json: string | null): Payload {
	if (!json) return {};
	try {
		const v = JSON.parse(json) as unknown;
		if (Array.isArray(v)) return { list: v };
		return v && typeof v === 'object' ? (v as Payload) : {};
	} catch {
		return {};
	}
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
export const quoted = (s: string) => `« ${s} »`;

/** The ids of people in a payload (section authors, line assignees). */
export function peopleOf(v: unknown): string[] {
	if (!Array.isArray(v)) return [];
	return v.flatMap((x) =>
		typeof x === 'string'
			? [x]
			: x && typeof x === 'object' && typeof (x as Payload).userId === 'string'
				? [(x as Payload).userId as string]
				: []
	);
}

/** Gathers the ids the entries' sentences will name. */
export function activityRefs(rows: ActivityRow[]): ActivityRefs {
	const refs: ActivityRefs = {
		users: new Set(),
		sections: new Set(),
		deliverables: new Set(),
		items: new Set(),
		lots: new Set(),
		organisations: new Set(),
		files: new Set()
	};
	for (const r of rows) {
		const before = parse(r.before);
		const after = parse(r.after);
		const both = [before, after];
		switch (r.entity) {
			case 'section':
				if (r.action !== 'reordered') refs.sections.add(r.entityId);
				for (const p of both) {
					for (const u of peopleOf(p.authors ?? p.authorIds)) refs.users.add(u);
					if (str(p.reviewerId)) refs.users.add(p.reviewerId as string);
					if (str(p.lotId)) refs.lots.add(p.lotId as string);
				}
				break;
			case 'deliverable':
				refs.deliverables.add(r.entityId);
				for (const p of both) {
					for (const u of peopleOf(p.assignees)) refs.users.add(u);
					if (str(p.lotId)) refs.lots.add(p.lotId as string);
				}
				break;
			case 'requirement_item':
				refs.items.add(r.entityId);
				for (const p of both) {
					if (str(p.ownerId)) refs.users.add(p.ownerId as string);
					if (str(p.fileId)) refs.files.add(p.fileId as string);
				}
				break;
			case 'bid_member':
			case 'membership':
				refs.users.add(r.entityId);
				break;
			case 'payment':
				for (const p of both) {
					if (str(p.lotId)) refs.lots.add(p.lotId as string);
					if (str(p.organisationId)) refs.organisations.add(p.organisationId as string);
				}
				break;
			case 'split':
				for (const u of ids(before.accepted)) refs.users.add(u);
				break;
			case 'follow_request':
			case 'help_request':
				for (const u of [after.userId, after.askedBy]) if (str(u)) refs.users.add(u as string);
				break;
			case 'bid':
				if (str(after.receipt)) refs.files.add(after.receipt as string);
				break;
		}
	}
	return refs;
}

/** Names by kind and id, from the rows of readActivityNames. */
export class ActivityNames {
	private readonly byKey = new Map<string, NamedRow>();
	constructor(rows: NamedRow[]) {
		for (const r of rows) this.byKey.set(`${r.kind}:${r.id}`, r);
	}
	row(kind: NamedRow['kind'], id: string): NamedRow | undefined {
		return this.byKey.get(`${kind}:${id}`);
	}
	person(id: unknown): string {
		return typeof id === 'string' ? (this.row('users', id)?.a ?? REMOVED) : '—';
	}
	people(list: unknown): string {
		const names = peopleOf(list).map((u) => this.person(u));
		return names.length ? names.join(', ') : 'personne';
	}
	lot(id: unknown): string {
		const l = typeof id === 'string' ? this.row('lots', id) : undefined;
		return l ? `lot ${l.n}` : typeof id === 'string' ? `lot ${REMOVED}` : 'tous les lots';
	}
}

export function change(label: string, before: string, after: string): string | null {
	return before === after ? null : `${label} : ${before} → ${after}`;
}

export const moment = (v: unknown) => (num(v) === null ? 'aucune' : formatParisShort(v as number));
export const day = (v: unknown) => (num(v) === null ? '—' : calendarDay.format(v as number));
export const euros = (v: unknown) => (num(v) === null ? '—' : formatEuros(v as number));
export const lotsList = (v: unknown) => {
	const list = Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
	return list.length === 1 ? `lot ${list[0]}` : `lots ${list.join(', ')}`;
};

/** The section's title: from what the entry logged, else the section itself, else « (supprimé) ». */
export function sectionTitle(r: ActivityRow, p: Payload, names: ActivityNames): string {
	const logged = str(p.title);
	if (logged) return quoted(logged);
	const row = names.row('sections', r.entityId);
	return row?.a ? quoted(row.a) : REMOVED;
}

/** A price line as people call it: its code (« L2-3 ») or its label, and its lot. */
export function lineName(r: ActivityRow, p: Payload, names: ActivityNames): string {
	const row = names.row('deliverables', r.entityId);
	if (row) return `${row.b ? row.b : quoted(row.a ?? '')} (lot ${row.n})`;
	const label = str(p.label);
	return label ? `${quoted(label)} ${REMOVED}` : REMOVED;
}

/** « à partir de la réponse à « Titre » (Acheteur) » and what was copied, for a bid started from a past one. */
export function fromPast(v: unknown): { text: string; copied: string | null } | null {
	if (!v || typeof v !== 'object') return null;
	const f = v as Payload;
	const buyer = str(f.buyer);
	const text = ` à partir de la réponse à ${quoted(str(f.tender) ?? REMOVED)}${buyer ? ` (${buyer})` : ''}`;
	const parts = [
		num(f.sections) ? `plan (${countOf(num(f.sections)!, { one: 'section', other: 'sections' })})` : null,
		num(f.contents) ? `contenu de ${countOf(num(f.contents)!, { one: 'section', other: 'sections' })}` : null,
		num(f.pieces) ? countOf(num(f.pieces)!, { one: 'pièce', other: 'pièces' }) : null,
		num(f.lines) ? `${countOf(num(f.lines)!, { one: 'ligne de prix', other: 'lignes de prix' })} à revérifier` : null
	].filter((p): p is string => p !== null);
	return { text, copied: parts.length ? `Copié : ${parts.join(', ')}` : null };
}

export function sentence(withActor: boolean, text: string, details: Array<string | null> = []): ActivityText {
	return { withActor, text, details: details.filter((d): d is string => d !== null) };
}

export type Describe = (r: ActivityRow, before: Payload, after: Payload, names: ActivityNames) => ActivityText;

export const TENDER_FIELDS: Array<[string, string, (v: unknown) => string]> = [
	['title', 'Intitulé', (v) => str(v) ?? '—'],
	['buyer', 'Acheteur', (v) => str(v) ?? '—'],
	['reference', 'Référence', (v) => str(v) ?? '—'],
	['aapcAt', "Publication de l'avis", moment],
	['questionsDeadline', 'Date limite des questions', moment],
	['answersDeadline', 'Date limite des réponses aux questions', moment],
	['dlro', 'Date limite de remise des offres', moment],
	['offerValidityDays', "Validité de l'offre", (v) => (num(v) === null ? '—' : `${v} jours`)],
	['vatRateBp', 'Taux de TVA', (v) => (num(v) === null ? '—' : formatRate(v as number))],
	['dc2PerLot', 'DC2 et assurance', (v) => (v ? 'par membre et par lot' : 'par membre')],
	['platformUrl', 'Plateforme', (v) => str(v) ?? '—']
];
