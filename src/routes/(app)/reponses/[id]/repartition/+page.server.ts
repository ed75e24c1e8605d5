import { fail } from '@sveltejs/kit';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import { parseForm, type FormValues } from '$lib/server/validation';
import { acceptSplit, setFee } from '$lib/server/split/acceptance.service';
import { decideBid } from '$lib/server/split/decision.service';
import { deletePayment, recordPayment } from '$lib/server/split/payments.service';
import { setDeliverableTracking } from '$lib/server/split/tracking.service';
import { getSplitView } from '$lib/server/split/split-view';
import { DELIVERABLE_STATUSES } from '$lib/server/split/split-rules';
import { feeForm, paymentForm, trackForm } from '$lib/server/split/split-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({ view: await getSplitView(ctx, actor, event.params.id), statuses: DELIVERABLE_STATUSES }));
};

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
		const parsed = parseForm(feeForm, await event.request.formData());
		const values = { ...parsed.values, _form: 'fee' };
		if (!parsed.ok) return invalidFields(parsed.errors, values);
		const bp = parsed.data.feeRate;
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
		if (outcome !== 'won' && outcome !== 'lost')
			return invalidFields({ _form: 'Décision : choisissez « attribuée » ou « non retenue ».' }, values);
		const result = await guardAction(values, () => decideBid(ctx, actor, event.params.id, outcome));
		if (failed(result)) return result;
		return { saved: outcome === 'won' ? 'Réponse marquée attribuée.' : 'Réponse marquée non retenue.' };
	},
	track: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(trackForm, form);
		const values = { ...parsed.values, _form: `track-${field(form, 'lineId')}` };
		if (!parsed.ok) return invalidFields(parsed.errors, values);
		const { lineId, status, dueOn, deliveredOn } = parsed.data;
		const result = await guardAction(values, () =>
			setDeliverableTracking(ctx, actor, event.params.id, lineId, { status, dueOn, deliveredOn })
		);
		if (failed(result)) return result;
		return { saved: 'Suivi de la prestation enregistré.' };
	},
	payment: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(paymentForm, await event.request.formData());
		const values = { ...parsed.values, _form: 'payment' };
		if (!parsed.ok) return invalidFields(parsed.errors, values);
		const { target, amount, receivedOn } = parsed.data;
		const result = await guardAction(values, () =>
			recordPayment(ctx, actor, event.params.id, { ...target, amountCents: amount, receivedOn })
		);
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
