/** French wording of activity-log entries (entity + action). */
const LABELS: Record<string, string> = {
	'bid.created': 'a créé la réponse',
	'bid.lots_changed': 'a changé les lots de la réponse',
	'bid.form_changed': 'a changé la forme du groupement',
	'bid.freeze_changed': 'a changé le gel interne',
	'bid.fee_changed': 'a changé les frais de coordination',
	'bid.submitted': 'a approuvé et déposé la réponse',
	'bid_invitation.created': 'a invité une personne',
	'bid_member.joined': 'a rejoint le groupement',
	'bid_member.declined': "a décliné l'invitation",
	'bid_member.removed': 'a retiré un membre',
	'bid_member.left': 'a quitté le groupement',
	'section.created': 'a ajouté une section',
	'section.updated': 'a modifié une section',
	'section.deleted': 'a supprimé une section',
	'section.reordered': 'a réordonné le plan',
	'deliverable.created': 'a ajouté une prestation',
	'deliverable.updated': 'a modifié une prestation',
	'deliverable.deleted': 'a supprimé une prestation',
	'requirement_item.updated': 'a mis à jour une pièce',
	'file.uploaded': 'a déposé un fichier',
	'split.acceptances_withdrawn': 'Les acceptations de la répartition ont été retirées',
	'split.accepted': 'a accepté la répartition',
	'tender.updated': "a modifié l'appel d'offres",
	'section.review_requestReview': 'a demandé une relecture',
	'section.review_validate': 'a validé une section',
	'section.review_requestChanges': 'a demandé des modifications',
	'section.review_reopen': 'a rouvert une section',
	'bid.deposit_recorded': 'a enregistré le dépôt sur la plateforme',
	'bid.decided': "a enregistré la décision de l'acheteur",
	'deliverable.tracked': 'a mis à jour le suivi d’une prestation',
	'payment.recorded': 'a enregistré un paiement reçu',
	'payment.deleted': 'a supprimé un paiement',
	'price_schedule.uploaded': 'a importé le bordereau de prix de l’acheteur',
	'price_schedule.mapped': 'a créé les lignes de prix depuis le bordereau de l’acheteur'
};

export function activityLabel(entity: string, action: string): string {
	return LABELS[`${entity}.${action}`] ?? `${entity} : ${action}`;
}

/** A short, readable "before → after" from the JSON columns. */
export function activityChange(before: string | null, after: string | null): string {
	const show = (json: string | null) => {
		if (!json) return '';
		try {
			const v = JSON.parse(json) as unknown;
			if (v && typeof v === 'object' && !Array.isArray(v)) {
				return Object.entries(v as Record<string, unknown>)
					.filter(([, x]) => typeof x !== 'object' || x === null)
					.map(([k, x]) => `${k} : ${String(x)}`)
					.join(', ');
			}
			return '';
		} catch {
			return '';
		}
	};
	const b = show(before);
	const a = show(after);
	if (b && a) return `${b} → ${a}`;
	return a || b;
}
