/**
 * « Demander à rejoindre » an organisation (issue 12, item 8) on a real database: a duplicate
 * SIRET names the organisation (never its admins), the request reaches every admin, only admins
 * see and decide it, accepting gives a membership (one organisation per person), refusing tells
 * the person, and a second pending request to the same organisation is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addMember, makeOrganisation, makeUser } from '../../support/factories';
import { actorOf } from '../../support/bids';
import { createOrganisation, getOrganisationView } from '../../../src/lib/server/accounts/organisations.service';
import { answerJoinRequest, myPendingJoinRequests, requestToJoin } from '../../../src/lib/server/accounts/join-requests.service';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

async function notices(userId: string) {
	return ctx.db.selectFrom('notifications').select(['kind', 'message', 'link']).where('user_id', '=', userId).execute();
}

async function setUp() {
	const a = await makeUser(ctx, { name: 'Alice Admin' });
	const org = await makeOrganisation(ctx, a.user.id, { name: `CAE ALPHA ${Math.random().toString(36).slice(2, 6)}` });
	const b = await makeUser(ctx, { name: 'Bertrand Admin' });
	await addMember(ctx, org.id, b.user.id, 'admin');
	const e = await makeUser(ctx, { name: 'Émile Entrepreneur' });
	await addMember(ctx, org.id, e.user.id, 'entrepreneur');
	const n = await makeUser(ctx, { name: 'Nina Nouvelle' });
	return {
		org,
		admin: await actorOf(ctx, a.user.id),
		admin2: await actorOf(ctx, b.user.id),
		entrepreneur: await actorOf(ctx, e.user.id),
		newcomer: await actorOf(ctx, n.user.id)
	};
}

describe('join requests', () => {
	it('a duplicate SIRET names the organisation, not its admins', async () => {
		const s = await setUp();
		const err = await createOrganisation(ctx, s.newcomer, {
			name: 'Doublon',
			kind: 'cae',
			siret: s.org.siret,
			contributionRateBp: 1000,
			region: ''
		}).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DomainError);
		const fields = (err as DomainError).fields;
		expect(fields.siretOwner).toBe(s.org.name);
		expect(fields.siret).toContain(`${s.org.name} utilise déjà ce SIRET`);
		expect(fields.siret).not.toContain('Alice');
	});

	it('reaches every admin, shows only to admins, and accepting makes a membership with the chosen role', async () => {
		const s = await setUp();
		const { organisationName } = await requestToJoin(ctx, s.newcomer, s.org.siret, 'Bonjour, je suis graphiste.');
		expect(organisationName).toBe(s.org.name);
		for (const admin of [s.admin, s.admin2]) {
			expect(await notices(admin.id)).toContainEqual({
				kind: 'join_request',
				message: `Nina Nouvelle demande à rejoindre ${s.org.name}.`,
				link: '/organisation#demandes'
			});
		}
		expect(await notices(s.entrepreneur.id)).toEqual([]);
		expect((await myPendingJoinRequests(ctx, s.newcomer)).map((r) => r.organisationName)).toEqual([s.org.name]);

		const seen = await getOrganisationView(ctx, s.admin, s.org.id);
		expect(seen.joinRequests).toMatchObject([{ name: 'Nina Nouvelle', message: 'Bonjour, je suis graphiste.' }]);
		expect((await getOrganisationView(ctx, s.entrepreneur, s.org.id)).joinRequests).toEqual([]);

		// A second request while the first waits is refused.
		await expect(requestToJoin(ctx, s.newcomer, s.org.siret, '')).rejects.toThrow(/attend déjà la réponse/);
		// Only admins decide.
		const id = seen.joinRequests[0]!.id;
		await expect(answerJoinRequest(ctx, s.entrepreneur, s.org.id, id, { accept: false })).rejects.toMatchObject({ code: 'forbidden' });

		expect(await answerJoinRequest(ctx, s.admin, s.org.id, id, { accept: true, role: 'entrepreneur' })).toBe('Nina Nouvelle');
		const nina = await actorOf(ctx, s.newcomer.id);
		expect(nina).toMatchObject({ organisationId: s.org.id, orgRole: 'entrepreneur' });
		expect(await notices(s.newcomer.id)).toContainEqual(expect.objectContaining({ kind: 'join_accepted' }));
		expect((await getOrganisationView(ctx, s.admin, s.org.id)).joinRequests).toEqual([]);
		// Decided once only.
		await expect(answerJoinRequest(ctx, s.admin2, s.org.id, id, { accept: false })).rejects.toThrow(/déjà reçu une réponse/);
		// Now a member: no more requests.
		await expect(requestToJoin(ctx, nina, s.org.siret, '')).rejects.toThrow(/déjà membre d’une organisation/);
	});

	it('refusing tells the person, who may ask again later; one organisation per person holds on acceptance', async () => {
		const s = await setUp();
		await requestToJoin(ctx, s.newcomer, s.org.siret, '');
		const [req] = (await getOrganisationView(ctx, s.admin, s.org.id)).joinRequests;
		await answerJoinRequest(ctx, s.admin, s.org.id, req!.id, { accept: false });
		expect(await notices(s.newcomer.id)).toContainEqual({
			kind: 'join_refused',
			message: `Votre demande à rejoindre ${s.org.name} a été refusée par ses administrateurs.`,
			link: '/organisation'
		});
		expect(await myPendingJoinRequests(ctx, s.newcomer)).toEqual([]);

		// Asks again, but meanwhile creates their own organisation: the request can no longer be accepted.
		await requestToJoin(ctx, s.newcomer, s.org.siret, '');
		const [again] = (await getOrganisationView(ctx, s.admin, s.org.id)).joinRequests;
		await makeOrganisation(ctx, s.newcomer.id);
		expect((await getOrganisationView(ctx, s.admin, s.org.id)).joinRequests).toEqual([]);
		await expect(answerJoinRequest(ctx, s.admin, s.org.id, again!.id, { accept: true, role: 'entrepreneur' })).rejects.toThrow(
			/a rejoint une autre organisation/
		);
	});

	it('an unknown SIRET says so; another organisation’s request is not found', async () => {
		const s = await setUp();
		await expect(requestToJoin(ctx, s.newcomer, '73282932000074', '')).rejects.toMatchObject({ code: 'invalid_input' });
		const other = await setUp();
		await requestToJoin(ctx, other.newcomer, other.org.siret, '');
		const [req] = (await getOrganisationView(ctx, other.admin, other.org.id)).joinRequests;
		await expect(answerJoinRequest(ctx, s.admin, s.org.id, req!.id, { accept: false })).rejects.toMatchObject({ code: 'not_found' });
	});
});
