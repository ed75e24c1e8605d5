/**
 * French wording shared by the DOCX and PDF exports, so both say exactly the same thing.
 */
import { formatEuros } from '$lib/domain/money';
import { cleanLine } from './content';
import type { AnnexPerson, ExportLot, ExportTender, GroupMember } from './model';

/** No-break space, used before « : » and after « n° » as French typography wants. */
const NBSP = '\u00A0';

export const DRAFT_MARK = 'BROUILLON';
export const DRAFT_NOTICE = `${DRAFT_MARK} — document de travail, ne pas déposer`;

export const MEMOIRE_TITLE = 'Mémoire technique';
export const ANNEX_TITLE = 'Annexe — Répartition des prestations';
export const TOC_TITLE = 'Sommaire';
export const TOC_FIELD_PLACEHOLDER = '(le mémoire n’a pas encore de section)';
export const EMPTY_SECTION = '(Section sans contenu.)';

export function lotLabel(lot: ExportLot | null): string {
	return lot ? `Lot n°${NBSP}${lot.number}${NBSP}: ${cleanLine(lot.title)}` : 'Mémoire commun à tous les lots';
}

export function shortLotLabel(lot: ExportLot | null): string {
	return lot ? `Lot n°${NBSP}${lot.number}` : 'Tous les lots';
}

export function labelled(label: string, value: string): string {
	return `${label}${NBSP}: ${cleanLine(value)}`;
}

export function tenderLines(tender: ExportTender): { buyer: string; title: string; reference: string; dlro: string } {
	return {
		buyer: cleanLine(tender.buyer),
		title: cleanLine(tender.title),
		reference: labelled('Référence de la consultation', tender.reference),
		dlro: labelled('Date limite de remise des offres', tender.dlroLabel)
	};
}

export function generatedLine(generatedAtLabel: string): string {
	return `Document généré le ${cleanLine(generatedAtLabel)}`;
}

/** Running header/footer text: « Réf. X — Lot n° 1 ». */
export function runningLabel(tender: ExportTender, lot: ExportLot | null | undefined): string {
	const ref = `Réf.${NBSP}${cleanLine(tender.reference)}`;
	return lot === undefined ? ref : `${ref} — ${shortLotLabel(lot)}`;
}

export function roleLabel(member: GroupMember): string {
	return member.isMandataire ? 'Mandataire' : 'Cotraitant';
}

export function peopleLabel(member: GroupMember): string {
	const people = (Array.isArray(member.people) ? member.people : []).map(cleanLine).filter((p) => p !== '');
	return people.length > 0 ? people.join(', ') : '—';
}

export const MEMBER_TABLE_HEADERS = ['Membre du groupement', 'Intervenants', 'Rôle'] as const;
export const MEMBER_DETAILED_HEADERS = ['Membre du groupement', 'SIRET', 'Contact', 'Intervenants', 'Rôle'] as const;

// ---------------------------------------------------------------- annex

export const ANNEX_LOTS_TITLE = 'Répartition des prestations entre les membres du groupement';
export const ANNEX_LOTS_INTRO =
	'Pour chaque lot, les prestations exécutées par chaque membre du groupement et leur montant hors taxes (répartition des prestations du DC1).';
export const ANNEX_PEOPLE_TITLE = 'Répartition entre les personnes';
export const ANNEX_PEOPLE_INTRO =
	'Part de chaque entrepreneur : montant brut de ses prestations, frais de coordination (payés ou reçus), base, contribution coopérative de sa structure et net. Montants hors taxes.';
export const ANNEX_LINE_HEADERS = ['Membre', 'Code', 'Prestation', 'Montant HT'] as const;
export const ANNEX_PEOPLE_HEADERS = [
	'Personne',
	'Structure',
	'Brut HT',
	'Frais de coordination',
	'Base',
	'Contribution coopérative',
	'Net'
] as const;

export function annexLotTitle(lot: { number: number; title: string }): string {
	return lotLabel({ number: lot.number, title: lot.title });
}

export function memberSubtotalLabel(organisationName: string): string {
	return `Total ${cleanLine(organisationName)}`;
}

export function lotTotalLabel(lotNumber: number): string {
	return `Total du lot n°${NBSP}${lotNumber}`;
}

export function offerTotalLine(offerCents: number): string {
	return labelled("Montant total de l'offre HT", formatEuros(offerCents));
}

/** The coordination fee of a person as one signed amount: received − paid (« +902,63 € », « -277,68 € »). */
export function feeLabel(person: AnnexPerson): string {
	const delta = person.feeReceivedCents - person.feePaidCents;
	return delta > 0 ? `+${formatEuros(delta)}` : formatEuros(delta);
}

export function sumFees(people: readonly AnnexPerson[]): number {
	return people.reduce((sum, p) => sum + p.feeReceivedCents - p.feePaidCents, 0);
}

export const TOTAL = 'Total';

// ---------------------------------------------------------------- forms

/** Running label of a form: « Réf. X — Lot n° 2 : Site et contenus ». */
export function formRunningLabel(reference: string, subtitle: string): string {
	return `Réf.${NBSP}${cleanLine(reference)} — ${cleanLine(subtitle)}`;
}

export function formMadeWithLine(generatedAtLabel: string): string {
	return `Document établi avec Cotrait le ${cleanLine(generatedAtLabel)}`;
}

// ---------------------------------------------------------------- metadata

/** Written in the metadata when the caller gives no `generatedAt`. */
export const FIXED_EXPORT_DATE = new Date('2000-01-01T00:00:00Z');

/** The metadata date of an export: `generatedAt` when valid, else {@link FIXED_EXPORT_DATE}. */
export function exportDate(value: Date | undefined): Date {
	return value instanceof Date && !Number.isNaN(value.getTime()) ? value : FIXED_EXPORT_DATE;
}
