/** Builds a tender with lots and a bid through the real services, and readies it for submission (unit tests). */
import type { AppContext } from '../../src/lib/server/context';
import { addLot, createTender } from '../../src/lib/server/tenders/tenders.service';
import { createBid } from '../../src/lib/server/bids/create-bid';
import { loadActor } from '../../src/lib/server/accounts/accounts.service';
import { makeOrganisation, makeUser } from './factories';
import { newId } from '../../src/lib/server/ids';
import { createDeliverable } from '../../src/lib/server/bids/deliverables.service';
import { updateChecklistItem } from '../../src/lib/server/requirements/requirements.service';
import { computeBidSplit } from '../../src/lib/server/split/split-input';

import * as Y from 'yjs';
import { appendUpdates } from '../../src/lib/server/collab/persistence';
import { SECTION_FIELD } from '../../src/lib/server/collab/text';
import { sectionRoom } from '../../src/lib/server/sections/state';
import { listSections } from '../../src/lib/server/sections/sections.repository';

const DAY = 86_400_000;

export async function actorOf(ctx: AppContext, userId: string) {
	const u = await ctx.db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
	return { ...(await loadActor(ctx, userId)), email: u.email, name: u.name };
}

/** A coordinator in their own organisation, a tender with `lots` lots, and a bid on all of them. */
export async function makeBid(ctx: AppContext, lots = 2) {
	const { user } = await makeUser(ctx, { name: 'Coordinatrice' });
	const org = await makeOrganisation(ctx, user.id);
	const coordinator = await actorOf(ctx, user.id);
	const tenderId = await createTender(ctx, coordinator, {
		buyer: 'Mairie de Guéret',
		reference: `REF-${newId().slice(0, 5)}`,
		title: 'Accompagnement numérique',
		procedure: 'mapa',
		platformUrl: '',
		estimateCents: 2_000_000,
		questionsDeadline: null,
		dlro: ctx.now() + 10 * DAY
	});
	const lotIds: string[] = [];
	for (let i = 1; i <= lots; i++) {
		lotIds.push(
			await addLot(ctx, coordinator, tenderId, {
				number: i,
				title: `Lot ${i}`,
				estimateCents: 1_000_000,
				priceForm: 'bpu_dqe',
				pageLimit: 10,
				criteria: [
					{ label: 'Prix', weightPct: 40 },
					{ label: 'Valeur technique', weightPct: 60 }
				]
			})
		);
	}
	const bidId = await createBid(ctx, coordinator, tenderId, lotIds);
	return { coordinator, org, tenderId, lotIds, bidId };
}

/** Adds a person of a (new or given) organisation to the bid directly. */
export async function addBidMember(ctx: AppContext, bidId: string, role: 'member' | 'observer', orgId?: string) {
	const { user } = await makeUser(ctx);
	let organisationId = orgId;
	if (!organisationId) organisationId = (await makeOrganisation(ctx, user.id)).id;
	else {
		await ctx.db
			.insertInto('memberships')
			.values({
				id: newId(),
				organisation_id: organisationId,
				user_id: user.id,
				role: role === 'observer' ? 'support' : 'entrepreneur',
				contribution_rate_bp: null,
				created_at: ctx.now()
			})
			.execute();
	}
	await ctx.db
		.insertInto('bid_members')
		.values({ bid_id: bidId, user_id: user.id, organisation_id: organisationId, role, joined_at: ctx.now() })
		.execute();
	return actorOf(ctx, user.id);
}

type BidSetup = Awaited<ReturnType<typeof makeBid>>;

/** One price line of the first lot, the coordinator's alone (what a bid needs to be submittable). */
export async function addOneLine(ctx: AppContext, b: BidSetup): Promise<void> {
	await createDeliverable(ctx, b.coordinator, b.bidId, {
		lotId: b.lotIds[0]!,
		code: 'L1-1',
		label: 'Atelier',
		quantityMilli: 1000,
		unit: 'jour',
		unitPriceCents: 50_000,
		assignees: [{ userId: b.coordinator.id, weight: 1 }]
	});
}

/** Every required piece of the bid marked provided, by the coordinator. */
export async function provideAllPieces(ctx: AppContext, b: Pick<BidSetup, 'coordinator' | 'bidId'>): Promise<void> {
	for (const item of await ctx.db.selectFrom('requirement_items').select('id').where('bid_id', '=', b.bidId).execute()) {
		await updateChecklistItem(ctx, b.coordinator, b.bidId, item.id, { status: 'provided', ownerId: b.coordinator.id });
	}
}

/** Every member's acceptance of the current split, as if each had clicked « J’accepte ». */
export async function acceptSplitForAll(ctx: AppContext, bidId: string): Promise<void> {
	for (const p of (await computeBidSplit(ctx.db, bidId)).people) {
		await ctx.db
			.insertInto('split_acceptances')
			.values({ bid_id: bidId, user_id: p.personId, accepted_at: ctx.now(), gross_cents: p.grossCents, net_cents: p.netCents })
			.execute();
	}
}

/**
 * Writes one paragraph into a section's stored document, as the collaboration server stores an
 * editor's update (an empty section can be neither validated nor submitted).
 */
export async function writeSection(ctx: AppContext, sectionId: string, text = 'Notre démarche, pas à pas.'): Promise<void> {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	doc.getXmlFragment(SECTION_FIELD).insert(0, [paragraph]);
	await appendUpdates(ctx.db, sectionRoom(sectionId), [Y.encodeStateAsUpdate(doc)], ctx.now());
}

/** Writes a paragraph into every section of the bid. */
export async function writeAllSections(ctx: AppContext, bidId: string): Promise<void> {
	for (const s of await listSections(ctx.db, bidId)) await writeSection(ctx, s.id);
}
