/**
 * The DOMAIN.md worked example built through the real services: two CAEs (GAMMA 11 %, DELTA
 * 9 %), Anne (coordinator, GAMMA), Bruno (GAMMA), Chloé (DELTA) who join by invitation, Dora
 * (GAMMA support staff, observer), two lots, six lines, a 4 % fee.
 */
import { loadActor } from '../../../src/lib/server/accounts/accounts.service';
import { createBid } from '../../../src/lib/server/bids/create-bid';
import { inviteToBid, respondToBidInvitation } from '../../../src/lib/server/bids/members.service';
import { createDeliverable } from '../../../src/lib/server/bids/deliverables.service';
import type { Actor } from '../../../src/lib/server/policies/actor';
import { setFee } from '../../../src/lib/server/split/acceptance.service';
import { addLot, createTender } from '../../../src/lib/server/tenders/tenders.service';
import type { TestContext } from '../../support/context';
import { addMember, makeOrganisation, makeUser } from '../../support/factories';

export type Person = Actor & { name: string; email: string };

export interface WorkedExample {
	bidId: string;
	lot1: string;
	lot2: string;
	gamma: string;
	delta: string;
	anne: Person;
	bruno: Person;
	chloe: Person;
	dora: Person;
	/** Line code → deliverable id. */
	lines: Record<string, string>;
}

const DAY = 24 * 3600 * 1000;

async function person(ctx: TestContext, id: string, name: string, email: string): Promise<Person> {
	return { ...(await loadActor(ctx, id)), name, email };
}

/** Joins a bid through the real invitation flow (the secret is read back from the outbox). */
export async function join(
	ctx: TestContext,
	bidId: string,
	coordinator: Person,
	who: Person,
	role: 'member' | 'observer' = 'member'
): Promise<void> {
	await inviteToBid(ctx, coordinator, bidId, { email: who.email, role }, 'http://cotrait.test');
	const mail = await ctx.db
		.selectFrom('outbox')
		.select('body')
		.where('to_address', '=', who.email)
		.orderBy('id', 'desc')
		.executeTakeFirstOrThrow();
	const secret = /\/invitation\/reponse\/([a-z2-7]+)/.exec(mail.body)?.[1];
	if (!secret) throw new Error('no invitation link');
	await respondToBidInvitation(ctx, who, secret, true);
}

export async function buildWorkedExample(ctx: TestContext): Promise<WorkedExample> {
	const suffix = Math.random().toString(36).slice(2, 8);
	const u = {
		anne: await makeUser(ctx, { name: 'Anne Martin', email: `anne-${suffix}@test.example` }),
		bruno: await makeUser(ctx, { name: 'Bruno Petit', email: `bruno-${suffix}@test.example` }),
		chloe: await makeUser(ctx, { name: 'Chloé Bernard', email: `chloe-${suffix}@test.example` }),
		dora: await makeUser(ctx, { name: 'Dora Lefèvre', email: `dora-${suffix}@test.example` })
	};
	const gamma = await makeOrganisation(ctx, u.anne.user.id, { name: 'CAE GAMMA', rateBp: 1100 });
	const delta = await makeOrganisation(ctx, u.chloe.user.id, { name: 'CAE DELTA', rateBp: 900 });
	await addMember(ctx, gamma.id, u.bruno.user.id, 'entrepreneur');
	await addMember(ctx, gamma.id, u.dora.user.id, 'support');
	const anne = await person(ctx, u.anne.user.id, 'Anne Martin', u.anne.user.email);
	const bruno = await person(ctx, u.bruno.user.id, 'Bruno Petit', u.bruno.user.email);
	const chloe = await person(ctx, u.chloe.user.id, 'Chloé Bernard', u.chloe.user.email);
	const dora = await person(ctx, u.dora.user.id, 'Dora Lefèvre', u.dora.user.email);

	const tenderId = await createTender(ctx, anne, {
		buyer: 'Communauté de communes Creuse Sud-Ouest',
		reference: '2026-CCCSO-014',
		title: 'Accompagnement au numérique des petites entreprises',
		procedure: 'mapa',
		platformUrl: '',
		estimateCents: 3_500_000,
		questionsDeadline: null,
		dlro: ctx.now() + 30 * DAY
	});
	const criteria = [
		{ label: 'Prix', weightPct: 40 },
		{ label: 'Valeur technique', weightPct: 60 }
	];
	const lot1 = await addLot(ctx, anne, tenderId, {
		number: 1,
		title: 'Ateliers et supports',
		estimateCents: null,
		priceForm: 'bpu_dqe',
		pageLimit: null,
		criteria
	});
	const lot2 = await addLot(ctx, anne, tenderId, {
		number: 2,
		title: 'Site web et identité visuelle',
		estimateCents: null,
		priceForm: 'dpgf',
		pageLimit: null,
		criteria
	});
	const bidId = await createBid(ctx, anne, tenderId, [lot1, lot2]);
	await join(ctx, bidId, anne, bruno);
	await join(ctx, bidId, anne, chloe);
	await join(ctx, bidId, anne, dora, 'observer');
	await setFee(ctx, anne, bidId, 400);

	const rows: Array<[string, string, string, number, number, Array<[Person, number]>]> = [
		[lot1, 'L1-1', 'Ateliers collectifs', 12_000, 64_500, [[anne, 1]]],
		[lot1, 'L1-2', 'Supports pédagogiques', 1_000, 387_525, [[bruno, 1]]],
		[
			lot1,
			'L1-3',
			'Bilan et évaluation',
			2_500,
			41_990,
			[
				[anne, 1],
				[chloe, 1]
			]
		],
		[lot2, 'L2-1', 'Site web accessible', 1_000, 1_249_900, [[chloe, 1]]],
		[
			lot2,
			'L2-2',
			'Charte graphique',
			1_000,
			500_000,
			[
				[bruno, 1],
				[chloe, 1],
				[anne, 1]
			]
		],
		[
			lot2,
			'L2-3',
			'Contenus rédactionnels',
			7_000,
			33_333,
			[
				[bruno, 60],
				[chloe, 40]
			]
		]
	];
	const lines: Record<string, string> = {};
	for (const [lotId, code, label, quantityMilli, unitPriceCents, assignees] of rows) {
		lines[code] = await createDeliverable(ctx, anne, bidId, {
			lotId,
			code,
			label,
			quantityMilli,
			unit: 'u',
			unitPriceCents,
			assignees: assignees.map(([p, weight]) => ({ userId: p.id, weight }))
		});
	}
	return { bidId, lot1, lot2, gamma: gamma.id, delta: delta.id, anne, bruno, chloe, dora, lines };
}

/** Moves a bid to « submitted » (submission itself belongs to another feature). */
export async function markSubmitted(ctx: TestContext, bidId: string): Promise<void> {
	await ctx.db.updateTable('bids').set({ status: 'submitted', submitted_at: ctx.now() }).where('id', '=', bidId).execute();
}
