/**
 * Demo: the worked example of docs/DOMAIN.md as Anne's bid — a tender with two lots,
 * Anne (coordinator, GAMMA), Bruno (GAMMA), Chloé (DELTA), Dora (GAMMA support, observer),
 * the six price lines, a 4 % coordination fee, Bruno having accepted the split.
 *
 * The tender, bid and price lines go through the use cases; the members, form, fee, authors and
 * Bruno's acceptance are written through their owners' repositories, as if each person had
 * already answered (the use cases would add invitations, activity and notifications the worked
 * example does not have).
 */
import type { AppContext } from '../context';
import { addLot, createTender } from '../tenders/tenders.service';
import { createBid } from '../bids/create-bid';
import { createDeliverable } from '../bids/deliverables.service';
import { computeBidSplit } from '../split/split-input';
import { syncRequirementItems } from '../requirements/sync';
import { insertMember, updateBidForm } from '../bids/bids.repository';
import { listOutline, setReviewer } from '../sections/sections.repository';
import { setFeeRate, upsertAcceptance } from '../split/split.repository';
import { addDemoAuthor } from './authors';
import type { DemoIds } from './seed';

const DAY = 24 * 3600 * 1000;

export async function seedDemoBid(ctx: AppContext, ids: DemoIds): Promise<string> {
	const anne = {
		id: ids.users.anne,
		organisationId: ids.orgs.gamma,
		orgRole: 'admin' as const,
		name: 'Anne Martin',
		email: 'anne@demo.test'
	};
	// A DLRO twelve days ahead, at noon Paris time.
	const dlroDate = new Date(ctx.now() + 12 * DAY);
	const dlro = Date.UTC(dlroDate.getUTCFullYear(), dlroDate.getUTCMonth(), dlroDate.getUTCDate(), 11, 0);
	const tenderId = await createTender(ctx, anne, {
		buyer: 'Communauté de communes Creuse Sud-Ouest',
		reference: '2026-CCCSO-014',
		title: 'Accompagnement au numérique des petites entreprises du territoire',
		procedure: 'mapa',
		platformUrl: 'https://www.marches-publics.gouv.fr/',
		estimateCents: 3_500_000,
		questionsDeadline: dlro - 6 * DAY,
		dlro
	});
	const lot1 = await addLot(ctx, anne, tenderId, {
		number: 1,
		title: 'Ateliers et supports de formation',
		estimateCents: 1_300_000,
		priceForm: 'bpu_dqe',
		pageLimit: 10,
		criteria: [
			{ label: 'Prix', weightPct: 40 },
			{ label: 'Valeur technique', weightPct: 50 },
			{ label: 'Performance environnementale', weightPct: 10 }
		]
	});
	const lot2 = await addLot(ctx, anne, tenderId, {
		number: 2,
		title: 'Site web et identité visuelle',
		estimateCents: 2_200_000,
		priceForm: 'dpgf',
		pageLimit: 8,
		criteria: [
			{ label: 'Prix', weightPct: 40 },
			{ label: 'Valeur technique', weightPct: 60 }
		]
	});
	const bidId = await createBid(ctx, anne, tenderId, [lot1, lot2]);
	const now = ctx.now();
	for (const [key, org, role, joinedAt] of [
		['bruno', 'gamma', 'member', now],
		['chloe', 'delta', 'member', now + 1],
		['dora', 'gamma', 'observer', now + 2]
	] as const) {
		await insertMember(ctx.db, { bid_id: bidId, user_id: ids.users[key], organisation_id: ids.orgs[org], role, joined_at: joinedAt });
	}
	await updateBidForm(ctx.db, bidId, 'conjoint_solidaire');
	await setFeeRate(ctx.db, bidId, 400);
	await syncRequirementItems(ctx.db, bidId);

	const lines: Array<[string, string, string, number, string, number, Array<[string, number]>]> = [
		[lot1, 'L1-1', 'Ateliers collectifs', 12_000, 'atelier', 64_500, [[ids.users.anne, 1]]],
		[lot1, 'L1-2', 'Supports pédagogiques', 1_000, 'forfait', 387_525, [[ids.users.bruno, 1]]],
		[
			lot1,
			'L1-3',
			'Bilan et évaluation',
			2_500,
			'jour',
			41_990,
			[
				[ids.users.anne, 1],
				[ids.users.chloe, 1]
			]
		],
		[lot2, 'L2-1', 'Site web accessible', 1_000, 'forfait', 1_249_900, [[ids.users.chloe, 1]]],
		[
			lot2,
			'L2-2',
			'Charte graphique',
			1_000,
			'forfait',
			500_000,
			[
				[ids.users.bruno, 1],
				[ids.users.chloe, 1],
				[ids.users.anne, 1]
			]
		],
		[
			lot2,
			'L2-3',
			'Contenus rédactionnels',
			7_000,
			'page',
			33_333,
			[
				[ids.users.bruno, 60],
				[ids.users.chloe, 40]
			]
		]
	];
	for (const [lotId, code, label, quantityMilli, unit, unitPriceCents, assignees] of lines) {
		await createDeliverable(ctx, anne, bidId, {
			lotId,
			code,
			label,
			quantityMilli,
			unit,
			unitPriceCents,
			assignees: assignees.map(([userId, weight]) => ({ userId, weight }))
		});
	}
	// Authors for a few sections so everyone has something to write.
	for (const s of await listOutline(ctx.db, bidId)) {
		const author =
			s.title === 'Moyens humains' || s.title === 'Références'
				? ids.users.bruno
				: s.lot_id === lot2 && s.title === 'Méthodologie'
					? ids.users.chloe
					: null;
		if (author) {
			await addDemoAuthor(ctx.db, s.id, author);
			await setReviewer(ctx.db, s.id, ids.users.anne);
		}
	}
	// Bruno has accepted the split; Chloé not yet.
	const split = await computeBidSplit(ctx.db, bidId);
	const bruno = split.people.find((p) => p.personId === ids.users.bruno)!;
	await upsertAcceptance(ctx.db, {
		bidId,
		userId: ids.users.bruno,
		acceptedAt: ctx.now(),
		grossCents: bruno.grossCents,
		netCents: bruno.netCents
	});
	return bidId;
}
