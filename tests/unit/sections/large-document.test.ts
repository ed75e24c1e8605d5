/**
 * A very long section (5 MB of text) must not be copied whole into the pages that show it: the
 * section page embeds a bounded excerpt (the editor gets the document through the socket) and a
 * version page a bounded part of the version's stored HTML. Real services and route loads on a
 * real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { makeBid } from '../../support/bids';
import { callLoad } from '../../support/pages';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { createNamedVersion } from '../../../src/lib/server/sections/versions.service';
import { load as sectionPageLoad } from '../../../src/routes/(app)/reponses/[id]/sections/[sectionId]/+page.server';
import { load as versionPageLoad } from '../../../src/routes/(app)/reponses/[id]/sections/[sectionId]/versions/[versionId]/+page.server';

const PARAGRAPHS = 50_000;
/** 100 characters per paragraph: 5 000 000 characters in all. */
const line = (i: number) => `Paragraphe ${String(i).padStart(6, '0')} : ` + 'x'.repeat(100 - 20);

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let sectionId: string;
const user = () => ({ id: setup.coordinator.id, email: setup.coordinator.email, name: setup.coordinator.name });

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx, 1);
	sectionId = (
		await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).orderBy('position').executeTakeFirstOrThrow()
	).id;
	const doc = new Y.Doc();
	doc.transact(() => {
		const blocks = Array.from({ length: PARAGRAPHS }, (_, i) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(line(i))]);
			return p;
		});
		doc.getXmlFragment('default').insert(0, blocks);
	});
	await appendUpdates(ctx.db, `section/${sectionId}`, [Y.encodeStateAsUpdate(doc)], ctx.now());
	doc.destroy();
});
afterAll(() => ctx.cleanup());

describe('a section of 5 000 000 characters', () => {
	it('its page embeds the beginning of the text only, with the full character count', async () => {
		const data = await callLoad(ctx, sectionPageLoad, user(), `/reponses/${setup.bidId}/sections/${sectionId}`, {
			id: setup.bidId,
			sectionId
		});
		const size = JSON.stringify(data).length;
		expect(size).toBeLessThan(40_000);
		expect(data.preview.characters).toBe(PARAGRAPHS * 100);
		expect(data.preview).toMatchObject({ truncated: true });
		expect(data.preview.html.startsWith(`<p>${line(0)}</p>`)).toBe(true);
		expect(data.preview.html.endsWith('</p>')).toBe(true);
		expect(data.preview.html).not.toContain(line(PARAGRAPHS - 1));
	});

	it('a version of it is stored whole, and its page shows a bounded beginning', async () => {
		const versionId = await createNamedVersion(ctx, setup.coordinator, setup.bidId, sectionId, 'Longue');
		const stored = await ctx.db.selectFrom('section_versions').select('html').where('id', '=', versionId).executeTakeFirstOrThrow();
		expect(stored.html).toContain(line(PARAGRAPHS - 1));
		const data = await callLoad(ctx, versionPageLoad, user(), `/reponses/${setup.bidId}/sections/${sectionId}/versions/${versionId}`, {
			id: setup.bidId,
			sectionId,
			versionId
		});
		expect(JSON.stringify(data).length).toBeLessThan(1_100_000);
		expect(data.version).toMatchObject({ truncated: true });
		expect(data.version.html.startsWith(`<p>${line(0)}</p>`)).toBe(true);
		expect(data.version.html.endsWith('</p>')).toBe(true);
	});
});
