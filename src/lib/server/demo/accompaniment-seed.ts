/**
 * Demo: Dora's Accompagnement page starts with something to do (issue 20) — Bruno, writing the
 * « Moyens humains » section of the bid in preparation, asks GAMMA's support staff for help,
 * through the use case (so Dora is notified as she would be).
 */
import type { AppContext } from '../context';
import { askHelp } from '../accompaniment/help.service';
import { listOutline } from '../sections/sections.repository';
import type { DemoIds } from './seed';

export async function seedDemoHelpRequest(ctx: AppContext, ids: DemoIds, bidId: string): Promise<void> {
	const bruno = { id: ids.users.bruno, organisationId: ids.orgs.gamma, orgRole: 'entrepreneur' as const, name: 'Bruno Petit' };
	const section = (await listOutline(ctx.db, bidId)).find((s) => s.title === 'Moyens humains');
	await askHelp(ctx, bruno, bidId, {
		message: 'Je ne sais pas comment présenter nos références communes sans dépasser la page : pouvez-vous relire ma proposition ?',
		sectionId: section?.id ?? null
	});
}
