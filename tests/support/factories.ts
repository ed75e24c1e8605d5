/** Factories: real rows through the real services, with sensible defaults. */
import { signUp } from '../../src/lib/server/accounts/accounts.service';
import { createOrganisation } from '../../src/lib/server/accounts/organisations.service';
import { insertMembership } from '../../src/lib/server/accounts/organisations.repository';
import type { OrgRole } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import type { AppContext } from '../../src/lib/server/context';
import { makeSiret } from './siret';

export { makeSiret };

let seq = 0;
export const PASSWORD = 'correct horse battery';

export async function makeUser(ctx: AppContext, over: { name?: string; email?: string } = {}) {
	seq++;
	const email = over.email ?? `user${seq}-${newId().slice(0, 6)}@test.example`;
	const { user, token, session, device } = await signUp(
		ctx,
		{ name: over.name ?? `Personne ${seq}`, email, password: PASSWORD },
		`10.0.${seq % 250}.1`
	);
	return { user, token, session, device };
}

export async function makeOrganisation(ctx: AppContext, adminId: string, over: { name?: string; rateBp?: number } = {}) {
	seq++;
	return createOrganisation(
		ctx,
		{ id: adminId, organisationId: null, orgRole: null },
		{
			name: over.name ?? `CAE ${seq}`,
			kind: 'cae',
			siret: makeSiret(seq * 7919),
			contributionRateBp: over.rateBp ?? 1100,
			region: 'Nouvelle-Aquitaine'
		}
	);
}

export async function addMember(ctx: AppContext, orgId: string, userId: string, role: OrgRole) {
	await insertMembership(ctx.db, {
		id: newId(),
		organisation_id: orgId,
		user_id: userId,
		role,
		contribution_rate_bp: null,
		created_at: ctx.now()
	});
}
