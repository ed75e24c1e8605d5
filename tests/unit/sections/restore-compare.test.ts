/**
 * Compare and restore versions (issue 15, item 4): a readable comparison paragraph by paragraph
 * with the words changed, and a restore that is a new change, keeps the text it replaces as a
 * version, is logged, and is refused to whoever may not write in the section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { appendUpdates, loadRoomState } from '../../../src/lib/server/collab/persistence';
import { docToPlainText, SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { sectionRoom } from '../../../src/lib/server/sections/state';
import { createNamedVersion } from '../../../src/lib/server/sections/versions.service';
import { compareTexts, compareVersion } from '../../../src/lib/server/sections/compare';
import { restoreVersion } from '../../../src/lib/server/sections/restore';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

/** Replaces the section's stored text with these paragraphs, as an editor's update would. */
async function write(sectionId: string, paragraphs: string[]) {
	const doc = new Y.Doc();
	const stored = await loadRoomState(ctx.db, sectionRoom(sectionId));
	if (stored) Y.applyUpdate(doc, stored);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const fragment = doc.getXmlFragment(SECTION_FIELD);
	doc.transact(() => {
		if (fragment.length) fragment.delete(0, fragment.length);
		fragment.insert(
			0,
			paragraphs.map((p) => {
				const el = new Y.XmlElement('paragraph');
				el.insert(0, [new Y.XmlText(p)]);
				return el;
			})
		);
	});
	await appendUpdates(ctx.db, sectionRoom(sectionId), updates, ctx.now());
}

async function storedText(sectionId: string) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, (await loadRoomState(ctx.db, sectionRoom(sectionId)))!);
	return docToPlainText(doc);
}

describe('compare', () => {
	it('reads paragraph by paragraph, with the words added and removed in a paragraph that changed', () => {
		expect(compareTexts('Trois ateliers par commune.\nUn bilan.', 'Quatre ateliers par commune.\nUn bilan.\nUne restitution.')).toEqual([
			{
				kind: 'changed',
				words: [
					{ text: 'Trois', change: 'removed' },
					{ text: 'Quatre', change: 'added' },
					{ text: ' ateliers par commune.', change: 'same' }
				]
			},
			{ kind: 'same', text: 'Un bilan.' },
			{ kind: 'added', text: 'Une restitution.' }
		]);
		expect(compareTexts('A.\nB.', 'B.')).toEqual([
			{ kind: 'removed', text: 'A.' },
			{ kind: 'same', text: 'B.' }
		]);
	});
});

describe('restore', () => {
	it('brings a version back as a new change, keeps the replaced text as a version, and logs it', async () => {
		const b = await makeBid(ctx, 1);
		const section = (await ctx.db.selectFrom('sections').select(['id', 'title']).where('bid_id', '=', b.bidId).executeTakeFirst())!;
		await write(section.id, ['Trois ateliers par commune.']);
		const versionId = await createNamedVersion(ctx, b.coordinator, b.bidId, section.id, 'Première rédaction');
		await write(section.id, ['Un texte réécrit trop vite.']);

		const compared = await compareVersion(ctx, b.coordinator, b.bidId, section.id, versionId, null);
		expect(compared.otherName).toBe('texte actuel');
		expect(compared.blocks).toHaveLength(1);
		const [changed] = compared.blocks;
		expect(changed?.kind).toBe('changed');
		const words = changed?.kind === 'changed' ? changed.words : [];
		expect(
			words
				.filter((w) => w.change === 'removed')
				.map((w) => w.text)
				.join('')
		).toContain('Trois ateliers');
		expect(
			words
				.filter((w) => w.change === 'added')
				.map((w) => w.text)
				.join('')
		).toContain('trop vite');

		expect(await restoreVersion(ctx, b.coordinator, b.bidId, section.id, versionId)).toBe('Première rédaction');
		expect(await storedText(section.id)).toBe('Trois ateliers par commune.');
		const kept = await ctx.db
			.selectFrom('section_versions')
			.select(['name', 'html'])
			.where('section_id', '=', section.id)
			.where('name', '=', 'Avant la restauration de « Première rédaction »')
			.executeTakeFirstOrThrow();
		expect(kept.html).toContain('Un texte réécrit trop vite.');
		const logged = await ctx.db
			.selectFrom('activity')
			.select(['action', 'after'])
			.where('bid_id', '=', b.bidId)
			.where('action', '=', 'version_restored')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(logged.after!)).toEqual({ title: section.title, version: 'Première rédaction' });
		// Restoring the kept version undoes the restore.
		const keptId = (
			await ctx.db
				.selectFrom('section_versions')
				.select('id')
				.where('section_id', '=', section.id)
				.where('name', '=', 'Avant la restauration de « Première rédaction »')
				.executeTakeFirstOrThrow()
		).id;
		await restoreVersion(ctx, b.coordinator, b.bidId, section.id, keptId);
		expect(await storedText(section.id)).toBe('Un texte réécrit trop vite.');
	});

	it('is refused to an observer, and on a validated section, with the reason', async () => {
		const b = await makeBid(ctx, 1);
		const section = (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', b.bidId).executeTakeFirst())!;
		await write(section.id, ['Texte.']);
		const versionId = await createNamedVersion(ctx, b.coordinator, b.bidId, section.id, 'v1');
		const observer = await addBidMember(ctx, b.bidId, 'observer');
		const refused = await restoreVersion(ctx, observer, b.bidId, section.id, versionId).catch((e: DomainError) => e);
		expect((refused as DomainError).status).toBe(403);
		await ctx.db.updateTable('sections').set({ state: 'validated' }).where('id', '=', section.id).execute();
		const locked = await restoreVersion(ctx, b.coordinator, b.bidId, section.id, versionId).catch((e: DomainError) => e);
		expect((locked as DomainError).message).toMatch(/lecture seule/);
		expect(await storedText(section.id)).toBe('Texte.');
	});
});
