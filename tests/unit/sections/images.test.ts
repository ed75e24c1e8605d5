/**
 * Images in sections (issue 15, item 1), the upload through the real use case on a real SQLite
 * file: the type sniffed from the bytes (SVG, HTML named .png, a damaged PNG and a 10-gigapixel
 * header refused in French), a phone photo turned upright, shrunk to 1 600 px and stripped of its
 * EXIF (GPS), a drawing with transparency kept as PNG, the original kept as a second file, the
 * storage quota, 404 for a non-member and 403 for an observer; the picture served inline by
 * `/fichiers/<id>` with nosniff, the original as an attachment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { makeUser, makeOrganisation } from '../../support/factories';
import { actorOf } from '../../support/bids';
import { pngBytes } from '../../support/images';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { uploadSectionImage } from '../../../src/lib/server/sections/images.service';
import { downloadFile } from '../../../src/lib/server/files/access';
import { DomainError } from '../../../src/lib/server/errors';

async function refusal(p: Promise<unknown>): Promise<DomainError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(DomainError);
	return e as DomainError;
}

/** A phone photo: 4 000 × 3 000, EXIF orientation 6 (taken upright), with the maker and a GPS position. */
async function phonePhoto(): Promise<Uint8Array<ArrayBuffer>> {
	return bytesOf(
		await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#4a7a3a' } })
			.jpeg({ quality: 70 })
			.withExif({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 10/1 0/1' } })
			.withMetadata({ orientation: 6 })
			.toBuffer()
	);
}

/** Bytes a File takes (a copy on its own ArrayBuffer). */
function bytesOf(data: Uint8Array): Uint8Array<ArrayBuffer> {
	return Uint8Array.from(data);
}

/** A PNG whose header claims `width` × `height` pixels, with a few bytes of (invalid) pixel data. */
function pngHeaderOnly(width: number, height: number): Uint8Array<ArrayBuffer> {
	const chunk = (type: string, data: Buffer) => {
		const head = Buffer.alloc(8);
		head.writeUInt32BE(data.length, 0);
		head.write(type, 4, 'latin1');
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
		return Buffer.concat([head, data, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Uint8Array.from(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', ihdr),
			chunk('IDAT', Buffer.from([1, 2, 3, 4])),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

describe('uploading an image into a section', () => {
	let ctx: TestContext;
	let b: Awaited<ReturnType<typeof makeBid>>;
	let sectionId: string;

	beforeAll(async () => {
		ctx = await createTestContext();
		b = await makeBid(ctx, 1);
		sectionId = (await listSections(ctx.db, b.bidId))[0]!.id;
	});
	afterAll(() => ctx.cleanup());

	const upload = (file: File, actor = b.coordinator, alt?: string) => uploadSectionImage(ctx, actor, b.bidId, sectionId, { file, alt });

	it('turns a phone photo upright, shrinks it to 1 600 px, strips its EXIF, and keeps the original', async () => {
		const photo = await phonePhoto();
		const image = await upload(new File([photo], 'chantier.jpg'), b.coordinator, '  Le chantier de Guéret  ');
		// 4 000 × 3 000 shot upright (orientation 6): 1 200 × 1 600 once turned and shrunk.
		expect(image).toMatchObject({ width: 1200, height: 1600, alt: 'Le chantier de Guéret', caption: '' });
		const shown = await downloadFile(ctx, b.coordinator, image.id);
		expect(shown.file).toMatchObject({ kind: 'image', mime: 'image/jpeg', name: 'chantier.jpg', bid_id: b.bidId });
		const meta = await sharp(shown.bytes).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 1200, height: 1600 });
		expect(meta.exif).toBeUndefined();
		expect(meta.orientation).toBeUndefined();
		expect(shown.bytes.toString('latin1')).not.toContain('PhoneMaker');

		const row = await ctx.db.selectFrom('section_images').selectAll().where('file_id', '=', image.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ bid_id: b.bidId, section_id: sectionId, width: 1200, height: 1600 });
		const original = await downloadFile(ctx, b.coordinator, row.original_file_id);
		expect(original.file).toMatchObject({ kind: 'image-original', mime: 'image/jpeg' });
		expect(Buffer.compare(original.bytes, photo)).toBe(0);
	});

	it('keeps a drawing with transparency as PNG, at its size when small', async () => {
		const drawing = await sharp({ create: { width: 640, height: 360, channels: 4, background: { r: 0, g: 80, b: 160, alpha: 0.5 } } })
			.png()
			.toBuffer();
		const image = await upload(new File([bytesOf(drawing)], 'organigramme.png'));
		expect(image).toMatchObject({ width: 640, height: 360 });
		const shown = await downloadFile(ctx, b.coordinator, image.id);
		expect(shown.file.mime).toBe('image/png');
		expect(await sharp(shown.bytes).metadata()).toMatchObject({ format: 'png', hasAlpha: true, width: 640, height: 360 });
	});

	it('takes a WebP and the first frame of a GIF', async () => {
		const webp = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#888' } })
			.webp()
			.toBuffer();
		expect(await upload(new File([bytesOf(webp)], 'photo.webp'))).toMatchObject({ width: 50, height: 40 });
		const gif = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#f00' } })
			.gif()
			.toBuffer();
		const shown = await upload(new File([bytesOf(gif)], 'anime.gif'));
		expect(shown).toMatchObject({ width: 30, height: 20 });
		expect((await downloadFile(ctx, b.coordinator, shown.id)).file.mime).toBe('image/png');
	});

	it('refuses SVG, HTML named .png, a damaged PNG and a 10-gigapixel one in French, storing nothing', async () => {
		const before = readdirSync(join(ctx.config.dataDir, 'uploads')).length;
		const svg = await refusal(
			upload(new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'schema.svg', { type: 'image/svg+xml' }))
		);
		expect(svg.fields.file).toBe('Ce fichier n’est pas une image acceptée : choisissez une image PNG, JPEG, WebP ou GIF.');
		const html = await refusal(upload(new File(['<html><body>hello</body></html>'], 'photo.png', { type: 'image/png' })));
		expect(html.fields.file).toBe('Ce fichier n’est pas une image acceptée : choisissez une image PNG, JPEG, WebP ou GIF.');
		const damaged = await refusal(upload(new File([pngHeaderOnly(20, 20)], 'abime.png')));
		expect(damaged.fields.file).toBe('Cette image est illisible ou endommagée : enregistrez-la de nouveau puis réessayez.');
		const bomb = await refusal(upload(new File([pngHeaderOnly(100_000, 100_000)], 'bombe.png')));
		expect(bomb.fields.file).toBe('Cette image est trop grande (100\u202f000 × 100\u202f000 pixels) : 50 millions de pixels au plus.');
		const big = new Uint8Array(15 * 1024 * 1024 + 1);
		big.set(pngBytes(4, 2));
		expect((await refusal(upload(new File([big], 'enorme.png')))).fields.file).toBe(
			'Image trop volumineuse : 16 Mo, le maximum est 15 Mo.'
		);
		expect(readdirSync(join(ctx.config.dataDir, 'uploads')).length).toBe(before);
	});

	it('answers 404 to a non-member and refuses an observer (read-only section)', async () => {
		const { user } = await makeUser(ctx, { name: 'Concurrent' });
		await makeOrganisation(ctx, user.id);
		const stranger = await actorOf(ctx, user.id);
		const png = () => new File([pngBytes(8, 8)], 'x.png');
		expect((await refusal(upload(png(), stranger))).code).toBe('not_found');
		const observer = await addBidMember(ctx, b.bidId, 'observer');
		expect((await refusal(upload(png(), observer))).code).toBe('forbidden');
		const image = await upload(png());
		expect((await refusal(downloadFile(ctx, stranger, image.id))).code).toBe('not_found');
		// An observer is a member: they see the picture.
		expect((await downloadFile(ctx, observer, image.id)).file.kind).toBe('image');
	});
});

describe('the storage quota', () => {
	it('refuses an image past it in French and keeps neither file', async () => {
		const ctx = await createTestContext({ ORG_STORAGE_QUOTA_MB: '1' });
		try {
			const b = await makeBid(ctx, 1);
			const sectionId = (await listSections(ctx.db, b.bidId))[0]!.id;
			// Noise does not compress: about 1 MB as PNG, more than the quota with its original.
			const noise = await sharp(randomBytes(700 * 500 * 3), {
				raw: { width: 700, height: 500, channels: 3 }
			})
				.png()
				.toBuffer();
			const e = await refusal(
				uploadSectionImage(ctx, b.coordinator, b.bidId, sectionId, { file: new File([bytesOf(noise)], 'bruit.png') })
			);
			expect(e.code).toBe('storage_full');
			expect(e.fields.file).toMatch(/^L’espace de stockage de .+ ne suffit pas/);
			expect(await ctx.db.selectFrom('files').select('id').where('bid_id', '=', b.bidId).execute()).toEqual([]);
			const uploads = join(ctx.config.dataDir, 'uploads');
			expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
		} finally {
			await ctx.cleanup();
		}
	});
});
