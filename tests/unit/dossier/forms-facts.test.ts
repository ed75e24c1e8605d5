/**
 * The buyer's forms from a real bid (the DOMAIN.md worked example, built through the services):
 * the members with the mandataire first and each one's profile, per lot the split's own amounts
 * and the prestations of each member's people, DC2 per member or per member and lot, and who may
 * download them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateForms, loadCoverDetails, loadFormsFacts } from '../../../src/lib/server/dossier/forms-facts';
import { updateOrganisationProfile } from '../../../src/lib/server/accounts/organisation-profiles.service';
import { computeBidSplit } from '../../../src/lib/server/split/split-input';
import { createTestContext, type TestContext } from '../../support/context';
import { makeUser } from '../../support/factories';
import { actorOf } from '../../support/bids';
import { buildWorkedExample, type WorkedExample } from '../split/helpers';
import { norm, pdfText, readDocx } from '../exports/fixtures';

let ctx: TestContext;
let w: WorkedExample;

beforeAll(async () => {
	ctx = await createTestContext();
	w = await buildWorkedExample(ctx);
	await updateOrganisationProfile(ctx, w.chloe, w.delta, {
		legalForm: 'SCOP SARL',
		address: '12 rue des Tanneurs, 23000 Guéret',
		email: 'contact@delta.example',
		phone: '05 55 00 00 00',
		representativeName: 'Chloé Bernard',
		representativeTitle: 'Gérante',
		staff: 18,
		turnover: [
			{ year: 2023, cents: 41_000_000 },
			{ year: 2025, cents: 52_000_000 },
			{ year: 2024, cents: 47_500_000 }
		],
		references: 'Site de la ville de Bourganeuf (2024)'
	});
});

afterAll(async () => {
	await ctx.cleanup();
});

describe('the forms’ facts', () => {
	it('lists the legal members, mandataire first, with their profile, and the split’s per-lot amounts', async () => {
		const { input, dc2PerLot } = await loadFormsFacts(ctx, w.bidId);
		expect(dc2PerLot).toBe(false);
		expect(input.members.map((m) => [m.name, m.isMandataire])).toEqual([
			['CAE GAMMA', true],
			['CAE DELTA', false]
		]);
		const delta = input.members[1]!;
		expect(delta.legalForm).toBe('SCOP SARL');
		expect(delta.turnover.map((t) => t.year)).toEqual([2025, 2024, 2023]);
		expect(input.members[0]!.legalForm).toBeNull();
		expect(input.vatRateBp).toBe(2000);

		const split = await computeBidSplit(ctx.db, w.bidId);
		for (const [i, lot] of input.lots.entries()) {
			expect(lot.totalCents).toBe(split.lots[i]!.amountCents);
			expect(lot.shares.map((s) => s.amountCents)).toEqual(split.lots[i]!.members.map((m) => m.amountCents));
		}
		expect(input.lots.map((l) => l.shares.map((s) => s.amountCents))).toEqual([
			[1_214_013, 52_487],
			[473_332, 1_509_899]
		]);
		const lot2Delta = input.lots[1]!.shares.find((s) => s.organisationId === w.delta)!;
		expect(lot2Delta.prestations).toEqual(['Site web accessible', 'Charte graphique', 'Contenus rédactionnels']);
	});

	it('renders DC1, a DC2 per member and an ATTRI1 per lot, DOCX and PDF, marked « BROUILLON »', async () => {
		const files = await generateForms(ctx, w.dora, w.bidId, { wanted: (f) => f.kind !== 'dc1' || f.format === 'pdf' });
		expect(files.map((f) => f.name)).toEqual([
			'BROUILLON-DC1.pdf',
			'BROUILLON-DC2-CAE-GAMMA.docx',
			'BROUILLON-DC2-CAE-GAMMA.pdf',
			'BROUILLON-DC2-CAE-DELTA.docx',
			'BROUILLON-DC2-CAE-DELTA.pdf',
			'BROUILLON-ATTRI1-Lot-1.docx',
			'BROUILLON-ATTRI1-Lot-1.pdf',
			'BROUILLON-ATTRI1-Lot-2.docx',
			'BROUILLON-ATTRI1-Lot-2.pdf'
		]);
		const dc2 = norm(readDocx(files.find((f) => f.name === 'BROUILLON-DC2-CAE-DELTA.docx')!.bytes).allText());
		expect(dc2).toContain('Forme juridique : SCOP SARL');
		expect(dc2).toContain('520 000,00 €');
		expect(dc2).toContain('Effectifs moyens annuels : 18');
		const attri1 = norm((await pdfText(files.find((f) => f.name === 'BROUILLON-ATTRI1-Lot-2.pdf')!.bytes)).text);
		expect(attri1).toContain('15 098,99 €');
		expect(attri1).toContain('19 832,31 €');
		expect(attri1).toContain('BROUILLON');
		expect(files.every((f) => f.sha256.length === 64)).toBe(true);
	});

	it('writes one DC2 per member and lot when the consultation asks for it, and final files without the mark', async () => {
		const tender = await ctx.db.selectFrom('bids').select('tender_id').where('id', '=', w.bidId).executeTakeFirstOrThrow();
		await ctx.db.updateTable('tenders').set({ dc2_per_lot: 1 }).where('id', '=', tender.tender_id).execute();
		try {
			const files = await generateForms(ctx, w.anne, w.bidId, { draft: false, wanted: (f) => f.kind === 'dc2' && f.format === 'docx' });
			expect(files.map((f) => [f.name, f.lotId])).toEqual([
				['DC2-CAE-GAMMA-Lot-1.docx', w.lot1],
				['DC2-CAE-GAMMA-Lot-2.docx', w.lot2],
				['DC2-CAE-DELTA-Lot-1.docx', w.lot1],
				['DC2-CAE-DELTA-Lot-2.docx', w.lot2]
			]);
			expect(readDocx(files[0]!.bytes).allText()).not.toContain('BROUILLON');
		} finally {
			await ctx.db.updateTable('tenders').set({ dc2_per_lot: 0 }).where('id', '=', tender.tender_id).execute();
		}
	});

	it('is refused to someone outside the bid (404)', async () => {
		const { user } = await makeUser(ctx);
		await expect(generateForms(ctx, await actorOf(ctx, user.id), w.bidId)).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('the mémoire cover’s member details', () => {
	it('gives each member its SIRET and contact, the coordinator’s e-mail for a mandataire without a profile', async () => {
		const details = await loadCoverDetails(ctx, w.bidId);
		expect(details.map((d) => [d.organisationName, d.contact])).toEqual([
			['CAE GAMMA', w.anne.email],
			['CAE DELTA', 'contact@delta.example · 05 55 00 00 00']
		]);
		expect(details.every((d) => /^\d{14}$/.test(d.siret))).toBe(true);
	});
});
