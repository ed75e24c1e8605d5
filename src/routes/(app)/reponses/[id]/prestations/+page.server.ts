import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import {
	createDeliverable,
	deleteDeliverable,
	getDeliverablesView,
	updateDeliverable,
	type DeliverableInput
} from '$lib/server/bids/deliverables.service';
import { listLotSchedules } from '$lib/server/dossier/price-schedule/schedule.service';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import { formValues, parseForm, text, type FormValues } from '$lib/server/validation';
import { parseEuros, parseQuantity } from '$lib/domain/money';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({
		...(await getDeliverablesView(ctx, actor, event.params.id)),
		schedules: await listLotSchedules(ctx, actor, event.params.id)
	}));
};

const SPACES = /[\s\u00A0\u202F]+/g;
/** Ten million units: far above any real price line, and keeps quantity × price exact. */
const MAX_QUANTITY_MILLI = 10_000_000_000;

const quantity = z.string({ error: 'Quantité : ce champ est obligatoire.' }).transform((raw, c) => {
	const v = raw.trim();
	const fail = (message: string) => {
		c.addIssue({ code: 'custom', message });
		return z.NEVER;
	};
	if (!v) return fail('Quantité : ce champ est obligatoire.');
	if (v.startsWith('-')) return fail('Quantité : elle ne peut pas être négative.');
	const decimals = /[.,](\d+)$/.exec(v.replace(SPACES, ''))?.[1];
	if (decimals && decimals.length > 3) return fail('Quantité : 3 décimales au maximum.');
	const milli = parseQuantity(v);
	if (milli === null) return fail('Quantité : indiquez un nombre, par exemple 2,5 ou 12.');
	if (milli === 0) return fail('Quantité : indiquez une quantité supérieure à 0.');
	if (milli > MAX_QUANTITY_MILLI) return fail('Quantité : 10 000 000 au maximum.');
	return milli;
});

const unitPrice = z.string({ error: 'Prix unitaire : ce champ est obligatoire.' }).transform((raw, c) => {
	const v = raw.trim();
	const fail = (message: string) => {
		c.addIssue({ code: 'custom', message });
		return z.NEVER;
	};
	if (!v) return fail('Prix unitaire : ce champ est obligatoire.');
	if (v.startsWith('-')) return fail('Prix unitaire : le montant ne peut pas être négatif.');
	const decimals = /[.,](\d+)\s*€?$/.exec(v.replace(SPACES, ''))?.[1];
	if (decimals && decimals.length > 2) return fail('Prix unitaire : 2 décimales au maximum (les centimes).');
	const cents = parseEuros(v);
	if (cents === null) return fail('Prix unitaire : indiquez un montant en euros, par exemple 419,90.');
	return cents;
});

const lineSchema = z.object({
	lotId: z.string({ error: 'Lot : choisissez un lot de la réponse.' }).min(1, 'Lot : choisissez un lot de la réponse.').max(64),
	code: text('Code', { max: 20, required: false }).optional().default(''),
	label: text('Désignation', { max: 300 }),
	quantity,
	unit: text('Unité', { max: 30, required: false }).optional().default(''),
	unitPrice
});

/**
 * The ticked people in the line's order: the `order` fields first (hidden inputs the form keeps
 * in the order people were ticked or moved to), then any ticked person they do not name, in the
 * form's order (a browser without JavaScript sends no order for people it just ticked).
 */
function orderedIds(form: FormData): string[] {
	const ticked = new Set(form.getAll('assignees').map(String));
	const order = form.getAll('order').map(String);
	return [...new Set([...order.filter((id) => ticked.has(id)), ...ticked])].slice(0, 100);
}

/**
 * What the form sent, to show it again: the ticked people in the line's order joined with
 * commas (ids never contain one) and `_form` says which form of the page it was ('new' or the line id).
 */
function echo(form: FormData, formId: string): FormValues {
	return { ...formValues(form), assignees: orderedIds(form).join(','), _form: formId };
}

/** Ticked people in the line's order, each with their weight (« Poids »), checked one by one. */
function readAssignees(form: FormData, errors: Record<string, string>): DeliverableInput['assignees'] {
	const ids = orderedIds(form);
	if (ids.length === 0) errors.assignees = 'Affectation : choisissez au moins une personne.';
	return ids.map((userId) => {
		const raw = String(form.get(`weight-${userId}`) ?? '').trim() || '1';
		const ok = /^\d{1,4}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 1000;
		if (!ok) {
			errors[`weight-${userId}`] =
				raw.replace(SPACES, '') === '0' || /^0+$/.test(raw)
					? 'Poids : 0 ne donne aucune part ; indiquez un nombre entier entre 1 et 1000, ou décochez la personne.'
					: 'Poids : indiquez un nombre entier entre 1 et 1000.';
		}
		return { userId, weight: ok ? Number(raw) : 1 };
	});
}

async function save(event: RequestEvent<{ id: string }>, mode: 'create' | 'update') {
	const { ctx, actor } = await requireUser(event);
	const form = await event.request.formData();
	const lineId = mode === 'update' ? String(form.get('lineId') ?? '') : null;
	const values = echo(form, lineId ?? 'new');
	const parsed = parseForm(lineSchema, form);
	const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
	const assignees = readAssignees(form, errors);
	if (!parsed.ok || Object.keys(errors).length) return fail(400, { errors, values, message: 'Certains champs sont à corriger.' });
	const d = parsed.data;
	const input: DeliverableInput = {
		lotId: d.lotId,
		code: d.code,
		label: d.label,
		quantityMilli: d.quantity,
		unit: d.unit,
		unitPriceCents: d.unitPrice,
		assignees
	};
	const bidId = event.params.id;
	const result = await guardAction(values, async () =>
		lineId !== null ? updateDeliverable(ctx, actor, bidId, lineId, input) : createDeliverable(ctx, actor, bidId, input)
	);
	if (failed(result)) return result;
	return { label: input.label, lineId: lineId ?? String(result), keep: { lotId: input.lotId, unit: input.unit } };
}

export const actions: Actions = {
	create: async (event) => {
		const result = await save(event, 'create');
		// The add form starts the next line in the same lot and unit (entering a lot's lines one after another).
		if ('label' in result) return { saved: `Prestation « ${result.label} » ajoutée.`, keep: result.keep };
		return result;
	},
	update: async (event) => {
		const result = await save(event, 'update');
		// Closes the edit form (?modifier=…) and comes back to the line.
		if ('label' in result) redirect(303, `/reponses/${event.params.id}/prestations#ligne-${result.lineId}`);
		return result;
	},
	delete: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const lineId = String(form.get('lineId') ?? '');
		const label = String(form.get('label') ?? '').slice(0, 300);
		const values = { ...formValues(form), _form: `delete-${lineId}` };
		const result = await guardAction(values, () => deleteDeliverable(ctx, actor, event.params.id, lineId));
		if (failed(result)) return result;
		return { saved: label ? `Prestation « ${label} » supprimée.` : 'Prestation supprimée.' };
	}
};
