import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { DomainError } from '../../../src/lib/server/errors';
import { addComment, findMentions, listComments } from '../../../src/lib/server/sections/discussion.service';

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let member: Awaited<ReturnType<typeof actorOf>>;
let observer: Awaited<ReturnType<typeof actorOf>>;
let stranger: Awaited<ReturnType<typeof actorOf>>;
let sectionId: string;
let otherBidSectionId: string;

async function status(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (e instanceof DomainError) return e.status;
		throw e;
	}
}

async function rename(userId: string, name: string) {
	await ctx.db.updateTable('users').set({ name }).where('id', '=', userId).execute();
	return actorOf(ctx, userId);
}

const notificationsOf = (userId: string) =>
	ctx.db
		.selectFrom('notifications')
		.select(['kind', 'message', 'link'])
		.where('user_id', '=', userId)
		.where('kind', '=', 'mention')
		.execute();

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx, 1);
	member = await rename((await addBidMember(ctx, setup.bidId, 'member')).id, 'Chloé Bernard');
	observer = await rename((await addBidMember(ctx, setup.bidId, 'observer', setup.org.id)).id, 'Dora Lefèvre');
	const { user } = await makeUser(ctx, { name: 'Bruno Sans Groupe' });
	await makeOrganisation(ctx, user.id);
	stranger = await actorOf(ctx, user.id);
	sectionId = (
		await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).orderBy('position').executeTakeFirstOrThrow()
	).id;
	const other = await makeBid(ctx, 1);
	otherBidSectionId = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', other.bidId).executeTakeFirstOrThrow()).id;
});
afterAll(() => ctx.cleanup());

describe('findMentions', () => {
	const people = [
		{ id: 'a', name: 'Anne Martin' },
		{ id: 'am', name: 'Anne Marie Durand' },
		{ id: 'c', name: 'Chloé Bernard' }
	];
	it('finds "@Full Name", case-insensitive, the longest name first, each person once', () => {
		expect(findMentions('@anne martin et @Chloé Bernard, puis @Chloé Bernard.', people)).toEqual(['a', 'c']);
		expect(findMentions('Merci @Anne Marie Durand !', people)).toEqual(['am']);
	});
	it('ignores e-mail addresses, partial names and unknown people', () => {
		expect(findMentions('écrire à contact@Anne Martin', people)).toEqual([]);
		expect(findMentions('@Anne Martine ? @Chloé', people)).toEqual([]);
		expect(findMentions('@Bruno Durand', people)).toEqual([]);
	});
});

describe('section discussion', () => {
	it('a member comments; only mentioned group members are notified (not the author, not outsiders)', async () => {
		const body = `Relis la partie moyens @Chloé Bernard, et @Dora Lefèvre pour avis. @${stranger.name} n'est pas du groupement ; @${setup.coordinator.name} c'est moi.`;
		const { id, mentioned } = await addComment(ctx, setup.coordinator, setup.bidId, sectionId, body);
		expect(new Set(mentioned)).toEqual(new Set([member.id, observer.id, setup.coordinator.id]));

		const toMember = await notificationsOf(member.id);
		expect(toMember).toHaveLength(1);
		expect(toMember[0]!.message).toContain(setup.coordinator.name);
		expect(toMember[0]!.link).toBe(`/reponses/${setup.bidId}/sections/${sectionId}#commentaire-${id}`);
		expect(await notificationsOf(observer.id)).toHaveLength(1);
		expect(await notificationsOf(stranger.id)).toHaveLength(0);
		expect(await notificationsOf(setup.coordinator.id)).toHaveLength(0);

		const thread = await listComments(ctx, member, setup.bidId, sectionId);
		expect(thread).toHaveLength(1);
		expect(thread[0]).toMatchObject({ id, body, author: { id: setup.coordinator.id } });
		expect(thread[0]!.mentions.map((m) => m.name).sort()).toEqual(['Chloé Bernard', 'Coordinatrice', 'Dora Lefèvre'].sort());
	});

	it('observers (support staff) may comment too; an empty or oversize comment is refused in French', async () => {
		await addComment(ctx, observer, setup.bidId, sectionId, '  Pensez à citer le critère environnemental.  ');
		const thread = await listComments(ctx, observer, setup.bidId, sectionId);
		expect(thread.at(-1)!.body).toBe('Pensez à citer le critère environnemental.');

		const empty = addComment(ctx, member, setup.bidId, sectionId, '   \n ');
		await expect(empty).rejects.toMatchObject({ status: 400, fields: { body: 'Commentaire : écrivez un message.' } });
		await expect(addComment(ctx, member, setup.bidId, sectionId, 'x'.repeat(4001))).rejects.toMatchObject({ status: 400 });
	});

	it('non-members get 404 for the thread and for posting; a section of another bid is 404 too', async () => {
		expect(await status(listComments(ctx, stranger, setup.bidId, sectionId))).toBe(404);
		expect(await status(addComment(ctx, stranger, setup.bidId, sectionId, 'Bonjour'))).toBe(404);
		expect(await status(listComments(ctx, member, setup.bidId, otherBidSectionId))).toBe(404);
		expect(await status(addComment(ctx, member, setup.bidId, otherBidSectionId, 'Bonjour'))).toBe(404);
		expect(await ctx.db.selectFrom('section_comments').select('id').where('section_id', '=', otherBidSectionId).execute()).toHaveLength(0);
	});

	it('the thread is closed once the bid is submitted', async () => {
		const bid = await makeBid(ctx, 1);
		const s = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bid.bidId).executeTakeFirstOrThrow()).id;
		await ctx.db.updateTable('bids').set({ status: 'submitted', submitted_at: ctx.now() }).where('id', '=', bid.bidId).execute();
		expect(await status(addComment(ctx, bid.coordinator, bid.bidId, s, 'Trop tard ?'))).toBe(409);
		expect(await listComments(ctx, bid.coordinator, bid.bidId, s)).toEqual([]);
	});
});
