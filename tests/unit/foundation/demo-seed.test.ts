import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { computeBidSplit } from '../../../src/lib/server/split/split-input';
import { formatEuros } from '../../../src/lib/domain/money';
import { getSubmission } from '../../../src/lib/server/submission/record';
import { resolveRoomAccess } from '../../../src/lib/server/collab/access';
import { readSectionContent } from '../../../src/lib/server/sections/state';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfText } from '../exports/fixtures';

/** The demo bid answering the tender of `reference`. */
async function bidOf(reference: string) {
	return ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.id', 'bids.status', 'bids.submitted_at', 'tenders.dlro'])
		.where('tenders.reference', '=', reference)
		.executeTakeFirstOrThrow();
}

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext({ COTRAIT_DEMO: '1' });
	const { seedDemoIfEmpty } = await import('../../../src/lib/server/demo/seed');
	await seedDemoIfEmpty(ctx);
});
afterAll(() => ctx.cleanup());

describe('demo seed', () => {
	it('creates the four demo accounts, GAMMA 11 % and DELTA 9 %', async () => {
		const users = await ctx.db.selectFrom('users').select('email').orderBy('email').execute();
		expect(users.map((u) => u.email)).toEqual(['anne@demo.test', 'bruno@demo.test', 'chloe@demo.test', 'dora@demo.test']);
		const orgs = await ctx.db.selectFrom('organisations').select(['name', 'contribution_rate_bp']).orderBy('name').execute();
		expect(orgs).toEqual([
			{ name: 'CAE DELTA', contribution_rate_bp: 900 },
			{ name: 'CAE GAMMA', contribution_rate_bp: 1100 }
		]);
	});

	it("holds the worked example as Anne's bid, with the DOMAIN.md figures", async () => {
		const bid = await bidOf('2026-CCCSO-014');
		expect(bid.status).toBe('draft');
		const split = await computeBidSplit(ctx.db, bid.id);
		const byName = Object.fromEntries(split.people.map((p) => [p.name.split(' ')[0], p]));
		expect(formatEuros(byName.Anne!.netCents)).toBe(formatEuros(964_241));
		expect(byName.Bruno!.netCents).toBe(593_116);
		expect(byName.Chloé!.netCents).toBe(1_364_901);
		expect(split.totals.offerCents).toBe(3_249_731);
		const accepted = await ctx.db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bid.id).execute();
		expect(accepted).toEqual([{ user_id: byName.Bruno!.personId }]);
	});

	it('is not seeded twice', async () => {
		const { seedDemoIfEmpty } = await import('../../../src/lib/server/demo/seed');
		await seedDemoIfEmpty(ctx);
		expect(await ctx.db.selectFrom('bids').select('id').execute()).toHaveLength(2);
	});

	it('holds a second bid, submitted five days ago before its DLRO, deposit recorded, with its exports', async () => {
		const bid = await bidOf('2026-OTMV-007');
		const now = Date.now();
		expect(bid.status).toBe('submitted');
		expect(bid.submitted_at!).toBeLessThan(bid.dlro);
		expect(bid.dlro).toBeLessThan(now);
		expect(now - bid.submitted_at!).toBeGreaterThan(4 * 86_400_000);

		const sub = (await getSubmission(ctx.db, bid.id))!;
		expect(sub.submittedBy).toBe('Anne Martin');
		expect(sub.depositedAt).toBeGreaterThan(sub.submittedAt);
		// The full package: what the buyer receives, zipped with its manifest; the split stays inside.
		expect(sub.files.filter((f) => f.audience === 'package').map((f) => f.name)).toEqual(['dossier-2026-OTMV-007.zip']);
		expect(
			sub.files
				.filter((f) => f.audience === 'deposit')
				.map((f) => f.name)
				.sort()
		).toEqual([
			'ATTRI1-Lot-1.docx',
			'ATTRI1-Lot-1.pdf',
			'DC1.docx',
			'DC1.pdf',
			'DC2-CAE-DELTA.docx',
			'DC2-CAE-DELTA.pdf',
			'DC2-CAE-GAMMA.docx',
			'DC2-CAE-GAMMA.pdf',
			'Memoire-technique-Lot-1.pdf',
			'Repartition-prestations-Lot-1.pdf'
		]);
		expect(
			sub.files
				.filter((f) => f.audience === 'internal')
				.map((f) => f.name)
				.sort()
		).toEqual([
			'annexe-repartition-2026-OTMV-007.docx',
			'annexe-repartition-2026-OTMV-007.pdf',
			'memoire-technique-lot-1-2026-OTMV-007.docx'
		]);
		for (const f of sub.files) {
			const row = await ctx.db.selectFrom('files').select('stored_name').where('id', '=', f.id).executeTakeFirstOrThrow();
			const bytes = readFileSync(join(ctx.config.dataDir, 'uploads', row.stored_name));
			expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
		}
		const memoire = sub.files.find((f) => f.name === 'Memoire-technique-Lot-1.pdf')!;
		const row = await ctx.db.selectFrom('files').select('stored_name').where('id', '=', memoire.id).executeTakeFirstOrThrow();
		const { text } = await pdfText(readFileSync(join(ctx.config.dataDir, 'uploads', row.stored_name)));
		expect(text).toContain('Office de tourisme Monts et Vallées Ouest Creuse');
		expect(text).toContain('Imprim’Vert');

		// Every section was written and validated; the rooms are read-only now, even for Anne.
		const sections = await ctx.db.selectFrom('sections').select(['id', 'state']).where('bid_id', '=', bid.id).execute();
		expect(sections.length).toBeGreaterThan(0);
		const anne = await ctx.db.selectFrom('users').select('id').where('email', '=', 'anne@demo.test').executeTakeFirstOrThrow();
		for (const s of sections) {
			expect(s.state).toBe('validated');
			expect((await readSectionContent(ctx, s.id)).text.length).toBeGreaterThan(50);
			expect(await resolveRoomAccess(ctx.db, anne.id, `section/${s.id}`)).toBe('read');
		}
		// Anne, Bruno and Chloé accepted the split before it was frozen.
		const accepted = await ctx.db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bid.id).execute();
		expect(accepted).toHaveLength(3);
	});
});
