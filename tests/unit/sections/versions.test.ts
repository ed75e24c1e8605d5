import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { makeOrganisation, makeUser } from '../../support/factories';
import { actorOf, addBidMember, makeBid } from '../../support/bids';
import { DomainError } from '../../../src/lib/server/errors';
import { appendUpdates, compactRoom } from '../../../src/lib/server/collab/persistence';
import { createNamedVersion, getVersion, listVersions } from '../../../src/lib/server/sections/versions.service';
import { createVersion } from '../../../src/lib/server/sections/snapshot';

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeBid>>;
let observer: Awaited<ReturnType<typeof actorOf>>;
let stranger: Awaited<ReturnType<typeof actorOf>>;
let sectionId: string;

async function status(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (e instanceof DomainError) return e.status;
		throw e;
	}
}

/** What Tiptap's Collaboration extension writes: blocks in the Y.XmlFragment 'default'. */
function paragraph(doc: Y.Doc, at: number, runs: Array<[string, Record<string, unknown>?]>, name = 'paragraph') {
	const p = new Y.XmlElement(name);
	const t = new Y.XmlText();
	p.insert(0, [t]);
	doc.getXmlFragment('default').insert(at, [p]);
	let i = 0;
	for (const [s, marks] of runs) {
		t.insert(i, s, marks ?? {});
		i += s.length;
	}
	return p;
}

/** Records every update of `doc` (as the collab server's log would hold them). */
function recorder(doc: Y.Doc): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return updates;
}

beforeAll(async () => {
	ctx = await createTestContext();
	setup = await makeBid(ctx, 1);
	observer = await addBidMember(ctx, setup.bidId, 'observer', setup.org.id);
	const { user } = await makeUser(ctx, { name: 'Étrangère' });
	await makeOrganisation(ctx, user.id);
	stranger = await actorOf(ctx, user.id);
	sectionId = (
		await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', setup.bidId).orderBy('position').executeTakeFirstOrThrow()
	).id;
});
afterAll(() => ctx.cleanup());

describe('section versions', () => {
	it('createVersion stores the HTML, the character count and the Yjs state of the stored document', async () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		const h = paragraph(doc, 0, [['Méthodologie <& moyens>']], 'heading');
		h.setAttribute('level', '2');
		paragraph(doc, 1, [['Nous livrons '], ['chaque semaine', { bold: {} }], ['.']]);
		paragraph(doc, 2, [
			['site', { link: { href: 'https://exemple.fr/?a=1&b="2"' } }],
			[' et '],
			['piège', { link: { href: 'javascript:alert(1)' } }]
		]);
		// Half of the history compacted into the snapshot, the rest still in the log.
		const half = Math.floor(log.length / 2);
		await appendUpdates(ctx.db, `section/${sectionId}`, log.slice(0, half), ctx.now());
		await compactRoom(ctx.db, `section/${sectionId}`, ctx.now());
		await appendUpdates(ctx.db, `section/${sectionId}`, log.slice(half), ctx.now());

		const v = await createVersion(ctx.db, {
			sectionId,
			name: '  Avant relecture ',
			userId: setup.coordinator.id,
			kind: 'manual',
			now: ctx.now()
		});
		expect(v.html).toBe(
			'<h2>Méthodologie &lt;&amp; moyens&gt;</h2><p>Nous livrons <strong>chaque semaine</strong>.</p>' +
				'<p><a href="https://exemple.fr/?a=1&amp;b=%222%22">site</a> et piège</p>'
		);
		const restored = new Y.Doc();
		Y.applyUpdate(restored, v.state);
		expect(restored.getXmlFragment('default').toString()).toBe(doc.getXmlFragment('default').toString());

		const row = await ctx.db.selectFrom('section_versions').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			section_id: sectionId,
			name: 'Avant relecture',
			html: v.html,
			kind: 'manual',
			created_by: setup.coordinator.id
		});
		expect(row.text_length).toBe([...'Méthodologie <& moyens>Nous livrons chaque semaine.site et piège'].length);
		expect(Buffer.from(row.state).equals(Buffer.from(v.state))).toBe(true);
	});

	it('merges the live room state when the collaboration server hands one over', async () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		paragraph(doc, 0, [['stocké']]);
		// Fresh section: use another one of the bid.
		const other = (
			await ctx.db
				.selectFrom('sections')
				.select('id')
				.where('bid_id', '=', setup.bidId)
				.orderBy('position')
				.offset(1)
				.limit(1)
				.executeTakeFirstOrThrow()
		).id;
		await appendUpdates(ctx.db, `section/${other}`, log, ctx.now());
		paragraph(doc, 1, [['encore en mémoire']]);
		const live = { liveState: (r: string) => (r === `section/${other}` ? Y.encodeStateAsUpdate(doc) : null) };
		const v = await createVersion(
			ctx.db,
			{ sectionId: other, name: 'live', userId: setup.coordinator.id, kind: 'validation', now: ctx.now() },
			live
		);
		expect(v.html).toBe('<p>stocké</p><p>encore en mémoire</p>');
	});

	it('an empty section gives an empty version', async () => {
		const empty = (
			await ctx.db
				.selectFrom('sections')
				.select('id')
				.where('bid_id', '=', setup.bidId)
				.orderBy('position', 'desc')
				.executeTakeFirstOrThrow()
		).id;
		const v = await createVersion(ctx.db, { sectionId: empty, name: '', userId: setup.coordinator.id, kind: 'submission', now: ctx.now() });
		expect(v.html).toBe('');
		const row = await ctx.db
			.selectFrom('section_versions')
			.select(['name', 'text_length'])
			.where('id', '=', v.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ name: 'Dépôt', text_length: 0 });
	});

	it('members list and read versions; writers name new ones; observers read only; non-members get 404', async () => {
		const id = await createNamedVersion(ctx, setup.coordinator, setup.bidId, sectionId, '');
		const list = await listVersions(ctx, observer, setup.bidId, sectionId);
		expect(list[0]).toMatchObject({ id, kind: 'manual', createdBy: setup.coordinator.name });
		expect(list[0]!.name).toMatch(/^Version du \d\d\/\d\d\/\d{4} \d\d:\d\d/);
		expect(list.map((v) => v.name)).toContain('Avant relecture');

		const one = await getVersion(ctx, observer, setup.bidId, sectionId, id);
		expect(one.html).toContain('<strong>chaque semaine</strong>');

		expect(await status(createNamedVersion(ctx, observer, setup.bidId, sectionId, 'Essai'))).toBe(403);
		expect(await status(createNamedVersion(ctx, setup.coordinator, setup.bidId, sectionId, 'x'.repeat(121)))).toBe(400);
		expect(await status(listVersions(ctx, stranger, setup.bidId, sectionId))).toBe(404);
		expect(await status(getVersion(ctx, stranger, setup.bidId, sectionId, id))).toBe(404);
		expect(await status(createNamedVersion(ctx, stranger, setup.bidId, sectionId, 'Essai'))).toBe(404);
		// A version id under another section of the same bid is not found.
		const other = (
			await ctx.db
				.selectFrom('sections')
				.select('id')
				.where('bid_id', '=', setup.bidId)
				.where('id', '!=', sectionId)
				.executeTakeFirstOrThrow()
		).id;
		expect(await status(getVersion(ctx, setup.coordinator, setup.bidId, other, id))).toBe(404);
	});
});
