import { redirect } from '@sveltejs/kit';
import { guardAction, invalidForm, requireUser, failed } from '$lib/server/http';
import { createEntry } from '$lib/server/library/library.service';
import { readEntryForm } from '$lib/server/library/library-forms';
import { mayWriteForOrganisation } from '$lib/server/policies/library.policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor } = await requireUser(event);
	const kind = event.url.searchParams.get('type') ?? '';
	return {
		canOwnForOrganisation: actor.organisationId !== null && mayWriteForOrganisation(actor, actor.organisationId),
		kind
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = readEntryForm(await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const id = await guardAction(parsed.values, () => createEntry(ctx, actor, parsed.data));
		if (failed(id)) return id;
		redirect(303, `/bibliotheque/${id}`);
	}
};
