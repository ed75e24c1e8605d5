/**
 * DC2 — déclaration du candidat individuel ou du membre du groupement, one per member (and per
 * lot when the consultation asks for it): identification from the organisation's profile,
 * turnover of the last three years, staff, references; blanks where the profile is silent, so the
 * member sees what it must still fill in.
 */
import { formatEuros } from '../../../domain/money';
import { safeFileName } from '../package';
import { BLANK, box, doc, field, heading, para, table } from './pm';
import type { FormDocument, FormsInput, FormsLot, FormsMember } from './model';

export function dc2Document(input: FormsInput, member: FormsMember, lot: FormsLot | null): FormDocument {
	const { tender } = input;
	const stem = safeFileName(`DC2-${member.name}${lot ? `-Lot-${lot.number}` : ''}`, 50);
	return {
		fileStem: stem,
		title: 'DC2 — Déclaration du membre du groupement',
		subtitle: `${member.name}${lot ? ` — lot n° ${lot.number} : ${lot.title}` : ''}`,
		doc: doc(
			heading(1, 'A - Identification de l’acheteur'),
			para(tender.buyer),
			heading(1, 'B - Objet de la consultation'),
			para(tender.title),
			field('Référence de la consultation', tender.reference),
			...(lot ? [field('Lot', `n° ${lot.number} : ${lot.title}`)] : []),
			heading(1, 'C - Identification du membre du groupement'),
			field('Nom commercial et dénomination sociale', member.name),
			field('Numéro SIRET', member.siret),
			field('Forme juridique', member.legalForm),
			field('Adresse de l’établissement et du siège social', member.address),
			field('Adresse électronique', member.email),
			field('Téléphone', member.phone),
			field(
				'Personne ayant le pouvoir d’engager la société',
				member.representative ? `${member.representative}${member.representativeTitle ? `, ${member.representativeTitle}` : ''}` : null
			),
			heading(1, 'D - Situation juridique'),
			para('Le membre du groupement est-il en redressement judiciaire ?'),
			box(false, 'Oui (joindre la copie du ou des jugements prononcés)'),
			box(false, 'Non'),
			heading(1, 'E - Capacité économique et financière'),
			table(
				['Exercice', 'Chiffre d’affaires global HT', 'Part du chiffre d’affaires concernant les prestations objet du marché'],
				member.turnover.map((t) => [String(t.year), t.cents === null ? BLANK : formatEuros(t.cents), BLANK])
			),
			heading(1, 'F - Capacités professionnelles et techniques'),
			field('Effectifs moyens annuels', member.staff === null ? null : String(member.staff)),
			field('Références de prestations comparables', member.references),
			heading(1, 'G - Capacités des opérateurs économiques sur lesquels le membre s’appuie'),
			para(`Sans objet, sauf mention contraire : ${BLANK}`)
		)
	};
}
