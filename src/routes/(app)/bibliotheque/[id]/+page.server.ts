import { redirect } from '@sveltejs/kit';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import { deleteEntry, updateEntry } from '$lib/server/library/library.service';
import { getEntryPage } from '$lib/server/library/library-read';
import { entryFormValues, readEntryForm } from '$lib/server/library/library-forms';
import type { Actions, PageServerLoad } from './$types';

/** An entry's page: read-only for who may only see it; its edit form for its owner (or its organisation's staff). */
export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const page = await getEntryPage(ctx, actor, event.params.id);
		return {
			...page,
			values: page.editable ? entryFormValues(page.entry, page.editable.text) : null,
			now: ctx.now()
		};
	});
};

export const actions: Actions = {
	save: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = readEntryForm(await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => updateEntry(ctx, actor, event.params.id, parsed.data));
		if (failed(result)) return result;
		return { saved: `Fiche enregistrée (version ${result.version}).` };
	},
	delete: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({}, () => deleteEntry(ctx, actor, event.params.id));
		if (failed(result)) return result;
		redirect(303, '/bibliotheque');
	}
};
