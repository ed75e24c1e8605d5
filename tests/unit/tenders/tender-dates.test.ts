/**
 * The tender's planning dates and offer terms (issue 12, item 12): the form parses them in Paris
 * time, the use case refuses them out of order (AAPC ≤ questions ≤ answers ≤ DLRO) and stores
 * them, and the bid's header gets the next one before the DLRO.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeBid } from '../../support/bids';
import { parseForm } from '../../../src/lib/server/validation';
import { tenderSchema, toTenderInput } from '../../../src/lib/server/tenders/tender-forms';
import { checkDateOrder, nextTenderDate } from '../../../src/lib/server/tenders/tender-rules';
import { getTender, updateTender } from '../../../src/lib/server/tenders/tenders.service';
import { getBidSummary } from '../../../src/lib/server/bids/bid-overview';
import { loadBidAccess } from '../../../src/lib/server/bids/bid-access';
import { DomainError } from '../../../src/lib/server/errors';

const DAY = 86_400_000;

function form(values: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
}

const base = {
	buyer: 'Mairie de Guéret',
	reference: 'R-1',
	title: 'Formations',
	procedure: 'mapa',
	dlro: '2027-03-01T12:00'
};

describe('tender form: planning dates and terms', () => {
	it('parses the dates in Paris time, the validity, the VAT rate and the DC2 scope', () => {
		const r = parseForm(
			tenderSchema,
			form({
				...base,
				aapcAt: '2027-01-10T09:00',
				questionsDeadline: '2027-02-10T12:00',
				answersDeadline: '2027-02-20T12:00',
				offerValidity: '120',
				vatRate: '5,5',
				dc2Scope: 'member_lot',
				platformUrl: 'https://www.marches-publics.gouv.fr/consultation/1'
			})
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const input = toTenderInput(r.data);
		// Winter: Paris is UTC+1.
		expect(input.aapcAt).toBe(Date.UTC(2027, 0, 10, 8, 0));
		expect(input.questionsDeadline).toBe(Date.UTC(2027, 1, 10, 11, 0));
		expect(input.answersDeadline).toBe(Date.UTC(2027, 1, 20, 11, 0));
		expect(input.offerValidityDays).toBe(120);
		expect(input.vatRateBp).toBe(550);
		expect(input.dc2PerLot).toBe(true);
	});

	it('defaults to 20 % VAT and DC2 once per member when left empty', () => {
		const r = parseForm(tenderSchema, form(base));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(toTenderInput(r.data)).toMatchObject({ vatRateBp: 2000, dc2PerLot: false, offerValidityDays: null, aapcAt: null });
	});

	it('refuses a platform that is not http(s), a bad validity and a bad rate, in French', () => {
		const r = parseForm(tenderSchema, form({ ...base, platformUrl: 'javascript:alert(1)', offerValidity: 'trois', vatRate: '120' }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.platformUrl).toMatch(/adresse web invalide/);
		expect(r.errors.offerValidity).toMatch(/nombre entier entre 1 et 1000/);
		expect(r.errors.vatRate).toMatch(/entre 0 et 100/);
		expect(r.values.offerValidity).toBe('trois');
	});

	it('checks the order AAPC ≤ questions ≤ answers ≤ DLRO, skipping the dates left empty', () => {
		expect(checkDateOrder({ aapcAt: 1, questionsDeadline: 2, answersDeadline: 3, dlro: 4 })).toEqual({});
		expect(checkDateOrder({ aapcAt: 1, questionsDeadline: null, answersDeadline: 3, dlro: 4 })).toEqual({});
		expect(checkDateOrder({ aapcAt: 5, questionsDeadline: 2, dlro: 9 })).toEqual({
			questionsDeadline: "Date limite des questions : elle doit suivre la publication de l'avis (AAPC)."
		});
		expect(checkDateOrder({ questionsDeadline: 5, answersDeadline: 4, dlro: 3 })).toEqual({
			answersDeadline: 'Date limite des réponses aux questions : elle doit suivre la date limite des questions.',
			dlro: 'Date limite de remise des offres : elle doit suivre la date limite des questions.'
		});
	});

	it('names the next date ahead, skipping the AAPC and those passed', () => {
		const dates = { aapcAt: 1, questionsDeadline: 10, answersDeadline: 20, dlro: 30 };
		expect(nextTenderDate(dates, 0)?.key).toBe('questionsDeadline');
		expect(nextTenderDate(dates, 10)?.key).toBe('answersDeadline');
		expect(nextTenderDate(dates, 25)?.key).toBe('dlro');
		expect(nextTenderDate(dates, 30)).toBeNull();
	});
});

describe('tender use case: dates and terms', () => {
	let ctx: TestContext;
	beforeEach(async () => {
		ctx = await createTestContext();
	});
	afterEach(async () => {
		await ctx.cleanup();
	});

	it('stores them, refuses them out of order, and the bid header shows the next one', async () => {
		const { coordinator, tenderId, bidId } = await makeBid(ctx, 1);
		const { tender } = await getTender(ctx, coordinator, tenderId);
		const input = {
			buyer: tender.buyer,
			reference: tender.reference,
			title: tender.title,
			procedure: tender.procedure,
			platformUrl: 'https://achats.example.fr/c/42',
			estimateCents: null,
			aapcAt: ctx.now() - 5 * DAY,
			questionsDeadline: ctx.now() + 2 * DAY,
			answersDeadline: ctx.now() + 4 * DAY,
			dlro: tender.dlro,
			offerValidityDays: 90,
			vatRateBp: 1000,
			dc2PerLot: true
		};
		const late = updateTender(ctx, coordinator, tenderId, { ...input, answersDeadline: tender.dlro + DAY });
		await expect(late).rejects.toBeInstanceOf(DomainError);
		await expect(late).rejects.toMatchObject({ fields: { dlro: expect.stringMatching(/suivre la date limite des réponses/) } });

		await updateTender(ctx, coordinator, tenderId, input);
		const saved = (await getTender(ctx, coordinator, tenderId)).tender;
		expect(saved).toMatchObject({
			aapc_at: input.aapcAt,
			questions_deadline: input.questionsDeadline,
			answers_deadline: input.answersDeadline,
			offer_validity_days: 90,
			vat_rate_bp: 1000,
			dc2_per_lot: 1,
			platform_url: 'https://achats.example.fr/c/42'
		});

		const access = await loadBidAccess(ctx, coordinator, bidId);
		expect((await getBidSummary(ctx, coordinator, access)).nextDeadline).toMatchObject({
			key: 'questionsDeadline',
			at: input.questionsDeadline
		});
		ctx.advance(3 * DAY);
		expect((await getBidSummary(ctx, coordinator, await loadBidAccess(ctx, coordinator, bidId))).nextDeadline).toMatchObject({
			key: 'answersDeadline'
		});
		ctx.advance(2 * DAY);
		expect((await getBidSummary(ctx, coordinator, await loadBidAccess(ctx, coordinator, bidId))).nextDeadline).toBeNull();
	});
});
