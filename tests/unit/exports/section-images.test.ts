/**
 * Pictures in a section's readers and exports (issue 15, item 1), on a real bid: the server's HTML
 * shows a picture only from a valid file id, always as `/fichiers/<id>`, alt and caption escaped,
 * nothing for a picture still waiting for its upload; a picture counts no character; the DOCX
 * (word/media/, alt text as the picture's description, caption) and the PDF (an image XObject)
 * embed the bid's own picture and never another bid's — that one, a forged id and a pending
 * picture are said by their alt text in italics instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import sharp from 'sharp';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestContext, type TestContext } from '../../support/context';
import { makeBid } from '../../support/bids';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { uploadSectionImage } from '../../../src/lib/server/sections/images.service';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { countCharacters, docToHtml, docToPlainText, docToProsemirrorJSON, SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { sectionRoom } from '../../../src/lib/server/sections/state';
import { generateExports } from '../../../src/lib/server/submission/exports';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

async function pictureOf(colour: string, width: number, height: number) {
	const bytes = await sharp({ create: { width, height, channels: 3, background: colour } })
		.png()
		.toBuffer();
	return new File([Uint8Array.from(bytes)], 'image.png');
}

function paragraph(text: string) {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function image(attrs: Record<string, unknown>) {
	const el = new Y.XmlElement('image');
	for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
	return el;
}

describe('a section with pictures', () => {
	let own: { id: string };
	let foreign: { id: string };
	let doc: Y.Doc;
	let bidId: string;

	beforeAll(async () => {
		const a = await makeBid(ctx, 1);
		const b = await makeBid(ctx, 1);
		bidId = a.bidId;
		const sectionA = (await listSections(ctx.db, a.bidId))[0]!.id;
		const sectionB = (await listSections(ctx.db, b.bidId))[0]!.id;
		own = await uploadSectionImage(ctx, a.coordinator, a.bidId, sectionA, { file: await pictureOf('#1f5fa8', 800, 400) });
		foreign = await uploadSectionImage(ctx, b.coordinator, b.bidId, sectionB, { file: await pictureOf('#c00000', 300, 300) });
		doc = new Y.Doc();
		doc
			.getXmlFragment(SECTION_FIELD)
			.insert(0, [
				paragraph('Notre organisation.'),
				image({ fileId: own.id, alt: 'Organigramme <du> groupement', caption: 'Figure 1 — « Qui fait quoi »', width: 800, height: 400 }),
				image({ fileId: foreign.id, alt: 'Image d’un autre groupement', width: 300, height: 300 }),
				image({ fileId: 'https://evil.example/x.png', alt: 'Adresse forgée', width: 10, height: 10 }),
				image({ pendingId: 'local-1234abcd', alt: 'Photo en attente' })
			]);
		await appendUpdates(ctx.db, sectionRoom(sectionA), [Y.encodeStateAsUpdate(doc)], ctx.now());
	});

	it('reads as HTML with only the valid picture, from /fichiers, alt and caption escaped', () => {
		const html = docToHtml(doc);
		expect(html).toBe(
			`<p>Notre organisation.</p><figure><img src="/fichiers/${own.id}" alt="Organigramme &lt;du&gt; groupement" width="800" height="400" loading="lazy">` +
				`<figcaption>Figure 1 — « Qui fait quoi »</figcaption></figure>` +
				`<figure><img src="/fichiers/${foreign.id}" alt="Image d’un autre groupement" width="300" height="300" loading="lazy"></figure>`
		);
		expect(html).not.toContain('evil.example');
	});

	it('counts no character for a picture and leaves it out of the plain text', () => {
		expect(countCharacters(doc)).toBe('Notre organisation.'.length);
		expect(docToPlainText(doc)).toBe('Notre organisation.');
	});

	it('gives ProseMirror JSON with checked attributes only', () => {
		const json = docToProsemirrorJSON(doc);
		expect(json.content![3]).toEqual({
			type: 'image',
			attrs: { fileId: null, pendingId: null, alt: 'Adresse forgée', caption: '', width: 10, height: 10 }
		});
		expect(json.content![4]!.attrs).toMatchObject({ fileId: null, pendingId: 'local-1234abcd' });
	});

	it('embeds the bid’s own picture in the DOCX and the PDF, never another bid’s', async () => {
		const files = await generateExports(ctx, bidId, { draft: true, at: ctx.now() });
		const docx = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique-lot-1-') && f.name.endsWith('.docx'))!;
		const parts = unzipSync(docx.bytes);
		const media = Object.keys(parts).filter((n) => /^word\/media\/.+/.test(n));
		expect(media).toHaveLength(1);
		expect(await sharp(parts[media[0]!]!).metadata()).toMatchObject({ width: 800, height: 400 });
		const body = strFromU8(parts['word/document.xml']!);
		expect(body).toContain('descr="Organigramme &lt;du&gt; groupement"');
		expect(body).toContain('Figure 1 — « Qui fait quoi »');
		// 800 px at 96 dpi is 21.2 cm: scaled down to the 17 cm of text (6 120 000 EMU), aspect kept.
		expect(body).toMatch(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/);
		const [, cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(body)!;
		expect(Number(cx) / 360000).toBeCloseTo(17, 0);
		expect(Number(cx) / Number(cy)).toBeCloseTo(2, 1);
		expect(body).toContain('[Image : Image d’un autre groupement]');
		expect(body).toContain('[Image : Adresse forgée]');
		expect(body).toContain('[Image : Photo en attente]');

		const pdf = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique-lot-1-') && f.name.endsWith('.pdf'))!;
		const raw = Buffer.from(pdf.bytes).toString('latin1');
		expect(raw.match(/\/Subtype\s*\/Image/g)).toHaveLength(1);
		expect(raw).toMatch(/\/Width 800\b/);
		expect(raw).not.toMatch(/\/Width 300\b/);
	});
});
