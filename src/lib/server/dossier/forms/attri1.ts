/**
 * ATTRI1 — acte d'engagement, one per lot: the lot, the group, each co-contractor's prestations
 * and amount HT (from the split's per-lot amounts), the total HT, the VAT at the tender's rate,
 * the total TTC in figures and in words; bank accounts, advance and signatures left to the group,
 * part D to the buyer.
 */
import { formatEuros } from '../../../domain/money';
import { amountInWords } from '../../../domain/amount-in-words';
import { memberIdentity, groupIsJoint } from './dc1';
import { BLANK, box, bullets, doc, field, heading, para, table, text } from './pm';
import type { FormDocument, FormsInput, FormsLot } from './model';

/** VAT in cents, rounded half up as invoices do. */
export function vatCents(htCents: number, rateBp: number): number {
	return Math.round((htCents * rateBp) / 10_000);
}

function rateLabel(rateBp: number): string {
	return `${(rateBp / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`;
}

export function attri1Document(input: FormsInput, lot: FormsLot): FormDocument {
	const { tender, members } = input;
	const joint = groupIsJoint(input.form);
	const vat = vatCents(lot.totalCents, input.vatRateBp);
	const ttc = lot.totalCents + vat;
	const inLot = members.filter((m) => lot.shares.some((s) => s.organisationId === m.organisationId));

	const breakdown = table(
		['Désignation des membres du groupement', 'Prestations exécutées par les membres du groupement', 'Montant HT de la prestation'],
		[
			...inLot.map((member) => {
				const share = lot.shares.find((s) => s.organisationId === member.organisationId)!;
				return [member.name, share.prestations.length > 0 ? [bullets(share.prestations)] : BLANK, formatEuros(share.amountCents)];
			}),
			[[para(text('Total HT du lot', true))], '', [para(text(formatEuros(lot.totalCents), true))]]
		]
	);

	return {
		fileStem: `ATTRI1-Lot-${lot.number}`,
		title: 'ATTRI1 — Acte d’engagement',
		subtitle: `Lot n° ${lot.number} : ${lot.title}`,
		doc: doc(
			heading(1, 'A - Objet de l’acte d’engagement'),
			field('Acheteur', tender.buyer),
			field('Objet du marché public', tender.title),
			field('Référence de la consultation', tender.reference),
			para('Cet acte d’engagement correspond :'),
			box(true, `au lot n° ${lot.number} de la procédure : ${lot.title} ;`),
			box(true, 'à l’offre de base.'),
			heading(1, 'B - Engagement du titulaire ou du groupement titulaire'),
			heading(2, 'B1 - Identification et engagement du groupement titulaire'),
			para(
				'Après avoir pris connaissance des pièces constitutives du marché public, les membres du groupement désignés ci-dessous s’engagent, sur la base de leur offre, à exécuter les prestations demandées aux prix indiqués ci-dessous :'
			),
			table(
				['Membre du groupement'],
				inLot.map((m) => [memberIdentity(m).map((line, i) => para(i === 0 ? text(line, true) : line))])
			),
			table(
				['Prix', 'Montant'],
				[
					['Montant hors taxes', formatEuros(lot.totalCents)],
					[`TVA (taux de ${rateLabel(input.vatRateBp)})`, formatEuros(vat)],
					['Montant TTC', formatEuros(ttc)],
					['Montant TTC arrêté en lettres', amountInWords(ttc)]
				]
			),
			para(
				`L’offre ainsi présentée ne lie les membres du groupement que si son acceptation est notifiée dans un délai de ${
					input.offerValidityDays ? `${input.offerValidityDays} jours` : BLANK
				} à compter de la date limite de réception des offres.`
			),
			heading(2, 'B2 - Nature du groupement et répartition des prestations'),
			box(joint, 'Groupement conjoint'),
			box(!joint, 'Groupement solidaire'),
			breakdown,
			heading(2, 'B3 - Compte(s) à créditer'),
			para('(Joindre un relevé d’identité bancaire par compte.)'),
			table(
				['Membre', 'Établissement bancaire', 'IBAN'],
				inLot.map((m) => [m.name, BLANK, BLANK])
			),
			heading(2, 'B4 - Avance'),
			para('Le mandataire du groupement conjoint, ou chaque membre concerné :'),
			box(false, 'refuse de percevoir l’avance prévue dans les documents de la consultation ;'),
			box(false, 'ne refuse pas de percevoir l’avance.'),
			heading(2, 'B5 - Durée d’exécution du marché public'),
			field('La durée d’exécution du marché public est celle fixée par les documents de la consultation', null),
			heading(1, 'C - Signature du marché public par le groupement'),
			table(
				['Membre', 'Nom, prénom et qualité du signataire', 'Lieu et date de signature', 'Signature'],
				inLot.map((m) => [
					m.name,
					m.representative ? `${m.representative}${m.representativeTitle ? `, ${m.representativeTitle}` : ''}` : BLANK,
					BLANK,
					''
				])
			),
			heading(1, 'D - Identification et signature de l’acheteur'),
			field('Acheteur', tender.buyer),
			field('Nom, prénom, qualité du signataire', null),
			field('Lieu et date de signature', null)
		)
	};
}
