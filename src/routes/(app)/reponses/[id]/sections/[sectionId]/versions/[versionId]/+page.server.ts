import { redirect } from '@sveltejs/kit';
import { getSection } from '$lib/server/sections/sections.service';
import { getVersion } from '$lib/server/sections/versions.service';
import { loadVersionTools } from '$lib/server/sections/compare';
import { restoreVersion } from '$lib/server/sections/restore';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { id: bidId, sectionId, versionId } = event.params;
		const { section } = await getSection(ctx, actor, bidId, sectionId);
		const version = await getVersion(ctx, actor, bidId, sectionId, versionId);
		// « Comparer avec » is a GET form: ?avec=actuel or ?avec=<another version's id>.
		const withWhat = event.url.searchParams.get('avec');
		const tools = await loadVersionTools(ctx, actor, bidId, sectionId, versionId, withWhat || null);
		return { section: { id: section.id, title: section.title }, version, withWhat: withWhat ?? '', ...tools };
	});
};

export const actions: Actions = {
	/** The section's text becomes this version's, as a new change everyone sees (issue 15). */
	restore: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const { id: bidId, sectionId, versionId } = event.params;
		const result = await guardAction({}, () => restoreVersion(ctx, actor, bidId, sectionId, versionId));
		if (failed(result)) return result;
		redirect(303, `/reponses/${bidId}/sections/${sectionId}?restauree=1`);
	}
};
