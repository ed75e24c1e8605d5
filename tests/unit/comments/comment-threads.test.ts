/**
 * Comment threads anchored in a section's text (issue 15, item 2), on the real database: anchors
 * checked on the server, replies and who is told, resolve/reopen rights (observers included), a
 * submitted bid's threads read-only, 404 for non-members, posting twice with one key stores one
 * comment, open threads block submission, and a reviewer's threads are the changes requested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { DomainError } from '../../../src/lib/server/errors';
import { addComment, listComments } from '../../../src/lib/server/sections/discussion.service';
import { createThread, listSectionThreads, replyToThread, setThreadState } from '../../../src/lib/server/sections/comment-threads.service';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { readiness } from '../../../src/lib/server/submission/readiness';
import { getBidActivity } from '../../../src/lib/server/bids/bid-overview';

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let author: Awaited<ReturnType<typeof actorOf>>;
let other: Awaited<ReturnType<typeof actorOf>>;
let observer: Awaited<ReturnType<typeof actorOf>>;
let reviewer: Awaited<ReturnType<typeof actorOf>>;
let stranger: Awaited<ReturnType<typeof actorOf>>;
let sectionId: string;

/** Two real relative positions in a small document, base64 as the browser sends them. */
function anchors(): { anchorStart: string; anchorEnd: string } {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	fragment.insert(0, [paragraph]);
	text.insert(0, 'Notre méthode en trois temps.');
	const b64 = (rel: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rel)).toString('base64');
	return {
		anchorStart: b64(Y.createRelativePositionFromTypeIndex(text, 6, 0)),
		anchorEnd: b64(Y.createRelativePositionFromTypeIndex(text, 13, -1))
	};
}

const thread = (body = 'Précisez ce point.', over: Partial<Parameters<typeof createThread>[4]> = {}) => ({
	...anchors(),
	quote: 'méthode',
	body,
	...over
});

async function status(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (e instanceof DomainError) return e.status;
		throw e;
	}
}

const notices = (userId: string) =>
	ctx.db.selectFrom('notifications').select(['kind', 'message', 'link']).where('user_id', '=', userId).orderBy('id').execute();

/** The bid's activity as the page says it. */
async function loadActivity(c: TestContext, bidId: string): Promise<string[]> {
	return (await getBidActivity(c, setup.coordinator, bidId)).map((a) => a.text);
}

async function rename(userId: string, name: string) {
	await ctx.db.updateTable('users').set({ name }).where('id', '=', userId).execute();
	return actorOf(ctx, userId);
}

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx, 1);
	author = await rename((await addBidMember(ctx, setup.bidId, 'member')).id, 'Chloé Bernard');
	other = await rename((await addBidMember(ctx, setup.bidId, 'member')).id, 'Bruno Petit');
	reviewer = await rename((await addBidMember(ctx, setup.bidId, 'member')).id, 'Rémi Relecteur');
	observer = await rename((await addBidMember(ctx, setup.bidId, 'observer', setup.org.id)).id, 'Dora Lefèvre');
	const { user } = await makeUser(ctx, { name: 'Sans Groupe' });
	await makeOrganisation(ctx, user.id);
	stranger = await actorOf(ctx, user.id);
	sectionId = (
		await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).orderBy('position').executeTakeFirstOrThrow()
	).id;
	await ctx.db.insertInto('section_authors').values({ section_id: sectionId, user_id: author.id }).execute();
	await ctx.db.updateTable('sections').set({ reviewer_id: reviewer.id }).where('id', '=', sectionId).execute();
});
afterAll(() => ctx.cleanup());

describe('anchored threads', () => {
	it('opens a thread on a range: its quote, its first comment, an activity entry; the general discussion stays apart', async () => {
		const { threadId } = await createThread(ctx, reviewer, setup.bidId, sectionId, thread('  Précisez la méthode.  '));
		const [t] = await listSectionThreads(ctx, author, setup.bidId, sectionId);
		expect(t).toMatchObject({ id: threadId, quote: 'méthode', resolvedAt: null, author: { name: 'Rémi Relecteur' } });
		expect(t!.comments.map((c) => c.body)).toEqual(['Précisez la méthode.']);
		expect(await listComments(ctx, author, setup.bidId, sectionId)).toEqual([]);
		const activity = await loadActivity(ctx, setup.bidId);
		expect(activity.some((a) => a.includes('a commenté « méthode » dans la section'))).toBe(true);
	});

	it('refuses an anchor that is not a relative position, too long, or a missing quote, in French, storing nothing', async () => {
		const before = await listSectionThreads(ctx, reviewer, setup.bidId, sectionId);
		const refused = [
			thread('x', { anchorStart: 'pas du base64 !' }),
			thread('x', { anchorEnd: Buffer.from('nimporte quoi, mais du base64').toString('base64') }),
			thread('x', { anchorStart: 'A'.repeat(400) }),
			thread('x', { anchorEnd: '' }),
			thread('x', { quote: ' \u200b\n ' })
		];
		for (const input of refused) {
			const attempt = createThread(ctx, reviewer, setup.bidId, sectionId, input);
			await expect(attempt).rejects.toMatchObject({ status: 400 });
			await attempt.catch((e: DomainError) => expect(e.fields._form).toMatch(/^Passage commenté : /));
		}
		await expect(createThread(ctx, reviewer, setup.bidId, sectionId, thread('   '))).rejects.toMatchObject({
			fields: { body: 'Commentaire : écrivez un message.' }
		});
		expect(await listSectionThreads(ctx, reviewer, setup.bidId, sectionId)).toHaveLength(before.length);
	});

	it('a reply tells who wrote in the thread before and who is mentioned, once each, never its author', async () => {
		const { threadId } = await createThread(ctx, other, setup.bidId, sectionId, thread('Source ?'));
		await replyToThread(ctx, author, setup.bidId, sectionId, threadId, 'Ajoutée.');
		const before = (await notices(other.id)).length;
		await replyToThread(ctx, observer, setup.bidId, sectionId, threadId, 'Merci @Chloé Bernard, et @Bruno Petit pour la suite.');
		const toOther = (await notices(other.id)).slice(before);
		expect(toOther).toHaveLength(1);
		expect(toOther[0]).toMatchObject({ kind: 'mention', link: `/reponses/${setup.bidId}/sections/${sectionId}#fil-${threadId}` });
		const toAuthor = await notices(author.id);
		expect(toAuthor.at(-1)).toMatchObject({ kind: 'mention' });
		expect(toAuthor.filter((n) => n.kind === 'comment_reply')).toHaveLength(0);
		await replyToThread(ctx, reviewer, setup.bidId, sectionId, threadId, 'Vu.');
		expect((await notices(author.id)).at(-1)).toMatchObject({
			kind: 'comment_reply',
			message: 'Rémi Relecteur a répondu au commentaire sur « méthode » (section « ' + (await sectionTitle()) + ' »).'
		});
		expect((await notices(reviewer.id)).filter((n) => n.kind === 'comment_reply')).toHaveLength(0);
		const t = (await listSectionThreads(ctx, other, setup.bidId, sectionId)).find((x) => x.id === threadId)!;
		expect(t.comments.map((c) => c.author.name)).toEqual(['Bruno Petit', 'Chloé Bernard', 'Dora Lefèvre', 'Rémi Relecteur']);
	});

	it('resolve and reopen: the thread’s author, the section’s authors, its reviewer and the coordinator; an observer only their own', async () => {
		const byOther = (await createThread(ctx, other, setup.bidId, sectionId, thread('Trop long.'))).threadId;
		const byObserver = (await createThread(ctx, observer, setup.bidId, sectionId, thread('Un chiffre ?'))).threadId;
		expect(await status(setThreadState(ctx, observer, setup.bidId, sectionId, byOther, true))).toBe(403);
		expect(await status(setThreadState(ctx, reviewer, setup.bidId, sectionId, byObserver, true))).toBe(200);
		expect(await status(setThreadState(ctx, observer, setup.bidId, sectionId, byObserver, false))).toBe(200);
		const stranger2 = await rename((await addBidMember(ctx, setup.bidId, 'member')).id, 'Eve Autre');
		expect(await status(setThreadState(ctx, stranger2, setup.bidId, sectionId, byOther, true))).toBe(403);
		for (const who of [other, author, reviewer, setup.coordinator]) {
			expect(await setThreadState(ctx, who, setup.bidId, sectionId, byOther, true)).toBe(true);
			const t = (await listSectionThreads(ctx, who, setup.bidId, sectionId)).find((x) => x.id === byOther)!;
			expect(t.resolvedBy?.name).toBe(who.name);
			expect(t.comments.map((c) => c.body)).toEqual(['Trop long.']); // kept in the history
			expect(await setThreadState(ctx, who, setup.bidId, sectionId, byOther, true)).toBe(false); // already
			expect(await setThreadState(ctx, who, setup.bidId, sectionId, byOther, false)).toBe(true);
		}
		const page = await listSectionThreads(ctx, observer, setup.bidId, sectionId);
		expect(page.find((x) => x.id === byOther)!.canResolve).toBe(false);
		expect(page.find((x) => x.id === byObserver)!.canResolve).toBe(true);
		const activity = await loadActivity(ctx, setup.bidId);
		expect(
			activity.some(
				(a) => a.includes('a résolu le commentaire sur « Trop long. »') || a.includes('a résolu le commentaire sur « méthode »')
			)
		).toBe(true);
		expect(activity.some((a) => a.includes('a rouvert le commentaire sur « méthode »'))).toBe(true);
	});

	it('non-members get 404 for everything; a thread of another section is 404', async () => {
		const { threadId } = await createThread(ctx, author, setup.bidId, sectionId, thread('Ici.'));
		expect(await status(listSectionThreads(ctx, stranger, setup.bidId, sectionId))).toBe(404);
		expect(await status(createThread(ctx, stranger, setup.bidId, sectionId, thread()))).toBe(404);
		expect(await status(replyToThread(ctx, stranger, setup.bidId, sectionId, threadId, 'Bonjour'))).toBe(404);
		expect(await status(setThreadState(ctx, stranger, setup.bidId, sectionId, threadId, true))).toBe(404);
		const elsewhere = await makeBid(ctx, 1);
		const otherSection = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', elsewhere.bidId).executeTakeFirstOrThrow())
			.id;
		expect(await status(replyToThread(ctx, elsewhere.coordinator, elsewhere.bidId, otherSection, threadId, 'Bonjour'))).toBe(404);
		expect(await status(setThreadState(ctx, elsewhere.coordinator, elsewhere.bidId, otherSection, threadId, true))).toBe(404);
	});

	it('posting again with the same key (a retry, the offline queue) stores one comment and notifies once', async () => {
		const key = 'cle-hors-ligne-0001';
		const first = await createThread(ctx, author, setup.bidId, sectionId, thread('Hors ligne @Bruno Petit', { clientKey: key }));
		const again = await createThread(ctx, author, setup.bidId, sectionId, thread('Hors ligne @Bruno Petit', { clientKey: key }));
		expect(again.threadId).toBe(first.threadId);
		const rows = await ctx.db.selectFrom('section_comments').select('id').where('client_key', '=', key).execute();
		expect(rows).toHaveLength(1);
		expect((await notices(other.id)).filter((n) => n.message.includes('Hors ligne') || n.link.endsWith(first.threadId))).toHaveLength(1);

		const r1 = await replyToThread(ctx, other, setup.bidId, sectionId, first.threadId, 'Réponse', 'cle-reponse-0001');
		const r2 = await replyToThread(ctx, other, setup.bidId, sectionId, first.threadId, 'Réponse', 'cle-reponse-0001');
		expect(r2.commentId).toBe(r1.commentId);
		const g1 = await addComment(ctx, observer, setup.bidId, sectionId, 'Général', 'cle-generale-0001');
		const g2 = await addComment(ctx, observer, setup.bidId, sectionId, 'Général', 'cle-generale-0001');
		expect(g2.id).toBe(g1.id);
		expect((await listComments(ctx, observer, setup.bidId, sectionId)).filter((c) => c.body === 'Général')).toHaveLength(1);
		await expect(addComment(ctx, observer, setup.bidId, sectionId, 'Général', 'x')).rejects.toMatchObject({ status: 400 });
	});

	it('a submitted bid’s threads are read-only (409), and still listed', async () => {
		const bid = await makeBid(ctx, 1);
		const s = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bid.bidId).executeTakeFirstOrThrow()).id;
		const { threadId } = await createThread(ctx, bid.coordinator, bid.bidId, s, thread('Avant le dépôt.'));
		await ctx.db.updateTable('bids').set({ status: 'submitted', submitted_at: ctx.now() }).where('id', '=', bid.bidId).execute();
		expect(await status(createThread(ctx, bid.coordinator, bid.bidId, s, thread()))).toBe(409);
		expect(await status(replyToThread(ctx, bid.coordinator, bid.bidId, s, threadId, 'Trop tard'))).toBe(409);
		expect(await status(setThreadState(ctx, bid.coordinator, bid.bidId, s, threadId, true))).toBe(409);
		const [t] = await listSectionThreads(ctx, bid.coordinator, bid.bidId, s);
		expect(t).toMatchObject({ id: threadId, canResolve: false });
	});
});

async function sectionTitle(): Promise<string> {
	return (await ctx.db.selectFrom('sections').select('title').where('id', '=', sectionId).executeTakeFirstOrThrow()).title;
}

describe('threads in review and submission', () => {
	it('open threads block submission, with a link to the section; resolving them lifts it; general comments do not block', async () => {
		const bid = await makeBid(ctx, 1);
		const s = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bid.bidId).executeTakeFirstOrThrow()).id;
		await addComment(ctx, bid.coordinator, bid.bidId, s, 'Une remarque générale.');
		const blocking = async () =>
			(await readiness(ctx, bid.bidId, ctx.now())).blockers.filter((b) => b.link === `/reponses/${bid.bidId}/sections/${s}#commentaires`);
		expect(await blocking()).toEqual([]);
		const a = await createThread(ctx, bid.coordinator, bid.bidId, s, thread('À reprendre.'));
		await createThread(ctx, bid.coordinator, bid.bidId, s, thread('Et ceci.'));
		expect((await blocking()).map((b) => b.message)).toEqual([
			expect.stringMatching(/^2 commentaires ouverts dans le texte : « .+ » \(lot 1\) — résolvez-les\.$/)
		]);
		await setThreadState(ctx, bid.coordinator, bid.bidId, s, a.threadId, true);
		expect((await blocking()).map((b) => b.message)).toEqual([expect.stringMatching(/^1 commentaire ouvert dans le texte/)]);
	});

	it('requesting changes points at the reviewer’s open threads: no free text needed, the authors are told how many places', async () => {
		const bid = await makeBid(ctx, 1);
		const s = await ctx.db.selectFrom('sections').select(['id', 'title']).where('bid_id', '=', bid.bidId).executeTakeFirstOrThrow();
		const writer = await rename((await addBidMember(ctx, bid.bidId, 'member')).id, 'Anne Autrice');
		const rev = await rename((await addBidMember(ctx, bid.bidId, 'member')).id, 'Paul Relecteur');
		await ctx.db.insertInto('section_authors').values({ section_id: s.id, user_id: writer.id }).execute();
		await ctx.db.updateTable('sections').set({ reviewer_id: rev.id, state: 'review' }).where('id', '=', s.id).execute();
		await expect(transitionSection(ctx, rev, bid.bidId, s.id, 'requestChanges', '  ')).rejects.toMatchObject({
			status: 400,
			fields: { comment: expect.stringContaining('commentez les passages à modifier dans le texte') }
		});
		await createThread(ctx, rev, bid.bidId, s.id, thread('Chiffrez.'));
		await createThread(ctx, rev, bid.bidId, s.id, thread('Reformulez.'));
		await createThread(ctx, writer, bid.bidId, s.id, thread('Note de l’autrice.')); // not the reviewer's: not counted
		expect(await transitionSection(ctx, rev, bid.bidId, s.id, 'requestChanges', '')).toBe('changes_requested');
		expect((await notices(writer.id)).at(-1)).toEqual({
			kind: 'changes_requested',
			message: `Modifications demandées sur « ${s.title} » : 2 passages commentés dans le texte`,
			link: `/reponses/${bid.bidId}/sections/${s.id}#commentaires`
		});
	});
});
