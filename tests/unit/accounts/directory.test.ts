/**
 * The partner directory on a real database: who is listed, which fields show and match, and the
 * contact the « invite » action gets (only for someone the directory lists to the viewer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addMember, makeOrganisation, makeUser } from '../../support/factories';
import { directoryContact, listInvitableBids, searchDirectory } from '../../../src/lib/server/accounts/directory.service';
import { updateProfile } from '../../../src/lib/server/accounts/accounts.service';
import type { Actor } from '../../../src/lib/server/policies/actor';
import { makeBid } from '../../support/bids';

let ctx: TestContext;
let viewer: Actor;
let colleague: { id: string; email: string };
let partner: { id: string; email: string };
let support: { id: string };
let loner: { id: string };

beforeAll(async () => {
	ctx = await createTestContext();
	const v = await makeUser(ctx, { name: 'Véra Viewer' });
	const home = await makeOrganisation(ctx, v.user.id);
	viewer = { id: v.user.id, organisationId: home.id, orgRole: 'admin' };
	const c = await makeUser(ctx, { name: 'Camille Collègue' });
	await addMember(ctx, home.id, c.user.id, 'entrepreneur');
	colleague = c.user;
	const p = await makeUser(ctx, { name: 'Paul Partenaire' });
	await makeOrganisation(ctx, p.user.id);
	partner = p.user;
	const s = await makeUser(ctx, { name: 'Sam Support' });
	await addMember(ctx, home.id, s.user.id, 'support');
	support = s.user;
	loner = (await makeUser(ctx, { name: 'Léa Seule' })).user;
	const profile = { trade: 'Graphiste', skills: ['accessibilité'], department: '19', region: 'Limousin', bio: 'Bio privée' };
	// The partner shares only the trade; the colleague shares nothing (but is in the viewer's organisation).
	await updateProfile(ctx, partner.id, { name: 'Paul Partenaire', ...profile, publicFields: ['trade'] });
	await updateProfile(ctx, colleague.id, { name: 'Camille Collègue', ...profile, publicFields: [] });
});

afterAll(() => ctx.cleanup());

describe('searchDirectory', () => {
	it('lists members of organisations, not support staff, not the viewer nor people without an organisation', async () => {
		const names = (await searchDirectory(ctx, viewer, { q: '', department: '' })).map((p) => p.name);
		expect(names).toEqual(['Camille Collègue', 'Paul Partenaire']);
	});

	it('shows another organisation only what it shares, and the viewer’s own organisation everything', async () => {
		const [camille, paul] = await searchDirectory(ctx, viewer, { q: '', department: '' });
		expect(paul).toMatchObject({ sameOrganisation: false, trade: 'Graphiste', skills: null, department: null, bio: null });
		expect(camille).toMatchObject({ sameOrganisation: true, trade: 'Graphiste', skills: ['accessibilité'], bio: 'Bio privée' });
	});

	it('matches hidden fields only within the viewer’s own organisation', async () => {
		const bySkill = await searchDirectory(ctx, viewer, { q: 'ACCESSIB', department: '' });
		expect(bySkill.map((p) => p.name)).toEqual(['Camille Collègue']);
		const byDepartment = await searchDirectory(ctx, viewer, { q: '', department: '19' });
		expect(byDepartment.map((p) => p.name)).toEqual(['Camille Collègue']);
		const byTrade = await searchDirectory(ctx, viewer, { q: 'graph', department: '' });
		expect(byTrade.map((p) => p.name)).toEqual(['Camille Collègue', 'Paul Partenaire']);
	});

	it('treats LIKE wildcards as plain characters', async () => {
		expect(await searchDirectory(ctx, viewer, { q: '%', department: '' })).toEqual([]);
	});

	it('is reserved to members of an organisation', async () => {
		await expect(
			searchDirectory(ctx, { id: loner.id, organisationId: null, orgRole: null }, { q: '', department: '' })
		).rejects.toMatchObject({
			code: 'forbidden'
		});
	});
});

describe('directoryContact', () => {
	it('gives the address of a listed person', async () => {
		expect(await directoryContact(ctx, viewer, partner.id)).toEqual({ email: partner.email, name: 'Paul Partenaire' });
	});

	it('answers not_found for anyone the directory does not list', async () => {
		for (const id of [support.id, loner.id, viewer.id, 'unknown']) {
			await expect(directoryContact(ctx, viewer, id)).rejects.toMatchObject({ code: 'not_found' });
		}
	});

	it('is reserved to members of an organisation', async () => {
		await expect(directoryContact(ctx, { id: loner.id, organisationId: null, orgRole: null }, partner.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
	});
});

describe('listInvitableBids', () => {
	it('is empty for someone who coordinates no bid', async () => {
		expect(await listInvitableBids(ctx, viewer)).toEqual([]);
	});

	it('lists the bids the person coordinates while they are drafts', async () => {
		const { coordinator, bidId } = await makeBid(ctx, 1);
		expect(await listInvitableBids(ctx, coordinator)).toEqual([{ id: bidId, title: 'Accompagnement numérique' }]);
		await ctx.db.updateTable('bids').set({ status: 'submitted' }).where('id', '=', bidId).execute();
		expect(await listInvitableBids(ctx, coordinator)).toEqual([]);
	});
});
