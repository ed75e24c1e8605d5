import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { emailNotifications, sendDeadlineReminders } from '../../../src/lib/server/notifications/jobs';
import { notify } from '../../../src/lib/server/notifications/notifications.repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const contexts: TestContext[] = [];
afterAll(async () => {
	for (const c of contexts) await c.cleanup();
});

async function context(env: Record<string, string> = {}) {
	const ctx = await createTestContext(env);
	contexts.push(ctx);
	return ctx;
}

/** The reminders each person of the bid has, by kind. */
async function reminders(ctx: TestContext, bidId: string) {
	const rows = await ctx.db
		.selectFrom('notifications')
		.select(['user_id', 'kind', 'message', 'link'])
		.where('bid_id', '=', bidId)
		.where('kind', 'like', 'dlro_%')
		.orderBy('id')
		.execute();
	return rows;
}

describe('deadline reminders', () => {
	it('tells every member once under 72 h, once more under 24 h, and never after the DLRO or the submission', async () => {
		const ctx = await context();
		const b = await makeBid(ctx, 1);
		const chloe = await addBidMember(ctx, b.bidId, 'member');
		const dora = await addBidMember(ctx, b.bidId, 'observer');
		const everyone = [b.coordinator.id, chloe.id, dora.id].sort();

		// Ten days ahead: nothing yet.
		expect(await sendDeadlineReminders(ctx)).toBe(0);

		ctx.advance(10 * DAY - 71 * HOUR); // DLRO in 71 h
		expect(await sendDeadlineReminders(ctx)).toBe(3);
		const first = await reminders(ctx, b.bidId);
		expect(first.map((r) => r.user_id).sort()).toEqual(everyone);
		expect(first.every((r) => r.kind === 'dlro_72h')).toBe(true);
		expect(first[0]!.message).toMatch(
			/^La date limite de remise des offres de « Accompagnement numérique » est dans moins de 72 h : \S+ \d{1,2} \S+ \d{4} à \d\d:\d\d \(heure de Paris, UTC\+0[12]:00\)\.$/
		);
		expect(first[0]!.link).toBe(`/reponses/${b.bidId}/depot`);

		ctx.advance(HOUR);
		expect(await sendDeadlineReminders(ctx)).toBe(0); // not twice

		ctx.advance(47 * HOUR); // DLRO in 23 h
		expect(await sendDeadlineReminders(ctx)).toBe(3);
		expect(await sendDeadlineReminders(ctx)).toBe(0);
		const all = await reminders(ctx, b.bidId);
		expect(
			all
				.filter((r) => r.kind === 'dlro_24h')
				.map((r) => r.user_id)
				.sort()
		).toEqual(everyone);
		expect(all.find((r) => r.kind === 'dlro_24h')!.message).toContain('dans moins de 24 h');

		ctx.advance(24 * HOUR); // past the DLRO
		expect(await sendDeadlineReminders(ctx)).toBe(0);
		expect(await reminders(ctx, b.bidId)).toHaveLength(6);
	});

	it('a bid that comes within 24 h of its DLRO gets only the 24 h reminder; a submitted bid none', async () => {
		const ctx = await context();
		const late = await makeBid(ctx, 1);
		const done = await makeBid(ctx, 1);
		await ctx.db.updateTable('bids').set({ status: 'submitted', submitted_at: ctx.now() }).where('id', '=', done.bidId).execute();
		ctx.advance(10 * DAY - 10 * HOUR);
		expect(await sendDeadlineReminders(ctx)).toBe(1);
		expect((await reminders(ctx, late.bidId)).map((r) => r.kind)).toEqual(['dlro_24h']);
		expect(await reminders(ctx, done.bidId)).toEqual([]);
	});
});

describe('notification e-mails', () => {
	it('with SMTP_URL and ORIGIN, each notification is e-mailed once with its link; invitations are not (they had their own)', async () => {
		// The job queues the copies in the outbox; sending them is the outbox job's part
		// (tests/unit/mail/outbox-delivery.test.ts).
		const ctx = await context({ SMTP_URL: 'smtp://127.0.0.1:9', ORIGIN: 'https://cotrait.example.org' });
		const b = await makeBid(ctx, 1);
		const chloe = await addBidMember(ctx, b.bidId, 'member');
		await notify(ctx.db, ctx.now(), [
			{
				userId: chloe.id,
				bidId: b.bidId,
				kind: 'section_assigned',
				message: 'Anne vous a confié la section « Méthodologie ».',
				link: `/reponses/${b.bidId}/sections`
			},
			{ userId: chloe.id, bidId: b.bidId, kind: 'invited', message: 'Anne vous invite.', link: '/invitation/reponse/x' }
		]);
		const before = await ctx.db.selectFrom('outbox').select('id').execute();

		expect(await emailNotifications(ctx)).toBe(1);
		const mails = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('id', 'not in', before.length ? before.map((r) => r.id) : [-1])
			.execute();
		expect(mails).toHaveLength(1);
		expect(mails[0]!.to_address).toBe(chloe.email);
		expect(mails[0]!.subject).toBe('Cotrait : Anne vous a confié la section « Méthodologie ».');
		expect(mails[0]!.body).toContain(`Bonjour ${chloe.name},`);
		expect(mails[0]!.body).toContain(`Ouvrir dans Cotrait : https://cotrait.example.org/reponses/${b.bidId}/sections`);
		expect(mails[0]!.sent_at).toBeNull(); // queued, not sent inside this call

		expect(await emailNotifications(ctx)).toBe(0); // never twice
		const pending = await ctx.db.selectFrom('notifications').select('id').where('emailed_at', 'is', null).execute();
		expect(pending).toEqual([]);
	});

	it('without SMTP_URL (or without ORIGIN) nothing is e-mailed and the notifications wait', async () => {
		for (const env of [{}, { SMTP_URL: 'smtp://127.0.0.1:9' }] as Record<string, string>[]) {
			const ctx = await context({ ...env });
			const b = await makeBid(ctx, 1);
			await notify(ctx.db, ctx.now(), [
				{ userId: b.coordinator.id, bidId: b.bidId, kind: 'review_requested', message: 'Relecture demandée.', link: '/' }
			]);
			const outbox = (await ctx.db.selectFrom('outbox').select('id').execute()).length;
			expect(await emailNotifications(ctx)).toBe(0);
			expect((await ctx.db.selectFrom('outbox').select('id').execute()).length).toBe(outbox);
			expect(await ctx.db.selectFrom('notifications').select('id').where('emailed_at', 'is', null).execute()).toHaveLength(1);
		}
	});

	it('a notification older than a day is not e-mailed any more', async () => {
		const ctx = await context({ SMTP_URL: 'smtp://127.0.0.1:9', ORIGIN: 'https://cotrait.example.org' });
		const b = await makeBid(ctx, 1);
		await notify(ctx.db, ctx.now(), [
			{ userId: b.coordinator.id, bidId: b.bidId, kind: 'review_requested', message: 'Relecture demandée.', link: '/' }
		]);
		ctx.advance(25 * HOUR);
		expect(await emailNotifications(ctx)).toBe(0);
	});
});
