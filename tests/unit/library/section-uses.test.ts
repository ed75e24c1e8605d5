// The library inside a section on the real database (issue 16, items 2–3): a member searches the
// entries shared with her group (accents ignored), gets the copy to insert, the use is recorded
// and offered an update only when the entry's version grew; a stranger or an observer cannot
// insert (404 / refused), another person's « moi » entry is not found; a selection saved from a
// section becomes an entry of its author with pictures as their description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { createEntry, updateEntry, type EntryInput } from '../../../src/lib/server/library/library.service';
import { getEntryPage } from '../../../src/lib/server/library/library-read';
import {
	entryForSection,
	recordLibraryUse,
	saveSelectionToLibrary,
	searchLibraryForSection,
	sectionLibraryPanel
} from '../../../src/lib/server/library/section-uses.service';
import { DomainError } from '../../../src/lib/server/errors';
import type { JsonNode } from '../../../src/lib/server/collab/text/from-json';

let ctx: TestContext;
type Who = Awaited<ReturnType<typeof actorOf>>;
let anne: Who; // coordinator
let chloe: Who; // member of Anne's bid, another organisation
let observer: Who;
let stranger: Who;
let bidId: string;
let sectionId: string;
let strangerBid: { bidId: string; sectionId: string };
let entryId: string;
let privateId: string;

const doc = (...paragraphs: string[]): JsonNode => ({
	type: 'doc',
	content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] }))
});
const input = (over: Partial<EntryInput> = {}): EntryInput => ({
	title: 'Site de la Mairie de Guéret',
	kind: 'reference',
	tags: [],
	fields: {},
	visibility: 'groups',
	reviewBy: null,
	content: doc('Refonte du site avec un audit d’accessibilité RGAA.'),
	...over
});
const START = 'AQLYt6TXDwAEAA==';
const END = 'AQLYt6TXDxIA/w==';

async function codeOf(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'ok';
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
}

const firstSection = async (bid: string) =>
	(await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bid).orderBy('position').executeTakeFirstOrThrow()).id;

beforeAll(async () => {
	ctx = await createTestContext();
	const bid = await makeBid(ctx, 1);
	anne = bid.coordinator;
	bidId = bid.bidId;
	sectionId = await firstSection(bidId);
	chloe = await addBidMember(ctx, bidId, 'member');
	observer = await addBidMember(ctx, bidId, 'observer');
	const other = await makeBid(ctx, 1);
	stranger = other.coordinator;
	strangerBid = { bidId: other.bidId, sectionId: await firstSection(other.bidId) };
	entryId = await createEntry(ctx, chloe, input());
	privateId = await createEntry(ctx, chloe, input({ title: 'Brouillon de Chloé', visibility: 'private' }));
});
afterAll(() => ctx.cleanup());

describe('search and insert', () => {
	it('finds the group entry with or without accents, never the private one', async () => {
		for (const q of ['accessibilité', 'accessibilite', 'ACCESSIBILITE']) {
			const found = await searchLibraryForSection(ctx, anne, bidId, sectionId, q);
			expect(found.map((e) => e.id)).toEqual([entryId]);
		}
		const all = await searchLibraryForSection(ctx, anne, bidId, sectionId, '');
		expect(all.map((e) => e.id)).not.toContain(privateId);
	});

	it('hands the checked copy to insert', async () => {
		const copy = await entryForSection(ctx, anne, bidId, sectionId, entryId);
		expect(copy).toMatchObject({ id: entryId, version: 1, title: 'Site de la Mairie de Guéret' });
		expect(JSON.stringify(copy.json)).toContain('accessibilité RGAA');
	});

	it('a stranger cannot insert another person’s « moi » entry, nor reach the section (404)', async () => {
		expect(await codeOf(() => entryForSection(ctx, anne, bidId, sectionId, privateId))).toBe('not_found');
		expect(await codeOf(() => entryForSection(ctx, stranger, strangerBid.bidId, strangerBid.sectionId, privateId))).toBe('not_found');
		expect(await codeOf(() => entryForSection(ctx, stranger, strangerBid.bidId, strangerBid.sectionId, entryId))).toBe('not_found');
		expect(await codeOf(() => searchLibraryForSection(ctx, stranger, bidId, sectionId, ''))).toBe('not_found');
		expect(await codeOf(() => entryForSection(ctx, stranger, bidId, sectionId, entryId))).toBe('not_found');
		expect(
			await codeOf(() =>
				recordLibraryUse(ctx, stranger, strangerBid.bidId, strangerBid.sectionId, { entryId, version: 1, start: START, end: END })
			)
		).toBe('not_found');
	});

	it('an observer reads but inserts nothing', async () => {
		expect(await codeOf(() => entryForSection(ctx, observer, bidId, sectionId, entryId))).toBe('forbidden');
		expect(await codeOf(() => recordLibraryUse(ctx, observer, bidId, sectionId, { entryId, version: 1, start: START, end: END }))).toBe(
			'forbidden'
		);
		const panel = await sectionLibraryPanel(ctx, observer, bidId, sectionId);
		expect(panel.can).toEqual({ insert: false, save: true });
	});
});

describe('uses and updates', () => {
	it('records the use and offers an update only when the version grew', async () => {
		const useId = await recordLibraryUse(ctx, anne, bidId, sectionId, { entryId, version: 1, start: START, end: END });
		let panel = await sectionLibraryPanel(ctx, anne, bidId, sectionId);
		expect(panel.can.insert).toBe(true);
		expect(panel.uses).toEqual([
			expect.objectContaining({ id: useId, entryId, version: 1, entryVersion: 1, updateAvailable: false, start: START, end: END })
		]);

		// Visibility is not content: no new version, no update offered.
		const page = await getEntryPage(ctx, chloe, entryId);
		await updateEntry(ctx, chloe, entryId, input({ visibility: 'groups', reviewBy: page.entry.reviewBy }));
		panel = await sectionLibraryPanel(ctx, anne, bidId, sectionId);
		expect(panel.uses[0]).toMatchObject({ updateAvailable: false, entryVersion: 1 });

		await updateEntry(ctx, chloe, entryId, input({ content: doc('Refonte du site, audit d’accessibilité RGAA et formation.') }));
		panel = await sectionLibraryPanel(ctx, anne, bidId, sectionId);
		expect(panel.uses[0]).toMatchObject({ updateAvailable: true, version: 1, entryVersion: 2 });

		// « mettre à jour »: the same use moves to version 2 and its new range.
		expect(await recordLibraryUse(ctx, anne, bidId, sectionId, { entryId, version: 2, start: END, end: START, useId })).toBe(useId);
		panel = await sectionLibraryPanel(ctx, anne, bidId, sectionId);
		expect(panel.uses).toHaveLength(1);
		expect(panel.uses[0]).toMatchObject({ updateAvailable: false, version: 2, start: END, end: START });
	});

	it('refuses an unknown version, a garbled range and another section’s use', async () => {
		expect(await codeOf(() => recordLibraryUse(ctx, anne, bidId, sectionId, { entryId, version: 9, start: START, end: END }))).toBe(
			'invalid_input'
		);
		expect(await codeOf(() => recordLibraryUse(ctx, anne, bidId, sectionId, { entryId, version: 1, start: '<script>', end: END }))).toBe(
			'invalid_input'
		);
		expect(
			await codeOf(() => recordLibraryUse(ctx, anne, bidId, sectionId, { entryId, version: 1, start: START, end: END, useId: 'nope' }))
		).toBe('not_found');
	});

	it('hides the title of an entry the person may no longer see', async () => {
		const other = await createEntry(ctx, anne, input({ title: 'Fiche d’Anne', visibility: 'private' }));
		await recordLibraryUse(ctx, anne, bidId, sectionId, { entryId: other, version: 1, start: START, end: END });
		const seen = await sectionLibraryPanel(ctx, chloe, bidId, sectionId);
		expect(seen.uses.find((u) => u.entryId === other)).toMatchObject({
			title: 'Fiche de bibliothèque',
			entryVersion: null,
			updateAvailable: false
		});
	});
});

describe('save a selection', () => {
	it('creates an entry of its author, pictures kept as their description', async () => {
		const content = {
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: 'Notre démarche qualité.' }] },
				{ type: 'image', attrs: { fileId: 'x', alt: 'Schéma de la démarche' } }
			]
		} as JsonNode;
		const id = await saveSelectionToLibrary(
			ctx,
			chloe,
			bidId,
			sectionId,
			input({ title: 'Démarche', kind: 'method', visibility: 'private', content })
		);
		const page = await getEntryPage(ctx, chloe, id);
		expect(page.entry).toMatchObject({ title: 'Démarche', kind: 'method', visibility: 'private', ownedByOrganisation: false });
		expect(page.html).toContain('Notre démarche qualité.');
		expect(page.html).toContain('Schéma de la démarche');
		expect(page.html).not.toContain('<img');
		expect(await codeOf(() => saveSelectionToLibrary(ctx, stranger, bidId, sectionId, input()))).toBe('not_found');
		expect(await codeOf(() => saveSelectionToLibrary(ctx, chloe, bidId, sectionId, input({ content: doc() })))).toBe('invalid_input');
	});
});
