import { getSection } from '$lib/server/sections/sections.service';
import { getVersion } from '$lib/server/sections/versions.service';
import { guardLoad, requireUser } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		const { id: bidId, sectionId, versionId } = event.params;
		const { section } = await getSection(ctx, actor, bidId, sectionId);
		const version = await getVersion(ctx, actor, bidId, sectionId, versionId);
		return { section: { id: section.id, title: section.title }, version };
	});
};
