/**
 * Uploads at their edges, through the real storeUpload on a real SQLite file and data folder:
 * exactly 50 Mo is kept, one byte more is refused in French, an empty file and a name that lies
 * about the content are refused, and a refusal leaves nothing behind (no row, no file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, type TestContext } from '../../support/context';
import { makeBid } from '../../support/bids';
import { MAX_FILE_BYTES, storeUpload } from '../../../src/lib/server/files/storage';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
let bid: Awaited<ReturnType<typeof makeBid>>;

beforeAll(async () => {
	ctx = await createTestContext();
	bid = await makeBid(ctx, 1);
});
afterAll(() => ctx.cleanup());

/** A file of `size` bytes whose content is a PDF (it starts with the PDF signature). */
function pdf(size: number, name = 'memoire.pdf'): File {
	const bytes = new Uint8Array(size).fill(0x20);
	if (size > 0) bytes.set(new TextEncoder().encode('%PDF-1.7\n').subarray(0, size));
	return new File([bytes], name, { type: 'application/pdf' });
}

function upload(file: File) {
	return storeUpload(ctx, file, { field: 'file', kind: 'piece', bidId: bid.bidId, uploadedBy: bid.coordinator.id });
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(DomainError);
	return e as DomainError;
}

async function stored() {
	const rows = await ctx.db.selectFrom('files').select(['name', 'size']).where('bid_id', '=', bid.bidId).execute();
	const dir = join(ctx.config.dataDir, 'uploads');
	return { rows, files: existsSync(dir) ? readdirSync(dir) : [] };
}

describe('storeUpload at its limits', () => {
	it('keeps a file of exactly 50 Mo and refuses one byte more, in French, keeping nothing', async () => {
		expect(MAX_FILE_BYTES).toBe(50 * 1024 * 1024);
		const before = await stored();
		const e = await refusal(upload(pdf(MAX_FILE_BYTES + 1, 'trop-gros.pdf')));
		expect(e.fields.file).toBe('Fichier : 51 Mo, le maximum est 50 Mo.');
		expect(await stored()).toEqual(before);

		const kept = await upload(pdf(MAX_FILE_BYTES, 'juste-50-mo.pdf'));
		expect(kept).toMatchObject({ size: MAX_FILE_BYTES, mime: 'application/pdf', name: 'juste-50-mo.pdf' });
		const after = await stored();
		expect(after.rows).toContainEqual({ name: 'juste-50-mo.pdf', size: MAX_FILE_BYTES });
		expect(after.files).toContain(kept.id);
	});

	it('refuses an empty file', async () => {
		const before = await stored();
		const e = await refusal(upload(pdf(0, 'vide.pdf')));
		expect(e.fields.file).toBe('Fichier : choisissez un fichier non vide.');
		expect(await stored()).toEqual(before);
	});

	it('refuses a name that does not match the content, saying what the content is', async () => {
		const before = await stored();
		const e = await refusal(upload(pdf(2048, 'offre.docx')));
		expect(e.fields.file).toBe('Fichier : le contenu est un PDF mais le nom se termine par « .docx ». Renommez-le correctement.');
		const noExt = await refusal(upload(pdf(2048, 'offre')));
		expect(noExt.fields.file).toBe('Fichier : le contenu est un PDF mais le nom se termine par « .? ». Renommez-le correctement.');
		const text = await refusal(upload(new File(['Bonjour, ceci est du texte.'], 'faux.pdf', { type: 'application/pdf' })));
		expect(text.fields.file).toMatch(/^Fichier : seuls les PDF, DOCX, XLSX, ODT et ZIP sont acceptés/);
		expect(await stored()).toEqual(before);
	});
});
