import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { addLot, addRequirement, getTender, removeRequirement, updateTender } from '$lib/server/tenders/tenders.service';
import { addDceFile } from '$lib/server/tenders/dce';
import { checkCriteria, DC2_SCOPES, PRICE_FORMS, PROCEDURES, SCOPES } from '$lib/server/tenders/tender-rules';
import { lotSchema, parseCriteriaRows, requirementSchema, tenderSchema, toTenderInput } from '$lib/server/tenders/tender-forms';
import { createBid } from '$lib/server/bids/create-bid';
import { createBidFromPast } from '$lib/server/bids/from-past';
import { fromPastFormData, readFromPastForm } from '$lib/server/bids/from-past-form';
import { formValues, parseForm } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const tender = await getTender(ctx, actor, event.params.id);
		return {
			...tender,
			// « Partir d’une réponse précédente »: offered to whoever may start a bid here.
			fromPast: tender.canBid ? await fromPastFormData(ctx, actor, event.url.searchParams) : null,
			now: ctx.now(),
			procedures: PROCEDURES,
			dc2Scopes: DC2_SCOPES,
			priceForms: PRICE_FORMS,
			scopes: SCOPES
		};
	});
};

export const actions: Actions = {
	update: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(tenderSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => updateTender(ctx, actor, event.params.id, toTenderInput(parsed.data)));
		if (failed(result)) return result;
		return { saved: "Appel d'offres enregistré." };
	},
	lot: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(lotSchema, form);
		const values = formValues(form);
		const { criteria, error } = parseCriteriaRows(values);
		const criteriaError = error ?? checkCriteria(criteria);
		if (!parsed.ok || criteriaError) {
			const errors = parsed.ok ? {} : parsed.errors;
			if (criteriaError) errors.criteria = criteriaError;
			return invalidForm({ errors, values });
		}
		const d = parsed.data;
		const result = await guardAction(values, () =>
			addLot(ctx, actor, event.params.id, {
				number: d.number,
				title: d.title,
				estimateCents: d.estimate,
				priceForm: d.priceForm,
				pageLimit: d.pageLimit,
				criteria
			})
		);
		if (failed(result)) return result;
		return { saved: `Lot ${d.number} ajouté.` };
	},
	requirement: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(requirementSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			addRequirement(ctx, actor, event.params.id, parsed.data.label, parsed.data.scope)
		);
		if (failed(result)) return result;
		return { saved: 'Pièce ajoutée.' };
	},
	removeRequirement: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const result = await guardAction({}, () => removeRequirement(ctx, actor, event.params.id, String(form.get('requirementId') ?? '')));
		if (failed(result)) return result;
		return { saved: 'Pièce retirée.' };
	},
	upload: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const result = await guardAction({}, () => addDceFile(ctx, actor, event.params.id, file));
		if (failed(result)) return result;
		return { saved: `Fichier « ${result.name} » déposé.` };
	},
	bid: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const lotIds = form.getAll('lots').filter((v): v is string => typeof v === 'string');
		const parsed = z.array(z.string().max(64)).max(100).safeParse(lotIds);
		const { choice, values } = readFromPastForm(form);
		if (!parsed.success) return fail(400, { errors: { lots: 'Choisissez au moins un lot.' }, values });
		if (!choice) {
			const result = await guardAction(values, () => createBid(ctx, actor, event.params.id, parsed.data));
			if (failed(result)) return result;
			redirect(303, `/reponses/${result}`);
		}
		const result = await guardAction(values, () => createBidFromPast(ctx, actor, event.params.id, parsed.data, choice));
		if (failed(result)) return result;
		// Everything copied: straight to the new bid; otherwise say here what was not.
		if (result.contentsNotCopied.length === 0 && result.notes.length === 0) redirect(303, `/reponses/${result.bidId}`);
		return { created: result };
	}
};
