import { fail } from '@sveltejs/kit';
import { parseEuros, parseRatePercent } from '$lib/domain/money';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import { formValues, type FormValues } from '$lib/server/validation';
import {
	acceptSplit,
	decideBid,
	deletePayment,
	DELIVERABLE_STATUSES,
	getSplitView,
	isDeliverableStatus,
	parseIsoDate,
	recordPayment,
	setDeliverableTracking,
	setFee
} from '$lib/server/split/split.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({ view: await getSplitView(ctx, actor, event.params.id), statuses: DELIVERABLE_STATUSES }));
};

const SPACES = /[\s\u00A0\u202F]+/g;

/** « 4 », « 4,5 », « 4.5 % » → basis points, or a French message. */
function readFeeRate(raw: string): number | string {
	const v = raw.trim();
	if (!v) return 'Frais de coordination : indiquez un taux, 0 s’il n’y a pas de frais.';
	if (v.startsWith('-')) return 'Frais de coordination : le taux ne peut pas être négatif.';
	if (!/^\d+(?:[.,]\d+)?\s*%?$/.test(v)) return 'Frais de coordination : indiquez un pourcentage, par exemple 4 ou 4,5.';
	if ((/[.,](\d+)/.exec(v)?.[1]?.length ?? 0) > 2) return 'Frais de coordination : 2 décimales au maximum.';
	const bp = parseRatePercent(v);
	if (bp === null) return 'Frais de coordination : le taux doit être compris entre 0 et 100 %.';
	return bp;
}

/** « 5 000,00 », « 5000.5 € » → cents, or a French message. */
function readAmount(raw: string): number | string {
	const v = raw.trim();
	if (!v) return 'Montant : ce champ est obligatoire.';
	if (v.startsWith('-')) return 'Montant : un paiement ne peut pas être négatif.';
	const decimals = /[.,](\d+)\s*€?$/.exec(v.replace(SPACES, ''))?.[1];
	if (decimals && decimals.length > 2) return 'Montant : 2 décimales au maximum (les centimes).';
	const cents = parseEuros(v);
	if (cents === null) return 'Montant : indiquez un montant en euros, par exemple 5 000 ou 1 249,90.';
	if (cents === 0) return 'Montant : indiquez un montant supérieur à 0.';
	return cents;
}

/** An optional « YYYY-MM-DD » date field → ms at 00:00 UTC, null when empty, or a French message. */
function readDate(raw: string, label: string, required = false): number | null | string {
	const v = raw.trim();
	if (!v) return required ? `${label} : ce champ est obligatoire.` : null;
	return parseIsoDate(v) ?? `${label} : date invalide (jj/mm/aaaa).`;
}

function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, 200) : '';
}

function invalidFields(errors: Record<string, string>, values: FormValues) {
	return fail(400, { errors, values, message: 'Certains champs sont à corriger.' });
}

export const actions: Actions = {
	fee: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = { ...formValues(form), _form: 'fee' };
		const bp = readFeeRate(field(form, 'feeRate'));
		if (typeof bp === 'string') return invalidFields({ feeRate: bp }, values);
		const result = await guardAction(values, () => setFee(ctx, actor, event.params.id, bp));
		if (failed(result)) return result;
		return {
			saved: result
				? 'Frais de coordination enregistrés. Les acceptations de la répartition ont été retirées : chacun doit la relire.'
				: 'Frais de coordination inchangés.'
		};
	},
	accept: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = { _form: 'accept' };
		const fingerprint = field(form, 'fingerprint');
		const result = await guardAction(values, () => acceptSplit(ctx, actor, event.params.id, fingerprint || undefined));
		if (failed(result)) return result;
		return { saved: 'Merci : votre acceptation de la répartition est enregistrée.' };
	},
	decide: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const outcome = field(form, 'outcome');
		const values = { _form: 'decide' };
		if (outcome !== 'won' && outcome !== 'lost') return invalidFields({ _form: 'Décision : choisissez « attribuée » ou « non retenue ».' }, values);
		const result = await guardAction(values, () => decideBid(ctx, actor, event.params.id, outcome));
		if (failed(result)) return result;
		return { saved: outcome === 'won' ? 'Réponse marquée attribuée.' : 'Réponse marquée non retenue.' };
	},
	track: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const lineId = field(form, 'lineId');
		const values = { ...formValues(form), _form: `track-${lineId}` };
		const status = field(form, 'status');
		const errors: Record<string, string> = {};
		if (!isDeliverableStatus(status)) errors.status = 'Statut : choisissez une valeur de la liste.';
		const dueOn = readDate(field(form, 'dueOn'), 'Échéance');
		const deliveredOn = readDate(field(form, 'deliveredOn'), 'Livrée le');
		if (typeof dueOn === 'string') errors.dueOn = dueOn;
		if (typeof deliveredOn === 'string') errors.deliveredOn = deliveredOn;
		if (Object.keys(errors).length || !isDeliverableStatus(status) || typeof dueOn === 'string' || typeof deliveredOn === 'string') return invalidFields(errors, values);
		const result = await guardAction(values, () =>
			setDeliverableTracking(ctx, actor, event.params.id, lineId, { status, dueOn, deliveredOn })
		);
		if (failed(result)) return result;
		return { saved: 'Suivi de la prestation enregistré.' };
	},
	payment: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = { ...formValues(form), _form: 'payment' };
		const errors: Record<string, string> = {};
		const [lotId = '', organisationId = ''] = field(form, 'target').split(':');
		if (!lotId || !organisationId) errors.target = 'Lot et membre : choisissez dans la liste.';
		const amount = readAmount(field(form, 'amount'));
		if (typeof amount === 'string') errors.amount = amount;
		const receivedOn = readDate(field(form, 'receivedOn'), 'Date de réception', true);
		if (typeof receivedOn === 'string') errors.receivedOn = receivedOn;
		if (Object.keys(errors).length || typeof amount === 'string' || typeof receivedOn !== 'number') return invalidFields(errors, values);
		const result = await guardAction(values, () => recordPayment(ctx, actor, event.params.id, { lotId, organisationId, amountCents: amount, receivedOn }));
		if (failed(result)) return result;
		return { saved: 'Paiement enregistré et réparti.' };
	},
	deletePayment: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = { _form: 'payments' };
		const result = await guardAction(values, () => deletePayment(ctx, actor, event.params.id, field(form, 'paymentId')));
		if (failed(result)) return result;
		return { saved: 'Paiement supprimé.' };
	}
};
