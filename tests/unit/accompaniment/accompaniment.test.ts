/**
 * Accompaniment at a distance (issue 20) on the real demo: what Dora (GAMMA support, observer
 * of both bids) sees and its figures against the répartition page's, what a GAMMA support person
 * who follows nothing sees (never section text), a stranger CAE's support person (nothing), the
 * follow and help request lifecycles, the weekly digest and the accounting CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addMember, makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, writeSection } from '../../support/bids';
import { getAccompaniment, listAccompaniedBids } from '../../../src/lib/server/accompaniment/overview.service';
import { decideFollow, requestFollow } from '../../../src/lib/server/accompaniment/follow.service';
import { answerHelp, askHelp, handleHelp } from '../../../src/lib/server/accompaniment/help.service';
import { sendWeeklyDigests, digestTime } from '../../../src/lib/server/accompaniment/digest';
import { accountingCsv } from '../../../src/lib/server/accompaniment/accounting-csv';
import { getSplitView } from '../../../src/lib/server/split/split-view';
import { loadSectionPage } from '../../../src/lib/server/sections/section-page';
import { listThread } from '../../../src/lib/server/sections/discussion.repository';
import { decideBid } from '../../../src/lib/server/split/decision.service';
import { recordPayment } from '../../../src/lib/server/split/payments.service';
import { SUBMITTED_DEMO_REFERENCE } from '../../../src/lib/server/demo/submitted-bid-seed';
import { parseFilters } from '../../../src/lib/server/accompaniment/accompaniment-rules';

let ctx: TestContext;
type Person = Awaited<ReturnType<typeof actorOf>>;
let anne: Person, bruno: Person, chloe: Person, dora: Person;
let draftId: string, submittedId: string, gammaId: string;
const noFilter = parseFilters(new URLSearchParams());

async function byEmail(email: string) {
	const u = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
	return actorOf(ctx, u.id);
}
async function newPerson(orgId: string | null, role: 'support' | 'entrepreneur' | 'admin') {
	const { user } = await makeUser(ctx);
	if (orgId) await addMember(ctx, orgId, user.id, role);
	else await makeOrganisation(ctx, user.id);
	return actorOf(ctx, user.id);
}
async function notices(userId: string, kind: string) {
	return ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', kind).execute();
}

beforeAll(async () => {
	ctx = await createTestContext({ COTRAIT_DEMO: '1' });
	const { seedDemoIfEmpty } = await import('../../../src/lib/server/demo/seed');
	await seedDemoIfEmpty(ctx);
	anne = await byEmail('anne@demo.test');
	bruno = await byEmail('bruno@demo.test');
	chloe = await byEmail('chloe@demo.test');
	dora = await byEmail('dora@demo.test');
	gammaId = dora.organisationId!;
	const bids = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'tenders.reference'])
		.execute();
	submittedId = bids.find((b) => b.reference === SUBMITTED_DEMO_REFERENCE)!.id;
	draftId = bids.find((b) => b.reference !== SUBMITTED_DEMO_REFERENCE)!.id;
});
afterAll(() => ctx.cleanup());

describe('the Accompagnement page', () => {
	it("lists both demo bids for Dora with GAMMA's people and figures equal to the répartition page's, to the cent", async () => {
		const page = await getAccompaniment(ctx, dora, noFilter);
		expect(page.bids.map((b) => b.id).sort()).toEqual([draftId, submittedId].sort());
		for (const b of page.bids) {
			const view = await getSplitView(ctx, anne, b.id);
			const gamma = view.split!.organisations.find((o) => o.organisationId === gammaId)!;
			expect(b.contributionCents).toBe(gamma.contributionCents);
			expect(b.people.map((p) => p.name).sort()).toEqual(['Anne Martin', 'Bruno Petit']);
			for (const p of b.people) expect(p.grossCents).toBe(view.split!.people.find((x) => x.personId === p.id)!.grossCents);
			expect(b.follows).toBe(true);
		}
		const draft = page.bids.find((b) => b.id === draftId)!;
		expect(draft.state).toBe('preparing');
		expect(draft.readiness.accepted).toBe(1); // Bruno has accepted, Anne and Chloé not yet
		expect(draft.readiness.participants).toBe(3);
		// The demo's help request from Bruno waits for Dora.
		expect(page.help).toHaveLength(1);
		expect(page.help[0]!.askerName).toBe('Bruno Petit');
		expect(page.help[0]!.sectionTitle).toBe('Moyens humains');
		expect(page.totals.byState.preparing.contributionCents + page.totals.byState.deposited.contributionCents).toBe(page.totals.totalCents);
	});

	it('filters by state and entrepreneur', async () => {
		const deposited = await getAccompaniment(ctx, dora, parseFilters(new URLSearchParams('etat=deposited')));
		expect(deposited.bids.map((b) => b.id)).toEqual([submittedId]);
		const byChloe = await getAccompaniment(ctx, dora, parseFilters(new URLSearchParams(`entrepreneur=${chloe.id}`)));
		expect(byChloe.bids).toEqual([]); // Chloé is DELTA's: not a GAMMA entrepreneur
	});

	it("shows a stranger CAE's support person none of GAMMA's bids, and an entrepreneur no page at all", async () => {
		const stranger = await newPerson(null, 'admin');
		const strangerSupport = await newPerson(stranger.organisationId, 'support');
		expect(await listAccompaniedBids(ctx, strangerSupport)).toEqual([]);
		expect((await getAccompaniment(ctx, strangerSupport, noFilter)).help).toEqual([]);
		await expect(listAccompaniedBids(ctx, bruno)).rejects.toMatchObject({ code: 'not_found' });
		await expect(requestFollow(ctx, strangerSupport, draftId)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('never shows section text of a bid she does not follow', async () => {
		const secret = 'Texte confidentiel de la méthodologie 7Q2X';
		const section = await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', draftId).executeTakeFirstOrThrow();
		await writeSection(ctx, section.id, secret);
		const eve = await newPerson(gammaId, 'support'); // GAMMA support, follows nothing
		const page = await getAccompaniment(ctx, eve, noFilter);
		expect(page.bids).toHaveLength(2);
		expect(page.bids.every((b) => !b.follows && b.canRequestFollow)).toBe(true);
		const text = JSON.stringify(page);
		expect(text).not.toContain('7Q2X');
		expect(text).not.toContain('645,00'); // no unit price of a line
		await expect(loadSectionPage(ctx, eve, draftId, section.id)).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('« Demander à suivre »', () => {
	it('is refused then accepted by the coordinator; accepted, she is an observer', async () => {
		const fay = await newPerson(gammaId, 'support');
		const first = await requestFollow(ctx, fay, draftId);
		expect((await notices(anne.id, 'follow_requested')).length).toBeGreaterThan(0);
		await expect(requestFollow(ctx, fay, draftId)).rejects.toMatchObject({ code: 'conflict' });
		await expect(decideFollow(ctx, bruno, draftId, first, true)).rejects.toMatchObject({ code: 'forbidden' });
		await decideFollow(ctx, anne, draftId, first, false);
		expect(await notices(fay.id, 'follow_refused')).toHaveLength(1);
		expect((await listAccompaniedBids(ctx, fay)).find((b) => b.id === draftId)!.follows).toBe(false);
		await expect(decideFollow(ctx, anne, draftId, first, true)).rejects.toMatchObject({ code: 'conflict' });

		const second = await requestFollow(ctx, fay, draftId);
		await decideFollow(ctx, anne, draftId, second, true);
		const member = await ctx.db
			.selectFrom('bid_members')
			.select('role')
			.where('bid_id', '=', draftId)
			.where('user_id', '=', fay.id)
			.executeTakeFirst();
		expect(member?.role).toBe('observer');
		expect((await listAccompaniedBids(ctx, fay)).find((b) => b.id === draftId)!.follows).toBe(true);
		await expect(requestFollow(ctx, fay, draftId)).rejects.toMatchObject({ code: 'conflict' });
	});
});

describe('« Demander de l’aide »', () => {
	it('notifies the staff, is answered in the section discussion by one who follows, and marked handled once', async () => {
		const section = await ctx.db.selectFrom('sections').select(['id', 'title']).where('bid_id', '=', draftId).executeTakeFirstOrThrow();
		const before = (await notices(dora.id, 'help_requested')).length;
		const id = await askHelp(ctx, bruno, draftId, { message: '  Comment chiffrer les déplacements ?  ', sectionId: section.id });
		expect(await notices(dora.id, 'help_requested')).toHaveLength(before + 1);
		await expect(askHelp(ctx, dora, draftId, { message: 'x' })).rejects.toMatchObject({ code: 'forbidden' }); // observers do not ask
		await expect(askHelp(ctx, bruno, draftId, { message: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(askHelp(ctx, bruno, draftId, { message: 'x', sectionId: 'nope' })).rejects.toMatchObject({ code: 'invalid_input' });

		const help = (await getAccompaniment(ctx, dora, noFilter)).help.find((h) => h.id === id)!;
		expect(help.message).toBe('Comment chiffrer les déplacements ?');

		const gus = await newPerson(gammaId, 'support'); // sees it, does not follow
		expect((await getAccompaniment(ctx, gus, noFilter)).help.some((h) => h.id === id)).toBe(true);
		await expect(answerHelp(ctx, gus, id, 'Je regarde.')).rejects.toMatchObject({ code: 'forbidden' });
		await expect(answerHelp(ctx, chloe, id, 'Je regarde.')).rejects.toMatchObject({ code: 'not_found' }); // DELTA's admin

		const { commentId } = await answerHelp(ctx, dora, id, 'Au forfait, sur la ligne L1-3.');
		expect(commentId).not.toBeNull();
		const thread = await listThread(ctx.db, section.id);
		expect(thread.find((c) => c.id === commentId)?.body).toBe('Au forfait, sur la ligne L1-3.');
		expect(await notices(bruno.id, 'help_answered')).toHaveLength(1);

		await handleHelp(ctx, dora, id);
		await expect(handleHelp(ctx, dora, id)).rejects.toMatchObject({ code: 'conflict' });
		const after = (await getAccompaniment(ctx, dora, noFilter)).help.find((h) => h.id === id)!;
		expect(after.handledAt).not.toBeNull();
		expect(after.answer).toBe('Au forfait, sur la ligne L1-3.');
	});
});

describe('weekly digest', () => {
	it('lists the bids due within 10 days with what blocks them, once per person and week', async () => {
		if (!digestTime(ctx.now())) ctx.advance(8 * 3600 * 1000); // not in the small hours of a Monday
		const written = await sendWeeklyDigests(ctx);
		expect(written).toBeGreaterThan(0);
		const digest = await notices(dora.id, 'accompaniment_digest');
		expect(digest).toHaveLength(1);
		expect(digest[0]!.message).toContain('Accompagnement au numérique des petites entreprises du territoire');
		expect(digest[0]!.message).toMatch(/sections? à valider/);
		expect(digest[0]!.message).not.toContain(SUBMITTED_DEMO_REFERENCE);
		expect(await sendWeeklyDigests(ctx)).toBe(0);
		expect(await notices(dora.id, 'accompaniment_digest')).toHaveLength(1);
		const rows = await ctx.db.selectFrom('accompaniment_digests').selectAll().where('user_id', '=', dora.id).execute();
		expect(rows).toHaveLength(1);
	});
});

describe('accounting CSV', () => {
	it("exports a won bid's contributions due and payments received, UTF-8 BOM, ';', decimal comma, dd/mm/yyyy", async () => {
		await decideBid(ctx, anne, submittedId, 'won');
		const view = await getSplitView(ctx, anne, submittedId);
		const lotId = view.split!.lots[0]!.lotId;
		const day = Date.UTC(new Date(ctx.now()).getUTCFullYear(), new Date(ctx.now()).getUTCMonth(), new Date(ctx.now()).getUTCDate());
		await recordPayment(ctx, anne, submittedId, { lotId, organisationId: gammaId, amountCents: 100_000, receivedOn: day });
		const csv = await accountingCsv(ctx, dora);
		expect(csv.startsWith('\uFEFFType;Date;Référence;Marché;Acheteur;Entrepreneur;Lot;Montant HT;Taux;Contribution\r\n')).toBe(true);
		const lines = csv.slice(1).trim().split('\r\n');
		const annePerson = view.split!.people.find((p) => p.name === 'Anne Martin')!;
		const euros = (c: number) => `${Math.trunc(c / 100)},${String(c % 100).padStart(2, '0')}`;
		const anneRow = lines.find((l) => l.startsWith('Contribution due') && l.includes('Anne Martin'))!;
		expect(anneRow).toMatch(/^Contribution due;\d{2}\/\d{2}\/\d{4};2026-OTMV-007;/);
		expect(anneRow.endsWith(`;${euros(annePerson.grossCents)};11,00;${euros(annePerson.contributionCents)}`)).toBe(true);
		const payments = lines.filter((l) => l.startsWith('Paiement reçu'));
		expect(payments.length).toBeGreaterThan(0);
		expect(payments.every((l) => !l.includes('Chloé'))).toBe(true); // DELTA's people are not GAMMA's accounting
		const won = (await listAccompaniedBids(ctx, dora)).find((b) => b.id === submittedId)!;
		expect(won.afterAward?.receivedCents).toBe(100_000);
		await expect(accountingCsv(ctx, bruno)).rejects.toMatchObject({ code: 'not_found' });
	});
});
