/**
 * A section document nested thousands of levels deep (one ~63 KB Yjs update: 3 000 blockquotes
 * inside each other, a paragraph at the bottom) must not break the section for everyone: the
 * page, versions, validation, the draft exports and the submission read it without overflowing
 * the stack, and keep the text at the bottom. Real services on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { acceptSplitForAll, addOneLine, makeBid, provideAllPieces, writeSection } from '../../support/bids';
import { callLoad } from '../../support/pages';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { readSectionContent } from '../../../src/lib/server/sections/state';
import { createNamedVersion, getVersion } from '../../../src/lib/server/sections/versions.service';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { generateExports } from '../../../src/lib/server/submission/exports';
import { readiness } from '../../../src/lib/server/submission/readiness';
import { submitBid } from '../../../src/lib/server/submission/submit';
import { load as sectionPageLoad } from '../../../src/routes/(app)/reponses/[id]/sections/[sectionId]/+page.server';
import { load as versionPageLoad } from '../../../src/routes/(app)/reponses/[id]/sections/[sectionId]/versions/[versionId]/+page.server';
import { norm, pdfText, readDocx } from '../exports/fixtures';

const DEPTH = 3000;
const BOTTOM = 'Texte tout au fond';

/** One Yjs update: DEPTH blockquotes inside each other in the 'default' fragment, a paragraph at the bottom. */
function deepUpdate(): Uint8Array {
	const doc = new Y.Doc();
	let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('default');
	doc.transact(() => {
		for (let i = 0; i < DEPTH; i++) {
			const quote = new Y.XmlElement('blockquote');
			parent.insert(0, [quote]);
			parent = quote;
		}
		const p = new Y.XmlElement('paragraph');
		parent.insert(0, [p]);
		p.insert(0, [new Y.XmlText(BOTTOM)]);
	});
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let sectionIds: string[];
const coordinatorUser = () => ({ id: setup.coordinator.id, email: setup.coordinator.email, name: setup.coordinator.name });

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx, 1);
	sectionIds = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).orderBy('position').execute()).map(
		(s) => s.id
	);
	const update = deepUpdate();
	expect(update.byteLength).toBeLessThan(70_000);
	await appendUpdates(ctx.db, `section/${sectionIds[0]}`, [update], ctx.now());
	for (const id of sectionIds.slice(1)) await writeSection(ctx, id);
});
afterAll(() => ctx.cleanup());

describe('a section document 3 000 levels deep', () => {
	it('the section page loads, its preview keeps the text at the bottom', async () => {
		const data = await callLoad(ctx, sectionPageLoad, coordinatorUser(), `/reponses/${setup.bidId}/sections/${sectionIds[0]}`, {
			id: setup.bidId,
			sectionId: sectionIds[0]!
		});
		expect(data.preview.html).toContain(BOTTOM);
		expect(data.preview.characters).toBe(BOTTOM.length);
	});

	it('its content reads as state, HTML, text and ProseMirror JSON', async () => {
		const content = await readSectionContent(ctx, sectionIds[0]!);
		expect(content.html).toContain(BOTTOM);
		expect(content.text).toContain(BOTTOM);
		expect(JSON.stringify(content.doc)).toContain(BOTTOM);
	});

	it('a version can be taken and its page loads', async () => {
		const versionId = await createNamedVersion(ctx, setup.coordinator, setup.bidId, sectionIds[0]!, 'Profonde');
		const v = await getVersion(ctx, setup.coordinator, setup.bidId, sectionIds[0]!, versionId);
		expect(v.html).toContain(BOTTOM);
		expect(v.textLength).toBe(BOTTOM.length);
		const data = await callLoad(
			ctx,
			versionPageLoad,
			coordinatorUser(),
			`/reponses/${setup.bidId}/sections/${sectionIds[0]}/versions/${versionId}`,
			{
				id: setup.bidId,
				sectionId: sectionIds[0]!,
				versionId
			}
		);
		expect(data.version.html).toContain(BOTTOM);
	});

	it('the draft DOCX and PDF exports are generated and keep the text', async () => {
		const files = await generateExports(ctx, setup.bidId, { draft: true, at: ctx.now() });
		const docx = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique') && f.name.endsWith('.docx'))!;
		const pdf = files.find((f) => f.name.startsWith('BROUILLON-memoire-technique') && f.name.endsWith('.pdf'))!;
		expect(norm(readDocx(docx.bytes).text('word/document.xml'))).toContain(BOTTOM);
		expect(norm((await pdfText(pdf.bytes)).text)).toContain(BOTTOM);
	});

	it('the section can be validated, and the bid submitted with the text in its record and files', async () => {
		for (const id of sectionIds) await transitionSection(ctx, setup.coordinator, setup.bidId, id, 'validate');
		const validation = await ctx.db
			.selectFrom('section_versions')
			.select('html')
			.where('section_id', '=', sectionIds[0]!)
			.where('kind', '=', 'validation')
			.executeTakeFirstOrThrow();
		expect(validation.html).toContain(BOTTOM);

		await addOneLine(ctx, setup);
		await provideAllPieces(ctx, setup);
		await acceptSplitForAll(ctx, setup.bidId);
		expect((await readiness(ctx, setup.bidId, ctx.now())).blockers).toEqual([]);
		await submitBid(ctx, setup.coordinator, setup.bidId);
		const record = await ctx.db
			.selectFrom('submission_sections')
			.select(['html', 'doc_json'])
			.where('section_id', '=', sectionIds[0]!)
			.executeTakeFirstOrThrow();
		expect(record.html).toContain(BOTTOM);
		expect(record.doc_json).toContain(BOTTOM);
	});
});
