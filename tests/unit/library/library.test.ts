// The library on the real database (issue 16): who sees an entry for each visibility (the
// « groupes » audience through a shared bid), who edits and deletes it, an organisation's entries,
// versions counted on content changes only, the review reminder told once per period, search
// finding an entry's text for who may see it and never for a stranger, and the checked JSON a
// section editor gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { addMember, makeUser } from '../../support/factories';
import { createEntry, deleteEntry, updateEntry, type EntryInput } from '../../../src/lib/server/library/library.service';
import { entryForInsert, getEntryPage, listVisibleEntries } from '../../../src/lib/server/library/library-read';
import { sendLibraryReviewReminders } from '../../../src/lib/server/library/reminders';
import { search } from '../../../src/lib/server/search/search.service';
import { DomainError } from '../../../src/lib/server/errors';
import type { JsonNode } from '../../../src/lib/server/collab/text/from-json';

let ctx: TestContext;
type Who = Awaited<ReturnType<typeof actorOf>>;
let owner: Who; // coordinator of a bid, admin of org A
let colleague: Who; // entrepreneur of org A, in no bid
let support: Who; // support staff of org A
let partner: Who; // another organisation, member of the owner's bid
let stranger: Who; // another organisation, no bid in common

const DAY = 86_400_000;

const doc = (...paragraphs: string[]): JsonNode => ({
	type: 'doc',
	content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] }))
});

const input = (over: Partial<EntryInput> = {}): EntryInput => ({
	title: 'Site de la Mairie de Guéret',
	kind: 'reference',
	tags: ['site web'],
	fields: {
		buyer: 'Mairie de Guéret',
		year: 2024,
		amountCents: 1_250_000,
		lot: 'Site web',
		contactName: '',
		contactReach: '',
		contactConsent: false
	},
	visibility: 'private',
	reviewBy: null,
	content: doc('Refonte du site avec un audit d’accessibilité RGAA.'),
	...over
});

async function sees(who: Who, id: string): Promise<boolean> {
	try {
		await getEntryPage(ctx, who, id);
		return true;
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') return false;
		throw e;
	}
}

beforeAll(async () => {
	ctx = await createTestContext();
	const bid = await makeBid(ctx, 1);
	owner = bid.coordinator;
	partner = await addBidMember(ctx, bid.bidId, 'member');
	const c = await makeUser(ctx, { name: 'Collègue' });
	await addMember(ctx, bid.org.id, c.user.id, 'entrepreneur');
	colleague = await actorOf(ctx, c.user.id);
	const s = await makeUser(ctx, { name: 'Accompagnante' });
	await addMember(ctx, bid.org.id, s.user.id, 'support');
	support = await actorOf(ctx, s.user.id);
	stranger = (await makeBid(ctx, 1)).coordinator;
});
afterAll(() => ctx.cleanup());

describe('visibility', () => {
	it.each([
		['private', { owner: true, colleague: false, support: false, partner: false, stranger: false }],
		['organisation', { owner: true, colleague: true, support: true, partner: false, stranger: false }],
		['groups', { owner: true, colleague: false, support: false, partner: true, stranger: false }],
		['directory', { owner: true, colleague: true, support: true, partner: true, stranger: true }]
	] as const)('%s', async (visibility, expected) => {
		const id = await createEntry(ctx, owner, input({ visibility }));
		const people = { owner, colleague, support, partner, stranger };
		for (const [name, who] of Object.entries(people)) {
			expect([name, await sees(who, id)]).toEqual([name, expected[name as keyof typeof expected]]);
			const listed = (await listVisibleEntries(ctx, who)).some((e) => e.id === id);
			expect([name, listed]).toEqual([name, expected[name as keyof typeof expected]]);
		}
	});

	it('the directory’s entries are for members of an organisation, like the directory', async () => {
		const id = await createEntry(ctx, owner, input({ visibility: 'directory' }));
		const { user } = await makeUser(ctx, { name: 'Sans organisation' });
		expect(await sees(await actorOf(ctx, user.id), id)).toBe(false);
	});

	it('only the owner edits and deletes a person’s entry; others get 403 or 404', async () => {
		const id = await createEntry(ctx, owner, input({ visibility: 'directory' }));
		const page = await getEntryPage(ctx, partner, id);
		expect(page.can).toEqual({ view: true, edit: false, delete: false });
		expect(page.editable).toBeNull();
		await expect(updateEntry(ctx, partner, id, input({ title: 'Pris' }))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(deleteEntry(ctx, support, id)).rejects.toMatchObject({ code: 'forbidden' });
		const hidden = await createEntry(ctx, owner, input({ visibility: 'private' }));
		await expect(updateEntry(ctx, partner, hidden, input())).rejects.toMatchObject({ code: 'not_found' });
		await expect(deleteEntry(ctx, partner, hidden)).rejects.toMatchObject({ code: 'not_found' });
		await deleteEntry(ctx, owner, id);
		expect(await sees(owner, id)).toBe(false);
	});

	it('an organisation’s entries: written by its admins and support staff, read by its entrepreneurs', async () => {
		await expect(createEntry(ctx, colleague, { ...input({ visibility: 'organisation' }), owner: 'organisation' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(createEntry(ctx, support, { ...input({ visibility: 'private' }), owner: 'organisation' })).rejects.toMatchObject({
			code: 'invalid_input'
		});
		const id = await createEntry(ctx, support, {
			...input({ kind: 'presentation', fields: {}, visibility: 'organisation' }),
			owner: 'organisation'
		});
		expect((await getEntryPage(ctx, owner, id)).can.edit).toBe(true);
		expect((await getEntryPage(ctx, colleague, id)).can).toEqual({ view: true, edit: false, delete: false });
		expect(await sees(partner, id)).toBe(false);
		const mine = await listVisibleEntries(ctx, colleague, { owner: 'organisation' });
		expect(mine.map((e) => e.id)).toContain(id);
	});

	it('a person who leaves the organisation takes their entries shared with it back to « moi »', async () => {
		const { user } = await makeUser(ctx, { name: 'Partante' });
		await addMember(ctx, owner.organisationId!, user.id, 'entrepreneur');
		const leaving = await actorOf(ctx, user.id);
		const id = await createEntry(ctx, leaving, input({ visibility: 'organisation', content: doc('Mot rarissime zygomorphe.') }));
		expect(await sees(colleague, id)).toBe(true);
		await ctx.db.deleteFrom('memberships').where('user_id', '=', user.id).execute();
		expect(await sees(colleague, id)).toBe(false);
		expect((await search(ctx, colleague, 'zygomorphe')).results).toEqual([]);
	});
});

describe('versions and review dates', () => {
	it('counts content changes only; a content change moves an untouched review date a year on', async () => {
		const id = await createEntry(ctx, owner, input());
		const first = (await getEntryPage(ctx, owner, id)).entry;
		expect(first.version).toBe(1);
		expect(first.reviewBy).toBeGreaterThan(ctx.now() + 364 * DAY);
		// Visibility and the review date are not content.
		const later = first.reviewBy + 30 * DAY;
		expect(await updateEntry(ctx, owner, id, input({ visibility: 'directory', reviewBy: later }))).toEqual({ version: 1 });
		expect((await getEntryPage(ctx, owner, id)).entry.reviewBy).toBe(later);
		// The same text written again is no change either.
		expect(await updateEntry(ctx, owner, id, input({ visibility: 'directory', reviewBy: later }))).toEqual({ version: 1 });
		ctx.advance(40 * DAY);
		expect(await updateEntry(ctx, owner, id, input({ visibility: 'directory', reviewBy: later, content: doc('Autre texte.') }))).toEqual({
			version: 2
		});
		const after = (await getEntryPage(ctx, owner, id)).entry;
		expect(after.reviewBy).toBeGreaterThan(later);
		expect(
			await updateEntry(ctx, owner, id, input({ visibility: 'directory', title: 'Nouveau titre', content: doc('Autre texte.') }))
		).toEqual({
			version: 3
		});
	});

	it('reminds the owner once per review date, in the app', async () => {
		const id = await createEntry(ctx, owner, input({ title: 'À relire bientôt', reviewBy: Math.floor(ctx.now() / DAY) * DAY - DAY }));
		const orgEntry = await createEntry(ctx, support, {
			...input({ kind: 'environment', fields: {}, visibility: 'organisation', reviewBy: Math.floor(ctx.now() / DAY) * DAY - DAY }),
			owner: 'organisation'
		});
		const count = async (userId: string, link: string) =>
			(await ctx.db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('link', '=', link).execute()).length;
		await Promise.all([sendLibraryReviewReminders(ctx), sendLibraryReviewReminders(ctx)]);
		await sendLibraryReviewReminders(ctx);
		expect(await count(owner.id, `/bibliotheque/${id}`)).toBe(1);
		// The organisation's entry: its admin and its support staff, not its entrepreneurs.
		expect(await count(owner.id, `/bibliotheque/${orgEntry}`)).toBe(1);
		expect(await count(support.id, `/bibliotheque/${orgEntry}`)).toBe(1);
		expect(await count(colleague.id, `/bibliotheque/${orgEntry}`)).toBe(0);
		const listed = (await listVisibleEntries(ctx, owner)).find((e) => e.id === id)!;
		expect(listed.dueForReview).toBe(true);
		// A new review date is a new period.
		await updateEntry(ctx, owner, id, input({ title: 'À relire bientôt', reviewBy: Math.floor(ctx.now() / DAY) * DAY + DAY }));
		expect(await sendLibraryReviewReminders(ctx)).toBe(0);
		ctx.advance(2 * DAY);
		await sendLibraryReviewReminders(ctx);
		expect(await count(owner.id, `/bibliotheque/${id}`)).toBe(2);
		ctx.advance(-2 * DAY);
	});
});

describe('search', () => {
	it('finds « accessibilite » in an entry the person may see, never in a stranger’s', async () => {
		const id = await createEntry(
			ctx,
			owner,
			input({ title: 'Audit Limoges', visibility: 'groups', content: doc('Un audit d’accessibilité numérique complet et rigoureux.') })
		);
		const hits = async (who: Who) =>
			(await search(ctx, who, 'accessibilite numerique')).results.filter((r) => r.href === `/bibliotheque/${id}`);
		expect(await hits(owner)).toHaveLength(1);
		expect(await hits(partner)).toHaveLength(1);
		expect((await hits(partner))[0]!.kindLabel).toBe('Bibliothèque');
		expect(await hits(stranger)).toHaveLength(0);
		expect(await hits(colleague)).toHaveLength(0);
		// Fields and tags are indexed too.
		const ref = await createEntry(
			ctx,
			owner,
			input({ title: 'Autre', visibility: 'private', fields: { buyer: 'Communauté de Vassivière' } })
		);
		expect((await search(ctx, owner, 'vassiviere')).results.map((r) => r.href)).toContain(`/bibliotheque/${ref}`);
		expect((await search(ctx, stranger, 'vassiviere')).results).toEqual([]);
	});
});

describe('entryForInsert', () => {
	it('gives the content as checked ProseMirror JSON, for who may see it only', async () => {
		const id = await createEntry(
			ctx,
			owner,
			input({
				visibility: 'groups',
				content: {
					type: 'doc',
					content: [
						{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Méthode' }] },
						{
							type: 'paragraph',
							content: [
								{ type: 'text', text: 'gras', marks: [{ type: 'bold' }] },
								{ type: 'text', text: ' lien', marks: [{ type: 'link', attrs: { href: 'https://exemple.fr' } }] }
							]
						},
						{
							type: 'bulletList',
							content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'un' }] }] }]
						}
					]
				}
			})
		);
		const got = await entryForInsert(ctx, partner, id);
		expect(got).toMatchObject({ id, title: 'Site de la Mairie de Guéret', version: 1 });
		expect(got.json).toEqual({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Méthode' }] },
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'gras', marks: [{ type: 'bold', attrs: {} }] },
						{ type: 'text', text: ' lien', marks: [{ type: 'link', attrs: { href: 'https://exemple.fr/' } }] }
					]
				},
				{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'un' }] }] }] }
			]
		});
		await expect(entryForInsert(ctx, stranger, id)).rejects.toMatchObject({ code: 'not_found' });
	});
});
