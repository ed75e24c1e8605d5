import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/context';
import { makeUser } from '../../support/factories';
import { loadActor } from '../../../src/lib/server/accounts/accounts.service';
import { setMemberRate, updateOrganisation } from '../../../src/lib/server/accounts/organisations.service';
import {
	createDeliverable,
	deleteDeliverable,
	updateDeliverable,
	type DeliverableInput
} from '../../../src/lib/server/bids/deliverables.service';
import { listDeliverables } from '../../../src/lib/server/bids/deliverables.repository';
import { computeBidSplit } from '../../../src/lib/server/split/split-input';
import { removeMember } from '../../../src/lib/server/bids/members.service';
import { DomainError } from '../../../src/lib/server/errors';
import { acceptSplit, setFee } from '../../../src/lib/server/split/acceptance.service';
import { getSplitView } from '../../../src/lib/server/split/split-view';
import { splitFingerprint } from '../../../src/lib/server/split/split-rules';
import { buildWorkedExample, join, markSubmitted, type Person, type WorkedExample } from './helpers';

let ctx: TestContext;
let w: WorkedExample;

beforeAll(async () => {
	ctx = await createTestContext();
	w = await buildWorkedExample(ctx);
});
afterAll(() => ctx.cleanup());

async function accepted(): Promise<string[]> {
	const rows = await ctx.db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', w.bidId).execute();
	return rows.map((r) => r.user_id).sort();
}

async function withdrawals() {
	return ctx.db
		.selectFrom('activity')
		.select(['id', 'at', 'before', 'after'])
		.where('bid_id', '=', w.bidId)
		.where('entity', '=', 'split')
		.where('action', '=', 'acceptances_withdrawn')
		.orderBy('id', 'desc')
		.execute();
}

async function notices(userId: string) {
	return ctx.db
		.selectFrom('notifications')
		.selectAll()
		.where('user_id', '=', userId)
		.where('kind', '=', 'split_changed')
		.orderBy('id', 'desc')
		.execute();
}

async function lineInput(code: string): Promise<DeliverableInput & { id: string }> {
	const line = (await listDeliverables(ctx.db, w.bidId)).find((l) => l.code === code)!;
	return {
		id: line.id,
		lotId: line.lotId,
		code: line.code,
		label: line.label,
		quantityMilli: line.quantityMilli,
		unit: line.unit,
		unitPriceCents: line.unitPriceCents,
		assignees: line.assignees.map((a) => ({ userId: a.userId, weight: a.weight }))
	};
}

/** Every participant accepts the current split. */
async function everyoneAccepts(): Promise<void> {
	for (const p of [w.anne, w.bruno, w.chloe]) await acceptSplit(ctx, p, w.bidId);
	expect(await accepted()).toHaveLength(3);
}

/** The change withdrew every acceptance, logged once with the reason, and told each member. */
async function expectWithdrawn(reason: RegExp, before: { activity: number; notices: Record<string, number> }): Promise<void> {
	expect(await accepted()).toEqual([]);
	const log = await withdrawals();
	expect(log.length).toBe(before.activity + 1);
	const last = log[0]!;
	expect(JSON.parse(last.after!).reason).toMatch(reason);
	expect((JSON.parse(last.before!).accepted as string[]).sort()).toEqual([w.anne.id, w.bruno.id, w.chloe.id].sort());
	for (const p of [w.anne, w.bruno, w.chloe]) {
		const n = await notices(p.id);
		expect(n.length).toBe(before.notices[p.id]! + 1);
		expect(n[0]!.message).toMatch(reason);
		expect(n[0]!.link).toBe(`/reponses/${w.bidId}/repartition`);
		expect(n[0]!.created_at).toBe(last.at);
	}
}

async function snapshot() {
	const counts: Record<string, number> = {};
	for (const p of [w.anne, w.bruno, w.chloe]) counts[p.id] = (await notices(p.id)).length;
	return { activity: (await withdrawals()).length, notices: counts };
}

describe('acceptSplit', () => {
	it('stores the member’s gross and net, logs it and tells the coordinator', async () => {
		await acceptSplit(ctx, w.chloe, w.bidId);
		const row = await ctx.db
			.selectFrom('split_acceptances')
			.selectAll()
			.where('bid_id', '=', w.bidId)
			.where('user_id', '=', w.chloe.id)
			.executeTakeFirstOrThrow();
		expect(row.gross_cents).toBe(1_562_386);
		expect(row.net_cents).toBe(1_364_901);
		const log = await ctx.db
			.selectFrom('activity')
			.selectAll()
			.where('bid_id', '=', w.bidId)
			.where('action', '=', 'accepted')
			.where('actor_id', '=', w.chloe.id)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(log.after!)).toEqual({ grossCents: 1_562_386, netCents: 1_364_901 });
		const n = await ctx.db
			.selectFrom('notifications')
			.selectAll()
			.where('user_id', '=', w.anne.id)
			.where('kind', '=', 'split_accepted')
			.execute();
		expect(n.at(-1)!.message).toContain('Chloé Bernard a accepté la répartition');
		expect(n.at(-1)!.message).toContain('13');
	});

	it('refuses an acceptance of a split that changed since it was shown', async () => {
		const split = await computeBidSplit(ctx.db, w.bidId);
		await expect(acceptSplit(ctx, w.bruno, w.bidId, 'not-the-fingerprint')).rejects.toMatchObject({ code: 'conflict' });
		await acceptSplit(ctx, w.bruno, w.bidId, splitFingerprint(split));
		expect(await accepted()).toContain(w.bruno.id);
	});

	it('refuses observers and people outside the bid', async () => {
		await expect(acceptSplit(ctx, w.dora, w.bidId)).rejects.toMatchObject({ code: 'forbidden' });
		const stranger = await makeUser(ctx);
		await expect(acceptSplit(ctx, await loadActor(ctx, stranger.user.id), w.bidId)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('shows each member their own lines and net, and everyone who has accepted', async () => {
		const view = await getSplitView(ctx, w.chloe, w.bidId);
		expect(view.me!.lines.map((l) => [l.label, l.partCents])).toEqual([
			['Bilan et évaluation', 52_487],
			['Site web accessible', 1_249_900],
			['Charte graphique', 166_667],
			['Contenus rédactionnels', 93_332]
		]);
		expect(view.participants.find((p) => p.id === w.chloe.id)!.acceptedAt).not.toBeNull();
		const dora = await getSplitView(ctx, w.dora, w.bidId);
		expect(dora.me).toBeNull();
		expect(dora.can.acceptSplit).toBe(false);
		expect(dora.split!.people.map((p) => p.netCents)).toEqual([964_241, 593_116, 1_364_901]);
	});
});

describe('every change withdraws every acceptance, in the same transaction', () => {
	beforeEach(everyoneAccepts);

	it('a unit price', async () => {
		const before = await snapshot();
		const l = await lineInput('L2-1');
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, { ...l, unitPriceCents: l.unitPriceCents + 100 });
		await expectWithdrawn(/prestation « Site web accessible » modifiée/, before);
		const view = await getSplitView(ctx, w.chloe, w.bidId);
		expect(view.me!.withdrawn!.reason).toBe('prestation « Site web accessible » modifiée');
		expect(view.me!.withdrawn!.by).toBe('Anne Martin');
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, l);
	});

	it('a weight', async () => {
		const before = await snapshot();
		const l = await lineInput('L2-3');
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, {
			...l,
			assignees: [
				{ userId: w.bruno.id, weight: 50 },
				{ userId: w.chloe.id, weight: 50 }
			]
		});
		await expectWithdrawn(/Contenus rédactionnels/, before);
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, l);
	});

	it('an assignment', async () => {
		const before = await snapshot();
		const l = await lineInput('L1-2');
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, {
			...l,
			assignees: [
				{ userId: w.bruno.id, weight: 1 },
				{ userId: w.anne.id, weight: 1 }
			]
		});
		await expectWithdrawn(/Supports pédagogiques/, before);
		await updateDeliverable(ctx, w.anne, w.bidId, l.id, l);
	});

	it('the coordination fee', async () => {
		const before = await snapshot();
		expect(await setFee(ctx, w.anne, w.bidId, 500)).toBe(true);
		await expectWithdrawn(/frais de coordination passés de 4\u00A0% à 5\u00A0%/, before);
		const log = await ctx.db
			.selectFrom('activity')
			.selectAll()
			.where('bid_id', '=', w.bidId)
			.where('action', '=', 'fee_changed')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect([JSON.parse(log.before!), JSON.parse(log.after!)]).toEqual([{ feeRateBp: 400 }, { feeRateBp: 500 }]);
		await setFee(ctx, w.anne, w.bidId, 400);
		// The same rate again changes nothing and withdraws nothing.
		await everyoneAccepts();
		expect(await setFee(ctx, w.anne, w.bidId, 400)).toBe(false);
		expect(await accepted()).toHaveLength(3);
	});

	it('an organisation’s contribution rate', async () => {
		const before = await snapshot();
		const delta = await ctx.db.selectFrom('organisations').selectAll().where('id', '=', w.delta).executeTakeFirstOrThrow();
		await updateOrganisation(ctx, w.chloe, w.delta, {
			name: delta.name,
			kind: delta.kind,
			siret: delta.siret,
			contributionRateBp: 1000,
			region: delta.region
		});
		await expectWithdrawn(/taux de contribution modifié/, before);
		await updateOrganisation(ctx, w.chloe, w.delta, {
			name: delta.name,
			kind: delta.kind,
			siret: delta.siret,
			contributionRateBp: 900,
			region: delta.region
		});
	});

	it('a person’s own contribution rate', async () => {
		const before = await snapshot();
		await setMemberRate(ctx, w.anne, w.gamma, w.bruno.id, 1200);
		await expectWithdrawn(/taux de contribution modifié/, before);
		await setMemberRate(ctx, w.anne, w.gamma, w.bruno.id, null);
	});

	it('a new member joining the group', async () => {
		const before = await snapshot();
		const newcomer = await makeUser(ctx, { name: 'Élise Roux' });
		await ctx.db
			.insertInto('memberships')
			.values({
				id: `m-${newcomer.user.id}`,
				organisation_id: w.delta,
				user_id: newcomer.user.id,
				role: 'entrepreneur',
				contribution_rate_bp: null,
				created_at: ctx.now()
			})
			.execute();
		await join(ctx, w.bidId, w.anne, { ...(await loadActor(ctx, newcomer.user.id)), name: 'Élise Roux', email: newcomer.user.email });
		await expectWithdrawn(/nouveau membre/, before);
	});

	it('a price line added, then deleted', async () => {
		const template = await lineInput('L1-3');
		let before = await snapshot();
		const id = await createDeliverable(ctx, w.anne, w.bidId, {
			...template,
			code: 'L1-9',
			label: 'Atelier supplémentaire',
			assignees: [{ userId: w.anne.id, weight: 1 }]
		});
		await expectWithdrawn(/prestation « Atelier supplémentaire » ajoutée/, before);
		await everyoneAccepts();
		before = await snapshot();
		await deleteDeliverable(ctx, w.anne, w.bidId, id);
		await expectWithdrawn(/prestation « Atelier supplémentaire » supprimée/, before);
	});

	it('a member removed from the group', async () => {
		const leaving = await makeUser(ctx, { name: 'Fanny Leroy' });
		await ctx.db
			.insertInto('memberships')
			.values({
				id: `m-${leaving.user.id}`,
				organisation_id: w.delta,
				user_id: leaving.user.id,
				role: 'entrepreneur',
				contribution_rate_bp: null,
				created_at: ctx.now()
			})
			.execute();
		await join(ctx, w.bidId, w.anne, { ...(await loadActor(ctx, leaving.user.id)), name: 'Fanny Leroy', email: leaving.user.email });
		await everyoneAccepts();
		const before = await snapshot();
		await removeMember(ctx, w.anne, w.bidId, leaving.user.id);
		await expectWithdrawn(/membre retiré/, before);
	});

	it('nothing is withdrawn when the change itself is refused (weight 0, French error)', async () => {
		const l = await lineInput('L1-3');
		const err = await updateDeliverable(ctx, w.anne, w.bidId, l.id, {
			...l,
			assignees: [
				{ userId: w.anne.id, weight: 0 },
				{ userId: w.chloe.id, weight: 1 }
			]
		}).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DomainError);
		expect((err as DomainError).fields.weights).toMatch(/^Poids : un nombre entier entre 1 et 1000/);
		await expect(createDeliverable(ctx, w.anne, w.bidId, { ...l, assignees: [{ userId: w.anne.id, weight: 0 }] })).rejects.toMatchObject({
			code: 'invalid_input'
		});
		expect(await accepted()).toHaveLength(3);
		expect((await lineInput('L1-3')).assignees).toEqual(l.assignees);
	});

	it('a failure while telling the members rolls the change back too', async () => {
		const before = await snapshot();
		const l = await lineInput('L2-1');
		await sql`create trigger fail_notify before insert on notifications begin select raise(abort, 'notifications down'); end`.execute(
			ctx.db
		);
		try {
			await expect(updateDeliverable(ctx, w.anne, w.bidId, l.id, { ...l, unitPriceCents: 1 })).rejects.toThrow(/notifications down/);
			await expect(setFee(ctx, w.anne, w.bidId, 700)).rejects.toThrow(/notifications down/);
		} finally {
			await sql`drop trigger fail_notify`.execute(ctx.db);
		}
		expect((await lineInput('L2-1')).unitPriceCents).toBe(l.unitPriceCents);
		expect((await ctx.db.selectFrom('bids').select('fee_rate_bp').where('id', '=', w.bidId).executeTakeFirstOrThrow()).fee_rate_bp).toBe(
			400
		);
		expect(await accepted()).toHaveLength(3);
		expect(await snapshot()).toEqual(before);
	});
});

describe('setFee', () => {
	it('is for the coordinator only, 0–100 %, and not once the bid is submitted', async () => {
		await expect(setFee(ctx, w.bruno, w.bidId, 300)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(setFee(ctx, w.dora, w.bidId, 300)).rejects.toMatchObject({ code: 'forbidden' });
		for (const bad of [-1, 10_001, 1.5, Number.NaN]) {
			const err = (await setFee(ctx, w.anne, w.bidId, bad).catch((e: unknown) => e)) as DomainError;
			expect(err.code).toBe('invalid_input');
			expect(err.fields.feeRate).toBe('Frais de coordination : le taux doit être compris entre 0 et 100 %.');
		}
		expect((await ctx.db.selectFrom('bids').select('fee_rate_bp').where('id', '=', w.bidId).executeTakeFirstOrThrow()).fee_rate_bp).toBe(
			400
		);
	});
});

describe('after submission', () => {
	let other: WorkedExample;
	beforeAll(async () => {
		other = await buildWorkedExample(ctx);
		await markSubmitted(ctx, other.bidId);
	});

	it('the split can no longer be accepted nor the fee changed', async () => {
		const chloe: Person = other.chloe;
		await expect(acceptSplit(ctx, chloe, other.bidId)).rejects.toMatchObject({ code: 'frozen' });
		await expect(setFee(ctx, other.anne, other.bidId, 300)).rejects.toMatchObject({ code: 'frozen' });
	});
});
