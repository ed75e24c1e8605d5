/**
 * The buyer's price schedule of a lot: upload the workbook, look at its sheets, map its columns
 * (guessed, previewed through a GET of the same form) and create the lot's price lines from it.
 */
import { fail, redirect } from '@sveltejs/kit';
import { confirmMapping, loadSchedulePage, uploadSchedule } from '$lib/server/dossier/price-schedule/schedule.service';
import { asksPreview, parseMappingForm } from '$lib/server/dossier/price-schedule/schedule-forms';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	const params = event.url.searchParams;
	// « Prévisualiser » sends the mapping form as a GET: its mapping is shown (not saved) when valid.
	const preview = asksPreview(params) ? parseMappingForm(params) : null;
	const want = preview?.ok ? { mapping: preview.mapping } : { sheet: preview?.values.sheet || params.get('feuille') };
	const page = await guardLoad(() => loadSchedulePage(ctx, actor, event.params.id, event.params.lotId, want));
	return {
		...page,
		preview: preview ? { values: preview.values, errors: preview.ok ? {} : preview.errors } : null
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const values = { _form: 'upload' };
		const result = await guardAction(values, () => uploadSchedule(ctx, actor, event.params.id, event.params.lotId, form.get('file')));
		if (failed(result)) return result;
		return { saved: `Bordereau « ${result.name} » importé : vérifiez les colonnes, puis créez les lignes de prix.` };
	},
	confirm: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseMappingForm(form);
		const values = { ...parsed.values, _form: 'mapping' };
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values, message: 'Certains champs sont à corriger.' });
		const result = await guardAction(values, () => confirmMapping(ctx, actor, event.params.id, event.params.lotId, parsed.mapping));
		if (failed(result)) return result;
		redirect(303, `/reponses/${event.params.id}/prestations#lot-${event.params.lotId}`);
	}
};
