/**
 * The activity log in French: one sentence per stored entry (entity + action + JSON payload),
 * written for a person, with names instead of ids, money and dates formatted, and the changed
 * values listed as « Prix unitaire : 1 150,00 € → 1 200,00 € ». Pure: the ids an entry mentions
 * are gathered first (`activityRefs`), read in one query (activity-names.repository.ts), then
 * each entry is described with those names; a record since removed reads « (supprimé) ».
 * Entries written before a use case logged what its sentence needs fall back to a plainer one.
 * Every kind the code logs has a sentence here (held by tests/unit/notifications/activity-describe.test.ts).
 */
import {
	ActivityNames,
	BID_FORMS,
	BID_ROLES,
	ITEM_STATUSES,
	LIMITS,
	LINE_STATUSES,
	ORG_KINDS,
	ORG_ROLES,
	REMOVED,
	REVIEW,
	TENDER_FIELDS,
	change,
	day,
	euros,
	fromPast,
	ids,
	lineName,
	lotsList,
	moment,
	num,
	parse,
	peopleOf,
	quantities,
	quoted,
	sectionTitle,
	sentence,
	str
} from './phrasing';
import type { ActivityRow, ActivityText, Describe, Payload } from './phrasing';
import { countOf } from '../../format/plural';
import { formatRate } from '../../domain/money';
import { formatParisShort } from '../../domain/dates';
import { ACCOMPANIMENT_DESCRIBE } from './accompaniment-phrasing';

export { ActivityNames, activityRefs, REMOVED, type ActivityRow, type ActivityText } from './phrasing';

/** Every kind the code logs, `entity.action`, with its sentence. */
export const DESCRIBE: Record<string, Describe> = {
	...ACCOMPANIMENT_DESCRIBE,
	'bid.created': (_r, _b, a) => {
		const from = fromPast(a.from);
		return sentence(true, `a créé la réponse${Array.isArray(a.lots) ? ` (${lotsList(a.lots)})` : ''}${from?.text ?? ''}`, [
			from?.copied ?? null
		]);
	},
	'bid.lots_changed': (_r, _b, a) => sentence(true, `a changé les lots de la réponse : ${lotsList(a.lots)}`),
	'bid.form_changed': (_r, b, a) =>
		sentence(true, 'a changé la forme du groupement', [
			change('Forme', BID_FORMS[String(b.form)] ?? '—', BID_FORMS[String(a.form)] ?? '—')
		]),
	'bid.logo_changed': (_r, _b, a) =>
		sentence(true, 'a mis le logo du groupement', [str(a.name) ? `Fichier : ${quoted(a.name as string)}` : null]),
	'bid.logo_removed': () => sentence(true, 'a retiré le logo du groupement'),
	'bid.freeze_changed': (_r, b, a) => sentence(true, 'a déplacé le gel interne', [change('Gel interne', moment(b.at), moment(a.at))]),
	'bid.observers_suggest_changed': (_r, _b, a) =>
		sentence(
			true,
			a.allowed
				? 'a permis aux observateurs de suggérer des modifications'
				: 'a retiré aux observateurs le droit de suggérer des modifications'
		),
	'bid.fee_changed': (_r, b, a) =>
		sentence(true, 'a changé les frais de coordination', [
			change(
				'Frais de coordination',
				num(b.feeRateBp) === null ? '—' : formatRate(b.feeRateBp as number),
				num(a.feeRateBp) === null ? '—' : formatRate(a.feeRateBp as number)
			)
		]),
	'bid.submitted': (_r, _b, a) => {
		const files = Array.isArray(a.files) ? (a.files as Payload[]).map((f) => str(f.name)).filter((n): n is string => n !== null) : [];
		return sentence(
			true,
			`a approuvé et déposé la réponse${files.length ? ` (${files.length} fichier${files.length > 1 ? 's' : ''})` : ''}`,
			files
		);
	},
	'bid.deposit_recorded': (_r, _b, a, names) => {
		const receipt = str(a.receipt) ? (names.row('files', a.receipt as string)?.a ?? REMOVED) : null;
		return sentence(true, `a enregistré le dépôt sur la plateforme${num(a.at) === null ? '' : ` du ${formatParisShort(a.at as number)}`}`, [
			receipt ? `Accusé de réception : ${receipt}` : null
		]);
	},
	'bid.decided': (_r, _b, a) =>
		sentence(
			true,
			a.status === 'won'
				? "a enregistré la décision de l'acheteur : marché attribué"
				: "a enregistré la décision de l'acheteur : offre non retenue"
		),
	'bid_invitation.created': (_r, _b, a) =>
		sentence(true, `a invité ${str(a.email) ?? 'une personne'}${BID_ROLES[String(a.role)] ? ` (${BID_ROLES[String(a.role)]})` : ''}`),
	'bid_member.joined': (_r, _b, a) =>
		sentence(true, `a rejoint le groupement${BID_ROLES[String(a.role)] ? ` (${BID_ROLES[String(a.role)]})` : ''}`),
	'bid_member.declined': () => sentence(true, "a décliné l'invitation"),
	'bid_member.removed': (r, _b, _a, names) => sentence(true, `a retiré ${names.person(r.entityId)} du groupement`),
	'bid_member.left': () => sentence(true, 'a quitté le groupement'),
	'section.created': (r, _b, a, names) =>
		sentence(true, `a ajouté la section ${sectionTitle(r, a, names)}${str(a.lotId) ? ` (${names.lot(a.lotId)})` : ''}`, [
			peopleOf(a.authorIds).length ? `Rédaction : ${names.people(a.authorIds)}` : null,
			str(a.reviewerId) ? `Relecture : ${names.person(a.reviewerId)}` : null
		]),
	'section.updated': (r, b, a, names) =>
		sentence(true, `a modifié la section ${sectionTitle(r, a, names)}`, [
			change('Titre', str(b.title) ?? '—', str(a.title) ?? '—'),
			change('Rédaction', names.people(b.authors), names.people(a.authors)),
			change(
				'Relecture',
				str(b.reviewerId) ? names.person(b.reviewerId) : 'personne',
				str(a.reviewerId) ? names.person(a.reviewerId) : 'personne'
			),
			change(
				'Limite',
				b.limitKind === 'none' ? 'aucune' : `${b.limitValue ?? '—'} ${LIMITS[String(b.limitKind)] ?? ''}`.trim(),
				a.limitKind === 'none' ? 'aucune' : `${a.limitValue ?? '—'} ${LIMITS[String(a.limitKind)] ?? ''}`.trim()
			)
		]),
	'section.version_restored': (r, _b, a, names) =>
		sentence(
			true,
			`a restauré la version ${str(a.version) ? quoted(a.version as string) : ''} de la section ${sectionTitle(r, a, names)}`.replace(
				'  ',
				' '
			)
		),
	'section.deleted': (r, b, _a, names) =>
		sentence(true, `a supprimé la section ${str(b.title) ? quoted(b.title as string) : sectionTitle(r, b, names)}`),
	'section.reordered': () => sentence(true, 'a réordonné le plan du mémoire'),
	// Comment threads anchored in the text (issue 15): the quote names the place.
	'section.thread_opened': (r, _b, a, names) =>
		sentence(true, `a commenté ${str(a.quote) ? quoted(a.quote as string) : 'un passage'} dans la section ${sectionTitle(r, a, names)}`),
	'section.thread_resolved': (r, _b, a, names) =>
		sentence(
			true,
			`a résolu le commentaire sur ${str(a.quote) ? quoted(a.quote as string) : 'un passage'} dans la section ${sectionTitle(r, a, names)}`
		),
	'section.thread_reopened': (r, _b, a, names) =>
		sentence(
			true,
			`a rouvert le commentaire sur ${str(a.quote) ? quoted(a.quote as string) : 'un passage'} dans la section ${sectionTitle(r, a, names)}`
		),
	...Object.fromEntries(
		Object.entries(REVIEW).map(([action, verb]): [string, Describe] => [
			`section.${action}`,
			(r, b, a, names) =>
				sentence(true, `${verb} ${sectionTitle(r, { title: b.title ?? a.title }, names)}`, [
					str(a.comment) ? `Commentaire : ${a.comment as string}` : null,
					num(a.places) ? `Passages commentés dans le texte : ${a.places as number}` : null
				])
		])
	),
	'deliverable.created': (r, _b, a, names) =>
		sentence(true, `a ajouté la prestation ${lineName(r, a, names)}`, [
			num(a.quantityMilli) === null ? null : `Quantité : ${quantities.format((a.quantityMilli as number) / 1000)}`,
			num(a.unitPriceCents) === null ? null : `Prix unitaire : ${euros(a.unitPriceCents)}`,
			peopleOf(a.assignees).length ? `Réalisée par : ${names.people(a.assignees)}` : null
		]),
	'deliverable.updated': (r, b, a, names) =>
		sentence(true, `a modifié la prestation ${lineName(r, a, names)}`, [
			change('Intitulé', str(b.label) ?? '—', str(a.label) ?? '—'),
			change(
				'Quantité',
				num(b.quantityMilli) === null ? '—' : quantities.format((b.quantityMilli as number) / 1000),
				num(a.quantityMilli) === null ? '—' : quantities.format((a.quantityMilli as number) / 1000)
			),
			change('Prix unitaire', euros(b.unitPriceCents), euros(a.unitPriceCents)),
			change('Réalisée par', names.people(b.assignees), names.people(a.assignees))
		]),
	'deliverable.deleted': (r, b, _a, names) =>
		sentence(true, `a supprimé la prestation ${str(b.label) ? quoted(b.label as string) : lineName(r, b, names)}`),
	'deliverable.tracked': (r, b, a, names) =>
		sentence(true, `a mis à jour le suivi de la prestation ${lineName(r, a, names)}`, [
			change('Statut', LINE_STATUSES[String(b.status)] ?? '—', LINE_STATUSES[String(a.status)] ?? '—'),
			change('Échéance', day(b.dueOn), day(a.dueOn)),
			change('Livrée le', day(b.deliveredOn), day(a.deliveredOn))
		]),
	'requirement_item.updated': (r, b, a, names) => {
		const item = names.row('items', r.entityId);
		const what = item ? `${quoted(item.a ?? '')} de ${item.b} (lot ${item.n})` : REMOVED;
		const file = (id: unknown) => (str(id) ? (names.row('files', id as string)?.a ?? REMOVED) : 'aucun');
		return sentence(true, `a mis à jour la pièce ${what}`, [
			change('Statut', ITEM_STATUSES[String(b.status)] ?? '—', ITEM_STATUSES[String(a.status)] ?? '—'),
			change('Responsable', str(b.ownerId) ? names.person(b.ownerId) : 'personne', str(a.ownerId) ? names.person(a.ownerId) : 'personne'),
			change('Fichier', file(b.fileId), file(a.fileId))
		]);
	},
	'file.uploaded': (_r, _b, a) =>
		sentence(true, `a déposé le fichier ${str(a.name) ? quoted(a.name as string) : ''} dans le DCE`.replace('  ', ' ')),
	'split.accepted': (_r, _b, a) =>
		sentence(true, 'a accepté la répartition', [
			num(a.netCents) === null ? null : `Sa part : ${euros(a.grossCents)} brut, ${euros(a.netCents)} net`
		]),
	'split.acceptances_withdrawn': (_r, b, a, names) =>
		sentence(false, `Les acceptations de la répartition ont été retirées${str(a.reason) ? ` (${a.reason as string})` : ''}`, [
			ids(b.accepted).length ? `Avaient accepté : ${names.people(b.accepted)}` : null
		]),
	'payment.recorded': (_r, _b, a) =>
		sentence(true, `a enregistré un paiement de ${euros(a.amountCents)} reçu le ${day(a.receivedOn)}`, [
			`${num(a.lot) === null ? '' : `Lot ${a.lot as number}, `}${str(a.organisation) ?? ''}`.replace(/, $/, '') || null
		]),
	'payment.deleted': (_r, b, _a, names) =>
		sentence(true, `a supprimé le paiement de ${euros(b.amountCents)} reçu le ${day(b.receivedOn)}`, [
			str(b.lotId) || str(b.organisationId)
				? `${names.lot(b.lotId).replace(/^l/, 'L')}, ${str(b.organisationId) ? (names.row('organisations', b.organisationId as string)?.a ?? REMOVED) : '—'}`
				: null
		]),
	'price_schedule.uploaded': (_r, _b, a) =>
		sentence(true, `a importé le bordereau de prix de l’acheteur${str(a.name) ? ` ${quoted(a.name as string)}` : ''}`),
	'price_schedule.mapped': (_r, _b, a) =>
		sentence(true, `a créé les lignes de prix du lot ${num(a.lot) ?? ''} depuis le bordereau de l’acheteur`.replace('lot  ', 'lot '), [
			str(a.sheet) ? `Feuille ${quoted(a.sheet as string)}` : null,
			[
				num(a.created) ? countOf(a.created as number, { one: 'ligne créée', other: 'lignes créées' }) : null,
				num(a.updated) ? countOf(a.updated as number, { one: 'ligne mise à jour', other: 'lignes mises à jour' }) : null,
				num(a.deleted) ? countOf(a.deleted as number, { one: 'ligne supprimée', other: 'lignes supprimées' }) : null
			]
				.filter(Boolean)
				.join(', ') || null
		]),
	'org_join_request.created': () => sentence(true, "a demandé à rejoindre l'organisation"),
	'org_join_request.accepted': (_r, _b, a, names) =>
		sentence(true, `a accepté la demande de ${str(a.userId) ? names.person(a.userId) : 'une personne'} pour rejoindre l'organisation`),
	'org_join_request.refused': (_r, _b, a, names) =>
		sentence(true, `a refusé la demande de ${str(a.userId) ? names.person(a.userId) : 'une personne'} pour rejoindre l'organisation`),
	'organisation_profile.created': () => sentence(true, "a rempli l'identification de l'organisation pour les marchés (DC2)"),
	'organisation_profile.updated': () => sentence(true, "a modifié l'identification de l'organisation pour les marchés (DC2)"),
	'tender.created': (_r, _b, a) => sentence(true, `a créé l'appel d'offres${str(a.title) ? ` ${quoted(a.title as string)}` : ''}`),
	'tender.updated': (_r, b, a) =>
		sentence(
			true,
			"a modifié l'appel d'offres",
			TENDER_FIELDS.filter(([key]) => key in a || key in b).map(([key, label, show]) => change(label, show(b[key]), show(a[key])))
		),
	'lot.created': (_r, _b, a) =>
		sentence(true, `a ajouté le lot ${num(a.number) ?? ''}${str(a.title) ? ` ${quoted(a.title as string)}` : ''}`),
	'organisation.created': (_r, _b, a) => sentence(true, `a créé l'organisation${str(a.name) ? ` ${quoted(a.name as string)}` : ''}`),
	'organisation.updated': (_r, b, a) =>
		sentence(true, "a modifié l'organisation", [
			change('Nom', str(b.name) ?? '—', str(a.name) ?? '—'),
			change('Type', ORG_KINDS[String(b.kind)] ?? '—', ORG_KINDS[String(a.kind)] ?? '—'),
			change('SIRET', str(b.siret) ?? '—', str(a.siret) ?? '—'),
			change(
				'Taux de contribution',
				num(b.contributionRateBp) === null ? '—' : formatRate(b.contributionRateBp as number),
				num(a.contributionRateBp) === null ? '—' : formatRate(a.contributionRateBp as number)
			),
			change('Région', str(b.region) ?? '—', str(a.region) ?? '—')
		]),
	'org_invitation.created': (_r, _b, a) =>
		sentence(
			true,
			`a invité ${str(a.email) ?? 'une personne'} dans l'organisation${ORG_ROLES[String(a.role)] ? ` (${ORG_ROLES[String(a.role)]})` : ''}`
		),
	'membership.joined': (_r, _b, a) =>
		sentence(true, `a rejoint l'organisation${ORG_ROLES[String(a.role)] ? ` (${ORG_ROLES[String(a.role)]})` : ''}`),
	'membership.rate_changed': (r, b, a, names) =>
		sentence(true, `a changé le taux de contribution de ${names.person(r.entityId)}`, [
			change(
				'Taux',
				num(b.rateBp) === null ? 'taux de la structure' : formatRate(b.rateBp as number),
				num(a.rateBp) === null ? 'taux de la structure' : formatRate(a.rateBp as number)
			)
		])
};

/** The French sentence of one entry; a kind with no sentence yet still reads as French. */
export function describeActivity(r: ActivityRow, names: ActivityNames): ActivityText {
	const describe = DESCRIBE[`${r.entity}.${r.action}`];
	if (!describe) return sentence(true, 'a fait une modification');
	return describe(r, parse(r.before), parse(r.after), names);
}
