/**
 * Readiness that is right (issue 14): an empty section — nothing, spaces, or titles only —
 * cannot be validated and blocks the submission; a section or a lot's mémoire over its limit
 * blocks; the pieces Cotrait produces at submission do not; DC2 and insurance are asked per
 * member unless the tender asks them per lot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { acceptSplitForAll, addBidMember, addOneLine, makeBid, writeSection } from '../../support/bids';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { sectionRoom } from '../../../src/lib/server/sections/state';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { readiness } from '../../../src/lib/server/submission/readiness';
import { syncRequirementItems } from '../../../src/lib/server/requirements/sync';
import { listChecklist } from '../../../src/lib/server/requirements/requirements.repository';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

/** Stores a document of headings and paragraphs in a section, as the editor's update would. */
async function store(sectionId: string, blocks: Array<{ h: string } | { p: string }>) {
	const doc = new Y.Doc();
	doc.getXmlFragment(SECTION_FIELD).insert(
		0,
		blocks.map((b) => {
			const el = new Y.XmlElement('h' in b ? 'heading' : 'paragraph');
			if ('h' in b) el.setAttribute('level', 2 as unknown as string);
			el.insert(0, [new Y.XmlText('h' in b ? b.h : b.p)]);
			return el;
		})
	);
	await appendUpdates(ctx.db, sectionRoom(sectionId), [Y.encodeStateAsUpdate(doc)], ctx.now());
}

async function sectionsOf(bidId: string) {
	return ctx.db.selectFrom('sections').select(['id', 'title', 'lot_id']).where('bid_id', '=', bidId).orderBy('position').execute();
}

describe('readiness of a bid', () => {
	it('refuses to validate a section holding only spaces or titles, with the reason', async () => {
		const b = await makeBid(ctx, 1);
		const [first, second] = await sectionsOf(b.bidId);
		await store(first!.id, [{ h: 'Méthodologie' }, { p: '   \u00a0 ' }, { h: 'Organisation' }]);
		const refusal = await transitionSection(ctx, b.coordinator, b.bidId, first!.id, 'validate').catch((e: DomainError) => e);
		expect(refusal).toBeInstanceOf(DomainError);
		expect((refusal as DomainError).message).toBe(`« ${first!.title} » est vide : écrivez son contenu avant de la valider.`);
		const empty = await transitionSection(ctx, b.coordinator, b.bidId, second!.id, 'validate').catch((e: DomainError) => e);
		expect((empty as DomainError).status).toBe(409);
		await store(first!.id, [{ p: 'Nous animons trois ateliers.' }]);
		expect(await transitionSection(ctx, b.coordinator, b.bidId, first!.id, 'validate')).toBe('validated');
	});

	it('blocks on every empty section, even one validated before this rule, and links to it', async () => {
		const b = await makeBid(ctx, 1);
		const sections = await sectionsOf(b.bidId);
		for (const s of sections.slice(1)) await writeSection(ctx, s.id);
		await ctx.db.updateTable('sections').set({ state: 'validated' }).where('bid_id', '=', b.bidId).execute();
		const { blockers } = await readiness(ctx, b.bidId, ctx.now());
		const sectionBlockers = blockers.filter((x) => x.kind === 'section');
		expect(sectionBlockers).toEqual([
			{
				kind: 'section',
				message: `Section vide : « ${sections[0]!.title} » (lot 1) — écrivez son contenu.`,
				link: `/reponses/${b.bidId}/sections/${sections[0]!.id}`
			}
		]);
	});

	it('blocks a section over its character limit and a lot whose mémoire passes its page limit', async () => {
		const b = await makeBid(ctx, 2);
		const sections = await sectionsOf(b.bidId);
		for (const s of sections) await writeSection(ctx, s.id);
		const limited = sections.find((s) => s.lot_id === b.lotIds[0])!;
		const lotSection = sections.find((s) => s.lot_id === b.lotIds[1]);
		await ctx.db
			.updateTable('sections')
			.set({ limit_kind: 'characters', limit_value: 10, state: 'validated' })
			.where('id', '=', limited.id)
			.execute();
		// Lot 2 allows one page (3 000 characters): its own section alone carries 3 500.
		await ctx.db.updateTable('lots').set({ page_limit: 1 }).where('id', '=', b.lotIds[1]!).execute();
		expect(lotSection).toBeDefined();
		await store(lotSection!.id, [{ p: 'x'.repeat(3500) }]);
		const { blockers } = await readiness(ctx, b.bidId, ctx.now());
		const messages = blockers.map((x) => x.message);
		expect(messages).toContain(`Section trop longue : « ${limited.title} » (lot 1) — 26 caractères sur 10 · ≈ 0,1 page.`);
		expect(messages.some((m) => m.startsWith('Le mémoire du lot 2 dépasse sa limite : ≈ 1,2 page'))).toBe(true);
		expect(messages.some((m) => m.startsWith('Le mémoire du lot 1'))).toBe(false);
	});

	it('asks DC2 and insurance once per member unless the tender says per lot, and never blocks on what Cotrait produces', async () => {
		const b = await makeBid(ctx, 2);
		await addBidMember(ctx, b.bidId, 'member');
		await syncRequirementItems(ctx.db, b.bidId);
		const items = await listChecklist(ctx.db, b.bidId);
		const dc2 = items.filter((i) => i.label.startsWith('DC2'));
		expect(dc2.map((i) => i.lotNumber)).toEqual([null, null]);
		await addOneLine(ctx, b);
		await acceptSplitForAll(ctx, b.bidId);
		const pieces = (await readiness(ctx, b.bidId, ctx.now())).blockers.filter((x) => x.kind === 'piece').map((x) => x.message);
		expect(pieces.some((m) => /DC1|DC2|ATTRI1|Mémoire technique/.test(m))).toBe(false);
		expect(pieces.some((m) => m.includes('Bordereau des prix'))).toBe(true);
		expect(pieces.some((m) => m.includes('Attestation d’assurance'))).toBe(true);

		await ctx.db.updateTable('tenders').set({ dc2_per_lot: 1 }).where('id', '=', b.tenderId).execute();
		await syncRequirementItems(ctx.db, b.bidId);
		const perLot = (await listChecklist(ctx.db, b.bidId)).filter((i) => i.label.startsWith('DC2'));
		expect(perLot.map((i) => i.lotNumber).sort()).toEqual([1, 1, 2, 2]);
	});
});
