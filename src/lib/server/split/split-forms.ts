/** Zod schemas of the répartition page's forms (French messages), parsed by its route. */
import { z } from 'zod';
import { euros, isoDate, oneOf, percent, requiredIsoDate } from '../validation';
import { DELIVERABLE_STATUSES } from './split-rules';
import type { DeliverableStatus } from '../db/schema';

/** A short hidden or select value (ids, fingerprints): trimmed, at most 200 characters. */
const token = z
	.string({ error: 'Valeur invalide.' })
	.optional()
	.transform((v) => (v ?? '').slice(0, 200).trim());

export const feeForm = z.object({
	feeRate: percent('Frais de coordination', { empty: 'Frais de coordination : indiquez un taux, 0 s’il n’y a pas de frais.' })
});

export const trackForm = z.object({
	lineId: token,
	status: oneOf('Statut', Object.keys(DELIVERABLE_STATUSES) as DeliverableStatus[]),
	dueOn: isoDate('Échéance'),
	deliveredOn: isoDate('Livrée le')
});

export const paymentForm = z.object({
	target: token.transform((v, ctx) => {
		const [lotId = '', organisationId = ''] = v.split(':');
		if (!lotId || !organisationId) {
			ctx.addIssue({ code: 'custom', message: 'Lot et membre : choisissez dans la liste.' });
			return z.NEVER;
		}
		return { lotId, organisationId };
	}),
	amount: euros('Montant', { negative: 'Montant : un paiement ne peut pas être négatif.' }),
	receivedOn: requiredIsoDate('Date de réception')
});
