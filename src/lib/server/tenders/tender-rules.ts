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
