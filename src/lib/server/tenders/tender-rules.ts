/**
 * The tender's fixed vocabulary and pure rules, shared by its use cases, its forms and the price
 * lines: procedures, price forms, scopes of required pieces, the standard French set of pieces,
 * the largest amount, the award criteria (parse and check).
 */
import type { PriceForm, ProducedPiece, RequirementScope } from '../db/schema';

export const PROCEDURES: Record<string, string> = {
	mapa: 'Procédure adaptée (MAPA)',
	aoo: "Appel d'offres ouvert",
	aor: "Appel d'offres restreint",
	pcn: 'Procédure avec négociation',
	autre: 'Autre procédure'
};

export const PRICE_FORMS: Record<PriceForm, string> = {
	bpu_dqe: 'BPU / DQE',
	dpgf: 'DPGF',
	forfait: 'Prix global forfaitaire'
};

export const SCOPES: Record<RequirementScope, string> = {
	group: 'Une fois pour le groupement',
	member_lot: 'Par membre (et par lot si l’appel d’offres le demande)',
	lot: 'Par lot'
};

/**
 * The standard French set, prefilled on every new tender (editable). `produced`: Cotrait writes
 * that piece itself at submission (the price schedule only when the buyer's workbook is imported).
 */
export const STANDARD_REQUIREMENTS: Array<{ label: string; scope: RequirementScope; produced: ProducedPiece | null }> = [
	{ label: 'DC1 — lettre de candidature (ou DUME)', scope: 'group', produced: 'dc1' },
	{ label: 'Habilitation du mandataire par les membres', scope: 'group', produced: null },
	{ label: 'RIB de chaque membre', scope: 'group', produced: null },
	{ label: 'DC2 — déclaration du candidat (ou DUME)', scope: 'member_lot', produced: 'dc2' },
	{ label: 'Attestation d’assurance responsabilité civile professionnelle', scope: 'member_lot', produced: null },
	{ label: 'Acte d’engagement (ATTRI1)', scope: 'lot', produced: 'attri1' },
	{ label: 'Bordereau des prix (BPU/DQE ou DPGF)', scope: 'lot', produced: 'price_schedule' },
	{ label: 'Mémoire technique', scope: 'lot', produced: 'memoire' }
];

export const MAX_AMOUNT_CENTS = 100_000_000_000; // 10¹¹ cents = 1 milliard d'euros

export interface Criterion {
	label: string;
	weightPct: number;
}

export interface TenderInput {
	buyer: string;
	reference: string;
	title: string;
	procedure: string;
	platformUrl: string;
	estimateCents: number | null;
	questionsDeadline: number | null;
	dlro: number;
	// Optional so that seeds and tests written before them still build a tender: absent means
	// unknown (dates, validity), 20 % (VAT) and once per member (DC2).
	/** Last date the buyer answers questions. */
	answersDeadline?: number | null;
	/** Publication of the call for competition (AAPC). */
	aapcAt?: number | null;
	offerValidityDays?: number | null;
	vatRateBp?: number;
	/** DC2 and insurance asked per member and per lot (true) or once per member (false). */
	dc2PerLot?: boolean;
}

/** How the DC2 and insurance certificate are asked (form values of the tender form). */
export const DC2_SCOPES: Record<'member' | 'member_lot', string> = {
	member: 'Par membre',
	member_lot: 'Par membre et par lot'
};

/** The planning dates of a tender, in the order they fall (AAPC ≤ questions ≤ answers ≤ DLRO). */
export const TENDER_DATES = [
	{ key: 'aapcAt', label: "Publication de l'avis (AAPC)", short: 'AAPC' },
	{ key: 'questionsDeadline', label: 'Date limite des questions', short: 'Questions' },
	{ key: 'answersDeadline', label: 'Date limite des réponses aux questions', short: 'Réponses' },
	{ key: 'dlro', label: 'Date limite de remise des offres', short: 'DLRO' }
] as const;

export type TenderDateKey = (typeof TENDER_DATES)[number]['key'];

/**
 * Where the planning dates break their order: for each date earlier than one before it, the
 * field and a French message naming the date it must follow. Missing dates are skipped.
 */
export function checkDateOrder(dates: Partial<Record<TenderDateKey, number | null>>): Partial<Record<TenderDateKey, string>> {
	const errors: Partial<Record<TenderDateKey, string>> = {};
	let latest: { label: string; at: number } | null = null;
	for (const d of TENDER_DATES) {
		const at = dates[d.key];
		if (at === null || at === undefined) continue;
		if (latest && at < latest.at) errors[d.key] = `${d.label} : elle doit suivre la ${lowerFirst(latest.label)}.`;
		else latest = { label: d.label, at };
	}
	return errors;
}

function lowerFirst(s: string): string {
	return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The first planning date still ahead of `now` (the DLRO once the others have passed), or null when even the DLRO has passed. */
export function nextTenderDate(
	dates: Partial<Record<TenderDateKey, number | null>>,
	now: number
): { key: TenderDateKey; label: string; short: string; at: number } | null {
	for (const d of TENDER_DATES) {
		const at = dates[d.key];
		if (d.key !== 'aapcAt' && at !== null && at !== undefined && at > now) return { key: d.key, label: d.label, short: d.short, at };
	}
	return null;
}

export interface LotInput {
	number: number;
	title: string;
	estimateCents: number | null;
	priceForm: PriceForm;
	pageLimit: number | null;
	criteria: Criterion[];
}

export function checkCriteria(criteria: Criterion[]): string | null {
	if (criteria.length === 0) return "Critères d'attribution : indiquez au moins un critère (ex. Prix 40 %, Valeur technique 60 %).";
	const total = criteria.reduce((s, c) => s + c.weightPct, 0);
	if (total !== 100) return `Critères d'attribution : les pondérations doivent totaliser 100 % (total actuel : ${total} %).`;
	return null;
}

export function parseCriteria(json: string): Criterion[] {
	try {
		const v = JSON.parse(json) as Criterion[];
		return Array.isArray(v) ? v : [];
	} catch {
		return [];
	}
}
