/**
 * The buyer-facing répartition of a lot: each legal member of the group, the prestations it
 * performs and its amount HT — what DC1 part E and the ATTRI1 carry, as one page the buyer can
 * read. Never a person, a net, a cooperative's contribution or a coordination fee: those stay in
 * the group's internal split (exports/…/annex.ts, downloaded from the répartition page only).
 */
import { formatEuros } from '../../../domain/money';
import { bullets, doc, field, heading, para, table, text } from './pm';
import type { FormDocument, FormsInput, FormsLot } from './model';

export function breakdownDocument(input: FormsInput, lot: FormsLot): FormDocument {
	const inLot = input.members.filter((m) => lot.shares.some((s) => s.organisationId === m.organisationId));
	return {
		fileStem: `Repartition-prestations-Lot-${lot.number}`,
		title: 'Répartition des prestations entre les membres du groupement',
		subtitle: `Lot n° ${lot.number} : ${lot.title}`,
		doc: doc(
			field('Acheteur', input.tender.buyer),
			field('Objet de la consultation', input.tender.title),
			field('Référence', input.tender.reference),
			heading(1, `Lot n° ${lot.number} : ${lot.title}`),
			table(
				['Membre du groupement', 'Prestations exécutées', 'Montant HT'],
				[
					...inLot.map((member) => {
						const share = lot.shares.find((s) => s.organisationId === member.organisationId)!;
						return [
							[para(text(member.name, true)), para(`SIRET : ${member.siret}`)],
							share.prestations.length > 0 ? [bullets(share.prestations)] : '',
							formatEuros(share.amountCents)
						];
					}),
					[[para(text('Total HT du lot', true))], '', [para(text(formatEuros(lot.totalCents), true))]]
				]
			)
		)
	};
}
