/**
 * DC1 — lettre de candidature et habilitation du mandataire par ses co-traitants, written from the
 * bid: the parts A to H of the official form, in its order and wording, filled where Cotrait knows
 * (buyer, object, lots, the group's form, each member's identification and prestations, the
 * mandataire) and left blank where the group must still decide (the mandate's extent, signatures).
 */
import { formatEuros } from '../../../domain/money';
import { BLANK, box, doc, field, heading, para, table, text, bullets } from './pm';
import type { FormDocument, FormsInput, FormsMember } from './model';

/** Identification lines of a member, as part E and the ATTRI1 list them. */
export function memberIdentity(member: FormsMember): string[] {
	return [
		member.name + (member.isMandataire ? ' (mandataire)' : ''),
		`SIRET : ${member.siret || BLANK}`,
		`Adresse : ${member.address?.trim() || BLANK}`,
		`Courriel : ${member.email?.trim() || BLANK}`,
		`Téléphone : ${member.phone?.trim() || BLANK}`
	];
}

export function groupIsJoint(form: FormsInput['form']): boolean {
	return form === 'conjoint' || form === 'conjoint_solidaire';
}

export function dc1Document(input: FormsInput): FormDocument {
	const { tender, members, lots } = input;
	const grouped = input.form !== 'unique' && members.length > 1;
	const joint = groupIsJoint(input.form);
	const mandataire = members.find((m) => m.isMandataire) ?? members[0];
	const allLots = tender.lotCount > 1 && lots.length === tender.lotCount;
	const lotList = lots.map((l) => `n° ${l.number} (${l.title})`).join(', ');

	const partE = table(
		['Membre du groupement (dénomination, SIRET, adresse, courriel, téléphone)', 'Prestations exécutées par le membre'],
		members.map((member) => [
			memberIdentity(member).map((line, i) => para(i === 0 ? text(line, true) : line)),
			lots.flatMap((lot) => {
				const share = lot.shares.find((s) => s.organisationId === member.organisationId);
				if (!share || share.prestations.length === 0) return [];
				return [para(text(`Lot n° ${lot.number} :`, true)), bullets(share.prestations)];
			})
		])
	);

	const signatures = table(
		['Membre', 'Nom, prénom et qualité du signataire', 'Lieu et date de signature', 'Signature'],
		members.map((m) => [
			m.name,
			m.representative ? `${m.representative}${m.representativeTitle ? `, ${m.representativeTitle}` : ''}` : BLANK,
			BLANK,
			''
		])
	);

	return {
		fileStem: 'DC1',
		title: 'DC1 — Lettre de candidature',
		subtitle: 'Habilitation du mandataire par ses co-traitants',
		doc: doc(
			heading(1, 'A - Identification de l’acheteur'),
			para(tender.buyer),
			heading(1, 'B - Objet de la consultation'),
			para(tender.title),
			field('Référence de la consultation', tender.reference),
			field('Procédure', tender.procedure),
			heading(1, 'C - Objet de la candidature'),
			para('La candidature est présentée :'),
			box(tender.lotCount <= 1, 'pour le marché public (procédure non allotie) ;'),
			box(tender.lotCount > 1 && !allLots, `pour le(s) lot(s) ${tender.lotCount > 1 && !allLots ? lotList : BLANK} de la procédure ;`),
			box(allLots, `pour tous les lots de la procédure${allLots ? ` (${lotList})` : ''}.`),
			heading(1, 'D - Présentation du candidat'),
			box(!grouped, 'Le candidat se présente seul.'),
			box(grouped, 'Le candidat est un groupement d’entreprises :'),
			box(grouped && joint, 'conjoint'),
			box(grouped && !joint, 'solidaire'),
			para('En cas de groupement conjoint, le mandataire du groupement est solidaire :'),
			box(input.form === 'conjoint_solidaire', 'Oui'),
			box(input.form === 'conjoint', 'Non'),
			heading(1, 'E - Identification des membres du groupement et répartition des prestations'),
			partE,
			para(
				`Montants HT par lot : ${lots
					.map((lot) => `lot n° ${lot.number} : ${formatEuros(lot.totalCents)}`)
					.join(' ; ')} (répartition par membre dans l’acte d’engagement ATTRI1 de chaque lot).`
			),
			heading(1, 'F - Engagements du candidat individuel ou de chaque membre du groupement'),
			heading(2, 'F1 - Attestations sur l’honneur'),
			para('Le candidat individuel, ou chaque membre du groupement, déclare sur l’honneur :'),
			bullets([
				'n’entrer dans aucun des cas d’exclusion prévus aux articles L. 2141-1 à L. 2141-5 et L. 2141-7 à L. 2141-10 du code de la commande publique ;',
				'être en règle au regard des articles L. 5212-1 à L. 5212-11 du code du travail concernant l’emploi des travailleurs handicapés ;',
				'que les renseignements fournis dans le cadre de la présente candidature sont exacts.'
			]),
			heading(2, 'F2 - Capacités'),
			para(
				'Chaque membre du groupement présente ses capacités économiques, financières, techniques et professionnelles dans le formulaire DC2 joint.'
			),
			heading(2, 'F3 - Documents de preuve disponibles en ligne'),
			field('Adresse internet et renseignements nécessaires pour y accéder', null),
			heading(1, 'G - Désignation du mandataire (en cas de groupement)'),
			para(
				'Les membres du groupement d’opérateurs économiques désignent le mandataire suivant (article R. 2142-23 du code de la commande publique) : ',
				text(mandataire ? mandataire.name : BLANK, true)
			),
			para('Les co-traitants donnent mandat au mandataire, qui l’accepte, pour :'),
			box(false, 'signer, en leur nom et pour leur compte, l’offre du groupement ;'),
			box(false, 'signer, en leur nom et pour leur compte, les modifications ultérieures du marché public ;'),
			box(false, 'les représenter vis-à-vis de l’acheteur et coordonner les prestations des membres du groupement ;'),
			box(false, 'autres (préciser) : ' + BLANK),
			heading(1, 'H - Signature du candidat individuel ou de chaque membre du groupement'),
			signatures
		)
	};
}
