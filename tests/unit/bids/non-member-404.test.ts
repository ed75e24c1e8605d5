import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { DomainError } from '../../../src/lib/server/errors';
import * as members from '../../../src/lib/server/bids/members.service';
import * as settings from '../../../src/lib/server/bids/bid-settings.service';
import { authorizeBid } from '../../../src/lib/server/bids/bid-access';
import * as sections from '../../../src/lib/server/sections/sections.service';
import * as deliverables from '../../../src/lib/server/bids/deliverables.service';
import * as requirements from '../../../src/lib/server/requirements/requirements.service';
import { getTender, updateTender, addLot } from '../../../src/lib/server/tenders/tenders.service';
import { downloadFile } from '../../../src/lib/server/files/access';
import { resolveRoomAccess } from '../../../src/lib/server/collab/access';

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let stranger: Awaited<ReturnType<typeof actorOf>>;
let observer: Awaited<ReturnType<typeof actorOf>>;
let sectionId: string;
let lineId: string;
let itemId: string;
let fileId: string;

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx);
	const { user } = await makeUser(ctx, { name: 'Étrangère' });
	await makeOrganisation(ctx, user.id);
	stranger = await actorOf(ctx, user.id);
	observer = await addBidMember(ctx, setup.bidId, 'observer', setup.org.id);
	sectionId = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).executeTakeFirstOrThrow()).id;
	lineId = await deliverables.createDeliverable(ctx, setup.coordinator, setup.bidId, {
		lotId: setup.lotIds[0]!,
		code: 'L1',
		label: 'Atelier',
		quantityMilli: 1000,
		unit: 'u',
		unitPriceCents: 10_000,
		assignees: [{ userId: setup.coordinator.id, weight: 1 }]
	});
	itemId = (await ctx.db.selectFrom('requirement_items').select('id').where('bid_id', '=', setup.bidId).executeTakeFirstOrThrow()).id;
	const { storeUpload } = await import('../../../src/lib/server/files/storage');
	const file = new File([new TextEncoder().encode('%PDF-1.4\n%test\n')], 'piece.pdf', { type: 'application/pdf' });
	fileId = (await storeUpload(ctx, file, { field: 'file', kind: 'piece', bidId: setup.bidId, uploadedBy: setup.coordinator.id })).id;
});
afterAll(() => ctx.cleanup());

async function status(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (e instanceof DomainError) return e.status;
		throw e;
	}
}

describe('a signed-in non-member gets 404 for every bid, section, line, piece and file', () => {
	const sectionInput = () => ({
		title: 'X',
		lotId: null,
		authorIds: [stranger.id],
		reviewerId: null,
		limitKind: 'none' as const,
		limitValue: null,
		criterion: '',
		dueAt: null
	});
	const lineInput = () => ({
		lotId: setup.lotIds[0]!,
		code: '',
		label: 'X',
		quantityMilli: 1000,
		unit: '',
		unitPriceCents: 1,
		assignees: [{ userId: stranger.id, weight: 1 }]
	});
	const cases: Array<[string, () => Promise<unknown>]> = [
		['view bid', () => authorizeBid(ctx, stranger, setup.bidId, 'view')],
		['invite', () => members.inviteToBid(ctx, stranger, setup.bidId, { email: 'x@y.fr', role: 'member' }, 'http://x')],
		['set form', () => settings.setBidForm(ctx, stranger, setup.bidId, 'conjoint')],
		['set lots', () => settings.setBidLots(ctx, stranger, setup.bidId, setup.lotIds)],
		['remove member', () => members.removeMember(ctx, stranger, setup.bidId, observer.id)],
		['leave', () => members.leaveBid(ctx, stranger, setup.bidId)],
		['freeze', () => settings.setInternalFreeze(ctx, stranger, setup.bidId, ctx.now())],
		['view section', () => sections.getSection(ctx, stranger, setup.bidId, sectionId)],
		['create section', () => sections.createSection(ctx, stranger, setup.bidId, sectionInput())],
		['update section', () => sections.updateSection(ctx, stranger, setup.bidId, sectionId, sectionInput())],
		['move section', () => sections.moveSection(ctx, stranger, setup.bidId, sectionId, 1)],
		['delete section', () => sections.deleteSection(ctx, stranger, setup.bidId, sectionId)],
		['create line', () => deliverables.createDeliverable(ctx, stranger, setup.bidId, lineInput())],
		['update line', () => deliverables.updateDeliverable(ctx, stranger, setup.bidId, lineId, lineInput())],
		['delete line', () => deliverables.deleteDeliverable(ctx, stranger, setup.bidId, lineId)],
		['update piece', () => requirements.updateChecklistItem(ctx, stranger, setup.bidId, itemId, { status: 'provided', ownerId: null })],
		['download piece file', () => downloadFile(ctx, stranger, fileId)],
		['view tender', () => getTender(ctx, stranger, setup.tenderId)],
		[
			'add lot',
			() =>
				addLot(ctx, stranger, setup.tenderId, {
					number: 9,
					title: 'x',
					estimateCents: null,
					priceForm: 'dpgf',
					pageLimit: null,
					criteria: [{ label: 'Prix', weightPct: 100 }]
				})
		]
	];
	for (const [name, run] of cases) {
		it(name, async () => {
			expect(await status(run())).toBe(404);
		});
	}

	it('the section room is closed to them', async () => {
		expect(await resolveRoomAccess(ctx.db, stranger.id, `section/${sectionId}`)).toBe('none');
		expect(await resolveRoomAccess(ctx.db, setup.coordinator.id, `section/${sectionId}`)).toBe('write');
		expect(await resolveRoomAccess(ctx.db, observer.id, `section/${sectionId}`)).toBe('read');
	});

	it('nothing was changed by those attempts', async () => {
		const lines = await ctx.db.selectFrom('deliverables').select(['label', 'unit_price_cents']).where('bid_id', '=', setup.bidId).execute();
		expect(lines).toEqual([{ label: 'Atelier', unit_price_cents: 10_000 }]);
		expect(await ctx.db.selectFrom('sections').select('id').where('id', '=', sectionId).execute()).toHaveLength(1);
	});
});

describe('an observer can read but not change anything', () => {
	const cases: Array<[string, () => Promise<unknown>]> = [
		['invite', () => members.inviteToBid(ctx, observer, setup.bidId, { email: 'z@y.fr', role: 'member' }, 'http://x')],
		[
			'create line',
			() =>
				deliverables.createDeliverable(ctx, observer, setup.bidId, {
					lotId: setup.lotIds[0]!,
					code: '',
					label: 'X',
					quantityMilli: 1000,
					unit: '',
					unitPriceCents: 1,
					assignees: [{ userId: observer.id, weight: 1 }]
				})
		],
		['delete line', () => deliverables.deleteDeliverable(ctx, observer, setup.bidId, lineId)],
		['move section', () => sections.moveSection(ctx, observer, setup.bidId, sectionId, 1)],
		['update piece', () => requirements.updateChecklistItem(ctx, observer, setup.bidId, itemId, { status: 'provided', ownerId: null })],
		[
			'update tender',
			() =>
				updateTender(ctx, observer, setup.tenderId, {
					buyer: 'x',
					reference: 'x',
					title: 'x',
					procedure: 'mapa',
					platformUrl: '',
					estimateCents: null,
					questionsDeadline: null,
					dlro: ctx.now() + 1e9
				})
		]
	];
	for (const [name, run] of cases) {
		it(`${name} → 403`, async () => {
			expect(await status(run())).toBe(403);
		});
	}
	it('can view and download', async () => {
		expect(await status(authorizeBid(ctx, observer, setup.bidId, 'view'))).toBe(200);
		expect(await status(downloadFile(ctx, observer, fileId))).toBe(200);
	});
});
