/**
 * The group's logo (issue 14): its size read from the bytes (PNG IHDR, JPEG frame) and fitted to
 * the cover's box; the upload through the real use case on a real SQLite file — only the
 * coordinator, not after submission, a GIF or a file over 1 Mo refused in French naming the file,
 * a replaced or removed logo's file deleted; the exports of a bid with a logo carry it on the
 * mémoire's cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { jpegHeader, pngBytes } from '../../support/images';
import { fitWithin, readImageSize } from '../../../src/lib/server/files/image-size';
import { MAX_LOGO_BYTES } from '../../../src/lib/server/files/storage';
import { removeBidLogo, uploadBidLogo } from '../../../src/lib/server/bids/logo.service';
import { getBidOverview } from '../../../src/lib/server/bids/bid-overview';
import { DomainError } from '../../../src/lib/server/errors';
import { generateExports } from '../../../src/lib/server/submission/exports';
import { unzipSync } from 'fflate';

describe('readImageSize and fitWithin', () => {
	it('reads a PNG’s and a JPEG’s (baseline and progressive) size from their headers', () => {
		expect(readImageSize(pngBytes(2, 1))).toEqual({ type: 'png', width: 2, height: 1 });
		expect(readImageSize(pngBytes(300, 120))).toEqual({ type: 'png', width: 300, height: 120 });
		expect(readImageSize(jpegHeader(640, 480))).toEqual({ type: 'jpg', width: 640, height: 480 });
		expect(readImageSize(jpegHeader(1200, 300, true))).toEqual({ type: 'jpg', width: 1200, height: 300 });
	});

	it('answers null for other formats and for truncated or zero-sized images', () => {
		expect(readImageSize(new TextEncoder().encode('GIF89a\x02\x00\x01\x00'))).toBeNull();
		expect(readImageSize(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
		expect(readImageSize(pngBytes(2, 1).subarray(0, 20))).toBeNull();
		expect(readImageSize(jpegHeader(640, 480).subarray(0, 24))).toBeNull();
		expect(readImageSize(jpegHeader(0, 480))).toBeNull();
		expect(readImageSize(new Uint8Array(0))).toBeNull();
	});

	it('fits the box with the aspect kept, a small logo scaled up as a big one', () => {
		expect(fitWithin({ width: 2, height: 1 }, 60, 30)).toEqual({ width: 60, height: 30 });
		expect(fitWithin({ width: 1000, height: 1000 }, 60, 30)).toEqual({ width: 30, height: 30 });
		expect(fitWithin({ width: 1200, height: 100 }, 60, 30)).toEqual({ width: 60, height: 5 });
	});
});

describe('uploading the group’s logo', () => {
	let ctx: TestContext;
	let b: Awaited<ReturnType<typeof makeBid>>;
	let member: Awaited<ReturnType<typeof addBidMember>>;

	beforeAll(async () => {
		ctx = await createTestContext();
		b = await makeBid(ctx, 1);
		member = await addBidMember(ctx, b.bidId, 'member');
	});
	afterAll(() => ctx.cleanup());

	const png = (name = 'logo.png') => new File([pngBytes(4, 2)], name, { type: 'image/png' });
	const logoOf = async () => (await getBidOverview(ctx, b.coordinator, b.bidId)).logo;

	async function refusal(p: Promise<unknown>): Promise<DomainError> {
		const e = await p.then(
			() => null,
			(err: unknown) => err
		);
		expect(e).toBeInstanceOf(DomainError);
		return e as DomainError;
	}

	it('lets the coordinator set, replace and remove it, deleting the file it replaces', async () => {
		const first = await uploadBidLogo(ctx, b.coordinator, b.bidId, png('premier.png'));
		expect(await logoOf()).toEqual({ id: first.id, name: 'premier.png' });
		const row = await ctx.db.selectFrom('files').select(['mime', 'kind']).where('id', '=', first.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ mime: 'image/png', kind: 'logo' });

		const second = await uploadBidLogo(ctx, b.coordinator, b.bidId, new File([jpegHeader(80, 40)], 'second.jpeg'));
		expect(await logoOf()).toEqual({ id: second.id, name: 'second.jpeg' });
		expect(await ctx.db.selectFrom('files').select('id').where('id', '=', first.id).executeTakeFirst()).toBeUndefined();
		expect(existsSync(join(ctx.config.dataDir, 'uploads', first.id))).toBe(false);

		await removeBidLogo(ctx, b.coordinator, b.bidId);
		expect(await logoOf()).toBeNull();
		expect(existsSync(join(ctx.config.dataDir, 'uploads', second.id))).toBe(false);
	});

	it('refuses a member: only the coordinator sets the logo', async () => {
		const e = await refusal(uploadBidLogo(ctx, member, b.bidId, png()));
		expect(e.code).toBe('forbidden');
		expect(await logoOf()).toBeNull();
	});

	it('refuses a GIF and a file over 1 Mo in French, naming the file', async () => {
		const gif = await refusal(uploadBidLogo(ctx, b.coordinator, b.bidId, new File(['GIF89a\x02\x00\x01\x00\x00\x00'], 'anime.gif')));
		expect(gif.fields.logo).toBe(
			'Logo : « anime.gif » refusé, seuls les PNG et JPEG sont acceptés (le contenu ne correspond à aucun de ces formats).'
		);
		const big = new Uint8Array(MAX_LOGO_BYTES + 1);
		big.set(pngBytes(4, 2));
		const tooBig = await refusal(uploadBidLogo(ctx, b.coordinator, b.bidId, new File([big], 'affiche.png')));
		expect(tooBig.fields.logo).toBe('Logo : « affiche.png » dépasse 1 Mo, le maximum pour un logo.');
		const lying = await refusal(uploadBidLogo(ctx, b.coordinator, b.bidId, new File([pngBytes(4, 2)], 'logo.jpg')));
		expect(lying.fields.logo).toBe('Fichier : le contenu est un PNG mais le nom se termine par « .jpg ». Renommez-le correctement.');
		expect(await logoOf()).toBeNull();
		const kept = await ctx.db.selectFrom('files').select('id').where('bid_id', '=', b.bidId).where('kind', '=', 'logo').execute();
		expect(kept).toEqual([]);
	});

	it('puts the uploaded logo on the mémoire’s cover, DOCX and PDF, and nowhere in the annex', async () => {
		await uploadBidLogo(ctx, b.coordinator, b.bidId, png('couverture.png'));
		const files = await generateExports(ctx, b.bidId, { draft: true, at: ctx.now() });
		const docx = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique-lot-1-') && f.name.endsWith('.docx'))!;
		const media = Object.keys(unzipSync(docx.bytes)).filter((n) => /^word\/media\/.+\.png$/.test(n));
		expect(media).toHaveLength(1);
		const pdf = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique-lot-1-') && f.name.endsWith('.pdf'))!;
		expect(Buffer.from(pdf.bytes).toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
		const annex = files.find((f) => f.name.startsWith('BROUILLON-annexe-') && f.name.endsWith('.docx'))!;
		expect(Object.keys(unzipSync(annex.bytes)).some((n) => n.startsWith('word/media/'))).toBe(false);
		await removeBidLogo(ctx, b.coordinator, b.bidId);
	});

	it('refuses the coordinator once the bid is submitted', async () => {
		await ctx.db.updateTable('bids').set({ status: 'submitted' }).where('id', '=', b.bidId).execute();
		const e = await refusal(uploadBidLogo(ctx, b.coordinator, b.bidId, png()));
		expect(e.code).toBe('frozen');
		expect(await refusal(removeBidLogo(ctx, b.coordinator, b.bidId)).then((x) => x.code)).toBe('frozen');
	});
});
