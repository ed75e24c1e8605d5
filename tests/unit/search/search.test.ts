// Search everywhere on the real database: accents, plurals, ranking, highlights kept as text,
// the pages' view rules applied in SQL (a stranger's words never show, a removed member stops
// seeing), and the index following sections, comments and tenders as they are written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { sectionRoom } from '../../../src/lib/server/sections/state';
import { UpdateWriter } from '../../../server/collab/writer';
import { search } from '../../../src/lib/server/search/search.service';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { deleteSection, updateSection, createSection } from '../../../src/lib/server/sections/sections.service';
import { addComment } from '../../../src/lib/server/sections/discussion.service';
import { removeMember } from '../../../src/lib/server/bids/members.service';
import { addLot, createTender } from '../../../src/lib/server/tenders/tenders.service';

let ctx: TestContext;
let writer: UpdateWriter;
let mine: Awaited<ReturnType<typeof makeBid>>;
let theirs: Awaited<ReturnType<typeof makeBid>>;
let member: Awaited<ReturnType<typeof actorOf>>;
let observer: Awaited<ReturnType<typeof actorOf>>;
let sections: Awaited<ReturnType<typeof listSections>>;

const DAY = 86_400_000;

/** A Yjs update holding these paragraphs, as the editor stores them. */
function paragraphs(...texts: string[]): Uint8Array {
	const doc = new Y.Doc();
	doc.getXmlFragment(SECTION_FIELD).insert(
		0,
		texts.map((t) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(t)]);
			return p;
		})
	);
	return Y.encodeStateAsUpdate(doc);
}

/** Writes text into a section through the collaboration server's writer, then lets the room leave memory (compaction). */
async function write(sectionId: string, ...texts: string[]) {
	writer.push(sectionRoom(sectionId), paragraphs(...texts));
	expect(await writer.drain(sectionRoom(sectionId))).toBe(true);
}

const plain = (parts: Array<{ text: string }>) => parts.map((p) => p.text).join('');
const marked = (parts: Array<{ text: string; mark: boolean }>) => parts.filter((p) => p.mark).map((p) => p.text);
const find = async (who: Parameters<typeof search>[1], q: string) => (await search(ctx, who, q)).results;

const inputOf = (s: (typeof sections)[number], title: string) => ({
	title,
	lotId: s.lotId,
	authorIds: s.authors.map((a) => a.id),
	reviewerId: s.reviewerId,
	limitKind: s.limitKind,
	limitValue: s.limitValue,
	criterion: s.criterion,
	dueAt: s.dueAt
});

beforeAll(async () => {
	ctx = await createTestContext();
	writer = new UpdateWriter(ctx.db, { flushDelayMs: 5, compactEvery: 500, now: () => ctx.now() });
	mine = await makeBid(ctx, 1);
	theirs = await makeBid(ctx, 1);
	member = await addBidMember(ctx, mine.bidId, 'member');
	observer = await addBidMember(ctx, mine.bidId, 'observer', mine.org.id);
	sections = await listSections(ctx.db, mine.bidId);
	await write(
		sections[0]!.id,
		'Le livret sera lisible par tous : contrastes, taille de texte, accessibilité de la version numérique.',
		'<script>alert("x")</script> <b>gras</b> reste du texte.'
	);
	await write(sections[1]!.id, 'Nos références : guide des randonnées du Pays de Bourganeuf.');
	// The same words in a stranger's bid.
	const theirSections = await listSections(ctx.db, theirs.bidId);
	await write(theirSections[0]!.id, 'Le livret sera lisible par tous : accessibilité de la version numérique, références.');
});

afterAll(async () => {
	await writer.close();
	await ctx.cleanup();
});

describe('search', () => {
	it('finds a word without its accents, highlighted, linking to the section', async () => {
		const results = await find(member, 'accessibilite');
		expect(results).toHaveLength(1);
		const [hit] = results;
		expect(hit!.kind).toBe('section');
		expect(hit!.kindLabel).toBe('Section');
		expect(hit!.href).toBe(`/reponses/${mine.bidId}/sections/${sections[0]!.id}`);
		expect(marked(hit!.excerpt)).toEqual(['accessibilité']);
		expect(hit!.context).toBe('Accompagnement numérique — Mairie de Guéret');
	});

	it('meets singular and plural both ways', async () => {
		for (const q of ['référence', 'references', 'randonnée', 'randonnees']) {
			const hrefs = (await find(member, q)).map((r) => r.href);
			expect(hrefs, q).toContain(`/reponses/${mine.bidId}/sections/${sections[1]!.id}`);
		}
	});

	it('ranks a title above a body', async () => {
		const titled = sections[2]!;
		await updateSection(ctx, mine.coordinator, mine.bidId, titled.id, inputOf(titled, 'Accessibilité numérique'));
		const results = await find(member, 'accessibilité numérique');
		expect(results.map((r) => r.href)).toEqual([
			`/reponses/${mine.bidId}/sections/${titled.id}`,
			`/reponses/${mine.bidId}/sections/${sections[0]!.id}`
		]);
		expect(marked(results[0]!.title)).toEqual(['Accessibilité', 'numérique']);
	});

	it('keeps markup written in a section as text', async () => {
		const [hit] = await find(member, 'script gras');
		expect(plain(hit!.excerpt)).toContain('<script>alert("x")</script> <b>gras</b>');
		expect(marked(hit!.excerpt)).toEqual(['script', 'script', 'gras']);
	});

	it('never shows a stranger’s text, even with the exact words, and shows observers their bid', async () => {
		const stranger = theirs.coordinator;
		const q = 'Le livret sera lisible par tous accessibilité de la version numérique';
		expect((await find(stranger, q)).map((r) => r.href)).toEqual([expect.stringContaining(`/reponses/${theirs.bidId}/`)]);
		expect((await find(member, q)).map((r) => r.href)).toEqual([expect.stringContaining(`/reponses/${mine.bidId}/`)]);
		expect((await find(observer, q)).map((r) => r.href)).toEqual([expect.stringContaining(`/reponses/${mine.bidId}/`)]);
		expect(await find(stranger, 'Guéret references')).toSatisfy((rs: Array<{ href: string }>) =>
			rs.every((r) => !r.href.includes(mine.bidId) && !r.href.includes(mine.tenderId))
		);
	});

	it('filters before ranking: many hidden hits never push out a visible one', async () => {
		for (let i = 0; i < 45; i++) {
			await createTender(ctx, theirs.coordinator, {
				buyer: 'Ville voisine',
				reference: `PAT-${i}`,
				title: `Valorisation du patrimoine bâti ${i}`,
				procedure: 'mapa',
				platformUrl: '',
				estimateCents: null,
				questionsDeadline: null,
				dlro: ctx.now() + 10 * DAY
			});
		}
		await addLot(ctx, mine.coordinator, mine.tenderId, {
			number: 2,
			title: 'Signalétique du patrimoine',
			estimateCents: null,
			priceForm: 'forfait',
			pageLimit: null,
			criteria: [{ label: 'Prix', weightPct: 100 }]
		});
		expect((await search(ctx, theirs.coordinator, 'patrimoine')).more).toBe(true);
		const results = await find(member, 'patrimoine');
		expect(results.map((r) => [r.kind, r.href])).toEqual([['tender', `/appels-d-offres/${mine.tenderId}`]]);
		expect(results[0]!.kindLabel).toBe("Appel d'offres");
		expect(marked(results[0]!.excerpt)).toEqual(['patrimoine']);
	});

	it('finds comments, linking to them in their section', async () => {
		const { id } = await addComment(ctx, member, mine.bidId, sections[1]!.id, 'Ajouter le calendrier des maraudes estivales ?');
		const [hit] = await find(observer, 'maraude estivale');
		expect(hit).toMatchObject({
			kind: 'comment',
			kindLabel: 'Commentaire',
			href: `/reponses/${mine.bidId}/sections/${sections[1]!.id}#commentaire-${id}`
		});
		expect(plain(hit!.title)).toBe(`Discussion de la section « ${sections[1]!.title} »`);
		expect(await find(theirs.coordinator, 'maraudes estivales')).toEqual([]);
	});

	it('follows titles, new and deleted sections', async () => {
		const id = await createSection(ctx, mine.coordinator, mine.bidId, { ...inputOf(sections[0]!, 'Gouvernance du projet'), lotId: null });
		expect((await find(member, 'gouvernance')).map((r) => r.href)).toEqual([`/reponses/${mine.bidId}/sections/${id}`]);
		const row = (await listSections(ctx.db, mine.bidId)).find((s) => s.id === id)!;
		await updateSection(ctx, mine.coordinator, mine.bidId, id, inputOf(row, 'Pilotage du projet'));
		expect(await find(member, 'gouvernance')).toEqual([]);
		expect(await find(member, 'pilotage')).toHaveLength(1);
		await write(id, 'Comité de pilotage mensuel.');
		await addComment(ctx, member, mine.bidId, id, 'Le comité mensuel suffit-il ?');
		await deleteSection(ctx, mine.coordinator, mine.bidId, id);
		expect(await find(member, 'pilotage')).toEqual([]);
		expect(await find(member, 'comité mensuel')).toEqual([]);
	});

	it('indexes co-written text at compaction, not at each update', async () => {
		const room = sectionRoom(sections[3]!.id);
		writer.push(room, paragraphs('Ateliers de coconception hebdomadaires.'));
		expect(await writer.flush()).toBe(true);
		expect(await find(member, 'coconception')).toEqual([]);
		expect(await writer.drain(room)).toBe(true);
		expect(await find(member, 'coconception')).toHaveLength(1);
	});

	it('stops showing a bid to a member removed from it', async () => {
		expect(await find(member, 'accessibilite lisible')).toHaveLength(1);
		await removeMember(ctx, mine.coordinator, mine.bidId, member.id);
		expect(await find(member, 'accessibilite lisible')).toEqual([]);
		expect(await find(member, 'patrimoine')).toEqual([]);
	});

	it('answers an empty query without searching', async () => {
		expect(await search(ctx, observer, '  « » ')).toEqual({ query: '« »', searched: false, results: [], more: false });
	});
});
