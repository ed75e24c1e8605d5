/**
 * Starting a bid from a past one (issue 16, item 4), on the real demo: Anne starts a bid on a new
 * tender from the demo's submitted bid (2026-OTMV-007). What is copied (outline, chosen contents,
 * price lines to recheck, hand-added pieces) and what never is (members, acceptances, comments,
 * versions, files, the frozen record, activity); a bid the actor is not a member of answers 404;
 * the lots mapping; the copied text is the readers' settled text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { actorOf, makeBid } from '../../support/bids';
import { makeOrganisation, makeUser } from '../../support/factories';
import { createBidFromPast, listPastBids, pastBidOutline, type FromPastChoice } from '../../../src/lib/server/bids/from-past';
import { mapLots } from '../../../src/lib/server/bids/from-past-rules';
import { addLot, addRequirement, createTender } from '../../../src/lib/server/tenders/tenders.service';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { docToPlainText, SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { readSectionContent, sectionRoom } from '../../../src/lib/server/sections/state';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { listDeliverables } from '../../../src/lib/server/bids/deliverables.repository';
import { updateDeliverable } from '../../../src/lib/server/bids/deliverables.service';
import { DomainError } from '../../../src/lib/server/errors';
import { SUBMITTED_DEMO_REFERENCE } from '../../../src/lib/server/demo/submitted-bid-seed';
import { getBidActivity } from '../../../src/lib/server/bids/bid-overview';

const DAY = 86_400_000;
let ctx: TestContext;

beforeAll(async () => {
	ctx = await createTestContext({ COTRAIT_DEMO: '1' });
	const { seedDemoIfEmpty } = await import('../../../src/lib/server/demo/seed');
	await seedDemoIfEmpty(ctx);
});
afterAll(() => ctx.cleanup());

async function demoSource() {
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'bids.coordinator_id'])
		.where('tenders.reference', '=', SUBMITTED_DEMO_REFERENCE)
		.executeTakeFirstOrThrow();
	return { bidId: bid.id, anne: await actorOf(ctx, bid.coordinator_id) };
}

/** A new tender by `actor` with the given lots (number, title). */
async function tenderWith(actor: Awaited<ReturnType<typeof actorOf>>, lots: Array<[number, string]>) {
	const tenderId = await createTender(ctx, actor, {
		buyer: 'Communauté de communes Creuse Sud-Ouest',
		reference: `NEW-${Math.random().toString(36).slice(2, 7)}`,
		title: 'Guide des sentiers',
		procedure: 'mapa',
		platformUrl: '',
		estimateCents: 900_000,
		questionsDeadline: null,
		dlro: ctx.now() + 20 * DAY
	});
	const lotIds: string[] = [];
	for (const [number, title] of lots)
		lotIds.push(
			await addLot(ctx, actor, tenderId, {
				number,
				title,
				estimateCents: null,
				priceForm: 'dpgf',
				pageLimit: null,
				criteria: [
					{ label: 'Prix', weightPct: 40 },
					{ label: 'Valeur technique', weightPct: 60 }
				]
			})
		);
	return { tenderId, lotIds };
}

const rows = (table: 'bid_members' | 'split_acceptances' | 'submissions' | 'payments', bidId: string) =>
	ctx.db.selectFrom(table).select('bid_id').where('bid_id', '=', bidId).execute();

describe('a bid started from the demo’s submitted bid', () => {
	it('has its outline and the two chosen texts, price lines to recheck, and nothing of its people, record or files', async () => {
		const { bidId: sourceId, anne } = await demoSource();
		const past = await listPastBids(ctx, anne);
		expect(past.map((b) => b.id)).toContain(sourceId);
		const offered = await pastBidOutline(ctx, anne, sourceId);
		expect(offered.sections).toHaveLength(7);
		expect(offered.lines).toBe(4);
		const chosen = offered.sections.filter((s) => s.title === 'Méthodologie' || s.title === 'Références');

		const { tenderId, lotIds } = await tenderWith(anne, [[1, 'Conception du guide']]);
		const choice: FromPastChoice = { sourceBidId: sourceId, outline: true, contents: chosen.map((s) => s.id), pieces: true, prices: true };
		const result = await createBidFromPast(ctx, anne, tenderId, lotIds, choice);
		expect(result).toMatchObject({ contentsNotCopied: [], notes: [] });
		const bidId = result.bidId;

		const source = await listSections(ctx.db, sourceId);
		const sections = await listSections(ctx.db, bidId);
		expect(sections.map((s) => [s.title, s.limitKind, s.limitValue, s.criterion])).toEqual(
			source.map((s) => [s.title, s.limitKind, s.limitValue, s.criterion])
		);
		for (const s of sections) {
			expect(s).toMatchObject({ lotId: lotIds[0], state: 'draft', reviewerId: null, dueAt: null });
			expect(s.authors.map((a) => a.id)).toEqual([anne.id]);
		}
		for (const s of sections) {
			const text = (await readSectionContent(ctx, s.id)).text;
			const from = source.find((x) => x.title === s.title)!;
			if (chosen.some((c) => c.title === s.title)) {
				expect(text).toBe((await readSectionContent(ctx, from.id)).text);
				expect(text.length).toBeGreaterThan(20);
			} else expect(text).toBe('');
		}
		// Content, not history: one stored update per copied section, none for the others.
		const stored = await ctx.db
			.selectFrom('collab_updates')
			.select('room')
			.where(
				'room',
				'in',
				sections.map((s) => sectionRoom(s.id))
			)
			.execute();
		expect(stored).toHaveLength(2);

		const lines = await listDeliverables(ctx.db, bidId);
		expect(lines.map((l) => [l.code, l.label, l.quantityMilli, l.unitPriceCents, l.lotId, l.recheck])).toEqual(
			(await listDeliverables(ctx.db, sourceId)).map((l) => [l.code, l.label, l.quantityMilli, l.unitPriceCents, lotIds[0], 1])
		);
		expect(lines.every((l) => l.assignees.length === 1 && l.assignees[0]!.userId === anne.id && l.status === 'todo')).toBe(true);

		// Never: members but the coordinator, acceptances, the record, payments, files, comments, versions.
		expect(await ctx.db.selectFrom('bid_members').select(['user_id', 'role']).where('bid_id', '=', bidId).execute()).toEqual([
			{ user_id: anne.id, role: 'coordinator' }
		]);
		for (const table of ['split_acceptances', 'submissions', 'payments'] as const) expect(await rows(table, bidId)).toEqual([]);
		expect(await ctx.db.selectFrom('files').select('id').where('bid_id', '=', bidId).execute()).toEqual([]);
		const ids = sections.map((s) => s.id);
		expect(await ctx.db.selectFrom('section_versions').select('id').where('section_id', 'in', ids).execute()).toEqual([]);
		expect(await ctx.db.selectFrom('section_comments').select('id').where('section_id', 'in', ids).execute()).toEqual([]);
		const items = await ctx.db
			.selectFrom('requirement_items')
			.select(['status', 'file_id', 'owner_id'])
			.where('bid_id', '=', bidId)
			.execute();
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.status === 'todo' && i.file_id === null && i.owner_id === null)).toBe(true);
		const bid = await ctx.db.selectFrom('bids').selectAll().where('id', '=', bidId).executeTakeFirstOrThrow();
		expect(bid).toMatchObject({
			status: 'draft',
			fee_rate_bp: 0,
			form: 'unique',
			logo_file_id: null,
			decided_at: null,
			submitted_at: null
		});

		// One activity entry, said in French.
		const activity = await ctx.db.selectFrom('activity').selectAll().where('bid_id', '=', bidId).execute();
		expect(activity.map((a) => `${a.entity}.${a.action}`)).toEqual(['bid.created']);
		const said = (await getBidActivity(ctx, anne, bidId)).map((e) => [e.text, ...e.details].join(' | ')).join('\n');
		expect(said).toContain('à partir de la réponse à « Livret d’accueil des visiteurs, imprimé et en ligne »');
		expect(said).toContain('Copié : plan (7 sections), contenu de 2 sections, 4 lignes de prix à revérifier');

		// Saving a copied line confirms it.
		const line = lines[0]!;
		await updateDeliverable(ctx, anne, bidId, line.id, {
			lotId: line.lotId,
			code: line.code,
			label: line.label,
			quantityMilli: line.quantityMilli,
			unit: line.unit,
			unitPriceCents: line.unitPriceCents,
			assignees: [{ userId: anne.id, weight: 1 }]
		});
		expect((await listDeliverables(ctx.db, bidId)).find((l) => l.id === line.id)!.recheck).toBe(0);
	});

	it('refuses, as not found, a bid the actor is not a member of, before creating anything', async () => {
		const { bidId: sourceId } = await demoSource();
		const { user } = await makeUser(ctx);
		await makeOrganisation(ctx, user.id);
		const stranger = await actorOf(ctx, user.id);
		const { tenderId, lotIds } = await tenderWith(stranger, [[1, 'Lot unique']]);
		const attempt = createBidFromPast(ctx, stranger, tenderId, lotIds, {
			sourceBidId: sourceId,
			outline: true,
			contents: [],
			pieces: false,
			prices: false
		});
		await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
		await expect(pastBidOutline(ctx, stranger, sourceId)).rejects.toBeInstanceOf(DomainError);
		expect(await ctx.db.selectFrom('bids').select('id').where('tender_id', '=', tenderId).execute()).toEqual([]);
		expect((await listPastBids(ctx, stranger)).map((b) => b.id)).not.toContain(sourceId);
	});

	it('checks the choice in French: contents need the outline, sections of that bid only, something to copy', async () => {
		const { bidId: sourceId, anne } = await demoSource();
		const { tenderId, lotIds } = await tenderWith(anne, [[1, 'Lot unique']]);
		const base: FromPastChoice = { sourceBidId: sourceId, outline: false, contents: [], pieces: false, prices: false };
		const sectionId = (await listSections(ctx.db, sourceId))[0]!.id;
		await expect(createBidFromPast(ctx, anne, tenderId, lotIds, base)).rejects.toMatchObject({ fields: { depuis: expect.any(String) } });
		await expect(createBidFromPast(ctx, anne, tenderId, lotIds, { ...base, pieces: true, contents: [sectionId] })).rejects.toMatchObject({
			fields: { contenus: 'Pour copier le contenu de sections, copiez aussi le plan.' }
		});
		await expect(createBidFromPast(ctx, anne, tenderId, lotIds, { ...base, outline: true, contents: ['autre'] })).rejects.toMatchObject({
			fields: { contenus: expect.stringContaining('réponse d’origine') }
		});
	});
});

describe('lots, pieces and pending text', () => {
	it('maps lots by number and title, puts a lot without counterpart in the first chosen lot, and gives the others the default outline', () => {
		const past = [
			{ id: 'p1', number: 1, title: 'Impression' },
			{ id: 'p2', number: 2, title: 'Site web' },
			{ id: 'p3', number: 3, title: 'Vidéo' }
		];
		const chosen = [
			{ id: 'n1', number: 1, title: 'Site Web' },
			{ id: 'n2', number: 2, title: 'Ateliers' }
		];
		expect(Object.fromEntries(mapLots(past, chosen))).toEqual({
			p2: { lotId: 'n1', matched: true }, // same title, renumbered
			p1: { lotId: 'n1', matched: false }, // its number's lot was taken by the title match, and n2 is number 2
			p3: { lotId: 'n1', matched: false }
		});
		expect(mapLots([{ id: 'p', number: 2, title: 'Impression' }], chosen).get('p')).toEqual({ lotId: 'n2', matched: true });
	});

	it('copies the pieces added by hand, once, and not the standard set; two past lots without counterpart land in the first chosen lot', async () => {
		const b = await makeBid(ctx, 2);
		await addRequirement(ctx, b.coordinator, b.tenderId, 'Attestation URSSAF de moins de six mois', 'member_lot');
		await addRequirement(ctx, b.coordinator, b.tenderId, 'Kbis', 'group');
		const { tenderId, lotIds } = await tenderWith(b.coordinator, [
			[2, 'Lot 2'],
			[5, 'Autre chose']
		]);
		await addRequirement(ctx, b.coordinator, tenderId, 'KBIS', 'group');
		const before = await ctx.db.selectFrom('requirements').select('id').where('tender_id', '=', tenderId).execute();
		const { bidId } = await createBidFromPast(ctx, b.coordinator, tenderId, lotIds, {
			sourceBidId: b.bidId,
			outline: true,
			contents: [],
			pieces: true,
			prices: false
		});
		const pieces = await ctx.db
			.selectFrom('requirements')
			.select(['label', 'scope'])
			.where('tender_id', '=', tenderId)
			.orderBy('position')
			.execute();
		expect(pieces).toHaveLength(before.length + 1);
		expect(pieces.at(-1)).toEqual({ label: 'Attestation URSSAF de moins de six mois', scope: 'member_lot' });
		const items = await ctx.db.selectFrom('requirement_items').select('id').where('bid_id', '=', bidId).execute();
		expect(items.length).toBeGreaterThan(0);
		// Source: 7 sections for lot 1 and 7 for lot 2; lot 2 → new lot 2, lot 1 → the first chosen lot (also lot 2).
		const sections = await listSections(ctx.db, bidId);
		expect(sections.filter((s) => s.lotId === lotIds[0])).toHaveLength(14);
		expect(sections.filter((s) => s.lotId === lotIds[1])).toHaveLength(7); // the default outline
	});

	it('gives a chosen lot that got no copied section the default outline', async () => {
		const b = await makeBid(ctx, 1);
		const { tenderId, lotIds } = await tenderWith(b.coordinator, [
			[1, 'Lot 1'],
			[2, 'Lot 2']
		]);
		const { bidId } = await createBidFromPast(ctx, b.coordinator, tenderId, lotIds, {
			sourceBidId: b.bidId,
			outline: true,
			contents: [],
			pieces: false,
			prices: false
		});
		const sections = await listSections(ctx.db, bidId);
		expect(sections.filter((s) => s.lotId === lotIds[0])).toHaveLength(7);
		expect(sections.filter((s) => s.lotId === lotIds[1])).toHaveLength(7);
		expect(sections.map((s) => s.position)).toEqual([...sections.keys()]);
	});

	it('copies the settled text as the readers give it, never a pending suggestion mark or the source’s history', async () => {
		const b = await makeBid(ctx, 1);
		const from = (await listSections(ctx.db, b.bidId))[0]!;
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		const p = new Y.XmlElement('paragraph');
		const t = new Y.XmlText();
		p.insert(0, [t]);
		doc.getXmlFragment(SECTION_FIELD).insert(0, [p]);
		t.insert(0, 'Texte arrêté. ');
		t.insert(14, 'Proposition en attente.', { insertion: { id: 'sugg-1' } });
		t.insert(0, 'Début. ', { bold: {} });
		await appendUpdates(ctx.db, sectionRoom(from.id), updates, ctx.now());

		const { tenderId, lotIds } = await tenderWith(b.coordinator, [[1, 'Lot 1']]);
		const { bidId } = await createBidFromPast(ctx, b.coordinator, tenderId, lotIds, {
			sourceBidId: b.bidId,
			outline: true,
			contents: [from.id],
			pieces: false,
			prices: false
		});
		const to = (await listSections(ctx.db, bidId))[0]!;
		const copy = new Y.Doc();
		const stored = await ctx.db.selectFrom('collab_updates').select('data').where('room', '=', sectionRoom(to.id)).execute();
		expect(stored).toHaveLength(1);
		Y.applyUpdate(copy, stored[0]!.data);
		expect(docToPlainText(copy)).toBe((await readSectionContent(ctx, from.id)).text);
		const runs = (copy.getXmlFragment(SECTION_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		const delta = runs.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>;
		expect(delta.some((op) => op.attributes && 'insertion' in op.attributes)).toBe(false);
		expect(delta[0]).toEqual({ insert: 'Début. ', attributes: { bold: {} } });
	});
});
