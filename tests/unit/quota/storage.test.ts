/**
 * Storage quota per organisation (src/lib/server/quota/storage.ts): what counts against whom,
 * and uploads, versions and receipts refused past the quota with a French message and nothing
 * stored. Real services, route actions and migrations on real SQLite files, with a 1 MiB quota.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { acceptSplitForAll, addBidMember, addOneLine, makeBid, provideAllPieces, writeAllSections } from '../../support/bids';
import { callAction } from '../../support/pages';
import { appendUpdates, compactRoom, roomStorageSize } from '../../../src/lib/server/collab/persistence';
import { storeUpload } from '../../../src/lib/server/files/storage';
import { updatePiece } from '../../../src/lib/server/requirements/requirements.service';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { recordDeposit } from '../../../src/lib/server/submission/deposit';
import { getSubmission } from '../../../src/lib/server/submission/record';
import { submitBid } from '../../../src/lib/server/submission/submit';
import { createNamedVersion } from '../../../src/lib/server/sections/versions.service';
import { DomainError } from '../../../src/lib/server/errors';
import { assertStorageAvailable, roomOwner } from '../../../src/lib/server/quota/storage';
import { storageUsedBy } from '../../../src/lib/server/quota/storage.repository';
import { actions as tenderActions } from '../../../src/routes/(app)/appels-d-offres/[id]/+page.server';
import { actions as pieceActions } from '../../../src/routes/(app)/reponses/[id]/pieces/+page.server';
import { deleteSection } from '../../../src/lib/server/sections/sections.service';
import { createSession } from '../../../src/lib/server/auth/session';
import { CLOSE_FORBIDDEN, CLOSE_STORAGE_FULL } from '../../../src/lib/collab/close-codes';
import { encodeUpdate } from '../../../server/collab/protocol';
import { browserHeaders, liveText, rawBarrier, rawClient, startServer, waitFor } from '../collab/helpers';

const KB = 1024;
const contexts: TestContext[] = [];
afterAll(async () => {
	for (const c of contexts) await c.cleanup();
});

async function context(quotaMb?: number): Promise<TestContext> {
	const ctx = await createTestContext(quotaMb ? { ORG_STORAGE_QUOTA_MB: String(quotaMb) } : {});
	contexts.push(ctx);
	return ctx;
}

/** A file the upload accepts (PDF magic), `kb` KiB long. */
function pdf(kb: number, name = 'piece.pdf'): File {
	const bytes = new Uint8Array(kb * KB).fill(0x20);
	bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
	return new File([bytes], name, { type: 'application/pdf' });
}

/** One Yjs update holding a paragraph of `chars` characters. */
function textUpdate(chars: number): Uint8Array {
	const doc = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	doc.getXmlFragment('default').insert(0, [p]);
	p.insert(0, [new Y.XmlText('a'.repeat(chars))]);
	return Y.encodeStateAsUpdate(doc);
}

function storedFiles(ctx: TestContext): string[] {
	try {
		return readdirSync(join(ctx.config.dataDir, 'uploads'));
	} catch {
		return [];
	}
}

/** A y-websocket update frame typing `text` into text 't' from a fresh client. */
function typed(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return encodeUpdate(Y.encodeStateAsUpdate(doc));
}

async function sectionsOf(ctx: TestContext, bidId: string): Promise<string[]> {
	return (await ctx.db.selectFrom('sections').select('id').where('bid_id', '=', bidId).orderBy('position').execute()).map((s) => s.id);
}

const userOf = (a: { id: string; email: string; name: string }) => ({ id: a.id, email: a.email, name: a.name });

async function refusal(p: Promise<unknown>): Promise<DomainError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof DomainError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('storageUsedBy and roomOwner', () => {
	it('count the files of an organisation’s tenders and bids and the co-written documents of its bids, nothing of others', async () => {
		const ctx = await context();
		const a = await makeBid(ctx, 1);
		const partner = await addBidMember(ctx, a.bidId, 'member');
		const other = await makeBid(ctx, 1);
		const [s1, s2] = await sectionsOf(ctx, a.bidId);
		expect(await storageUsedBy(ctx.db, a.org.id)).toBe(0);

		// The DCE of its tender, and a piece a partner of another organisation puts in its bid.
		await storeUpload(ctx, pdf(100, 'dce.pdf'), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id });
		const item = await ctx.db.selectFrom('requirement_items').select('id').where('bid_id', '=', a.bidId).executeTakeFirstOrThrow();
		await updatePiece(ctx, a.coordinator, a.bidId, item.id, { status: 'provided', ownerId: null }, pdf(30));
		const files = 130 * KB;
		expect(await storageUsedBy(ctx.db, a.org.id)).toBe(files);

		// Co-written text: the update log, then the snapshot once compacted, then a version.
		await appendUpdates(ctx.db, `section/${s1}`, [textUpdate(5000), textUpdate(3000)], ctx.now());
		await appendUpdates(ctx.db, `section/${s2}`, [textUpdate(2000)], ctx.now());
		const room = async (id: string) => {
			const size = await roomStorageSize(ctx.db, `section/${id}`);
			return size.snapshotBytes + size.logBytes;
		};
		expect(await storageUsedBy(ctx.db, a.org.id)).toBe(files + (await room(s1!)) + (await room(s2!)));
		await compactRoom(ctx.db, `section/${s1}`, ctx.now());
		expect((await roomStorageSize(ctx.db, `section/${s1}`)).logLength).toBe(0);
		expect(await storageUsedBy(ctx.db, a.org.id)).toBe(files + (await room(s1!)) + (await room(s2!)));
		const versionId = await createNamedVersion(ctx, a.coordinator, a.bidId, s1!, 'Avant relecture');
		const v = await ctx.db.selectFrom('section_versions').select(['state', 'html']).where('id', '=', versionId).executeTakeFirstOrThrow();
		const version = v.state.byteLength + Buffer.byteLength(v.html);
		expect(await storageUsedBy(ctx.db, a.org.id)).toBe(files + (await room(s1!)) + (await room(s2!)) + version);

		// Nothing of that counts against the partner's organisation or an unrelated one.
		expect(await storageUsedBy(ctx.db, partner.organisationId!)).toBe(0);
		expect(await storageUsedBy(ctx.db, other.org.id)).toBe(0);

		expect(await roomOwner(ctx.db, `section/${s2}`)).toBe(a.org.id);
		expect(await roomOwner(ctx.db, `section/${(await sectionsOf(ctx, other.bidId))[0]}`)).toBe(other.org.id);
		expect(await roomOwner(ctx.db, 'section/unknown')).toBeNull();
		expect(await roomOwner(ctx.db, 'tender/x')).toBeNull();
	});
});

describe('a 1 MiB quota', () => {
	it('refuses a DCE upload past it, with the French message on the form, and stores nothing', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		const path = `/appels-d-offres/${a.tenderId}`;
		const post = (file: File) => {
			const form = new FormData();
			form.set('file', file);
			return callAction(ctx, tenderActions.upload, userOf(a.coordinator), `${path}?/upload`, { id: a.tenderId }, form);
		};
		expect(await post(pdf(700, 'reglement.pdf'))).toEqual({ saved: 'Fichier « reglement.pdf » déposé.' });

		const refused = (await post(pdf(400, 'cctp.pdf'))) as unknown as { status: number; data: { errors: Record<string, string> } };
		expect(refused.status).toBe(413);
		const orgName = (await ctx.db.selectFrom('organisations').select('name').where('id', '=', a.org.id).executeTakeFirstOrThrow()).name;
		expect(refused.data.errors.file).toBe(
			`L’espace de stockage de ${orgName} ne suffit pas : 700,0 ko utilisés sur 1,0 Mo, et il faudrait 400,0 ko de plus. Contactez l’administrateur de l’instance pour l’agrandir.`
		);
		expect(await ctx.db.selectFrom('files').select('name').execute()).toEqual([{ name: 'reglement.pdf' }]);
		expect(storedFiles(ctx)).toHaveLength(1);
	});

	it('refuses a piece past it on the pieces form and leaves the checklist item unchanged', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		await storeUpload(ctx, pdf(900, 'dce.pdf'), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id });
		const item = await ctx.db
			.selectFrom('requirement_items')
			.select(['id', 'status', 'file_id'])
			.where('bid_id', '=', a.bidId)
			.executeTakeFirstOrThrow();
		const form = new FormData();
		form.set('itemId', item.id);
		form.set('status', 'provided');
		form.set('file', pdf(200));
		const refused = (await callAction(
			ctx,
			pieceActions.update,
			userOf(a.coordinator),
			`/reponses/${a.bidId}/pieces?/update`,
			{ id: a.bidId },
			form
		)) as unknown as {
			status: number;
			data: { errors: Record<string, string> };
		};
		expect(refused.status).toBe(413);
		expect(refused.data.errors.file).toMatch(
			/^L’espace de stockage de .+ ne suffit pas : 900,0 ko utilisés sur 1,0 Mo, et il faudrait 200,0 ko de plus\./
		);
		expect(
			await ctx.db.selectFrom('requirement_items').select(['id', 'status', 'file_id']).where('id', '=', item.id).executeTakeFirstOrThrow()
		).toEqual(item);
		expect(await ctx.db.selectFrom('files').select('kind').execute()).toEqual([{ kind: 'dce' }]);
		expect(storedFiles(ctx)).toHaveLength(1);
	});

	it('lets only one of two simultaneous uploads in when both do not fit', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		const upload = (name: string) =>
			storeUpload(ctx, pdf(600, name), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id });
		const results = await Promise.allSettled([upload('a.pdf'), upload('b.pdf')]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
		expect(rejected.reason).toBeInstanceOf(DomainError);
		expect((rejected.reason as DomainError).code).toBe('storage_full');
		expect(await ctx.db.selectFrom('files').select('id').execute()).toHaveLength(1);
		expect(storedFiles(ctx)).toHaveLength(1);
	});

	it('counts co-written text: past the quota a version is refused, and so is any further file', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		const [s1] = await sectionsOf(ctx, a.bidId);
		await appendUpdates(ctx.db, `section/${s1}`, [textUpdate(1100 * KB)], ctx.now());
		expect(await storageUsedBy(ctx.db, a.org.id)).toBeGreaterThan(1024 * KB);

		const e = await refusal(createNamedVersion(ctx, a.coordinator, a.bidId, s1!, 'Trop'));
		expect(e.code).toBe('storage_full');
		expect(e.status).toBe(413);
		expect(e.message).toMatch(
			/^L’espace de stockage de .+ est plein \(1,1 Mo utilisés sur 1,0 Mo\)\. Contactez l’administrateur de l’instance pour l’agrandir\.$/
		);
		expect(await ctx.db.selectFrom('section_versions').select('id').execute()).toEqual([]);

		const upload = await refusal(
			storeUpload(ctx, pdf(1), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id })
		);
		expect(upload.fields.file).toBe(upload.message);
		expect(await refusal(assertStorageAvailable(ctx, a.org.id, 0))).toBeInstanceOf(DomainError);
	});

	it('never refuses the submission’s own files, but refuses a deposit receipt past the quota', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		await storeUpload(ctx, pdf(900, 'dce.pdf'), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id });
		await writeAllSections(ctx, a.bidId);
		for (const id of await sectionsOf(ctx, a.bidId)) await transitionSection(ctx, a.coordinator, a.bidId, id, 'validate');
		await addOneLine(ctx, a);
		await provideAllPieces(ctx, a);
		await acceptSplitForAll(ctx, a.bidId);
		await submitBid(ctx, a.coordinator, a.bidId);
		const exports = await ctx.db.selectFrom('files').select('size').where('kind', '=', 'export').execute();
		// Every file of the record (the package, its files, the internal documents) was stored.
		expect(exports.length).toBe((await getSubmission(ctx.db, a.bidId))!.files.length);
		expect(exports.length).toBeGreaterThan(10);
		const before = await ctx.db.selectFrom('files').select('id').execute();

		const e = await refusal(recordDeposit(ctx, a.coordinator, a.bidId, { at: ctx.now(), receipt: pdf(200, 'accuse.pdf') }));
		expect(e.code).toBe('storage_full');
		expect(e.fields.receipt).toMatch(/^L’espace de stockage de .+/);
		expect(await ctx.db.selectFrom('files').select('id').execute()).toEqual(before);
		expect(
			(await ctx.db.selectFrom('submissions').select('deposited_at').where('bid_id', '=', a.bidId).executeTakeFirstOrThrow()).deposited_at
		).toBeNull();
	});
});

describe('the collaboration server under the quota', () => {
	it('refuses with 4417 typing that would pass the organisation’s quota; the section keeps what it had', async () => {
		const ctx = await context(1);
		const a = await makeBid(ctx, 1);
		await storeUpload(ctx, pdf(900, 'dce.pdf'), { field: 'file', kind: 'dce', tenderId: a.tenderId, uploadedBy: a.coordinator.id });
		const [sectionId] = await sectionsOf(ctx, a.bidId);
		const room = `section/${sectionId}`;
		// The production defaults: the room policy and the organisation's quota (1 MiB, 900 KiB used).
		const server = await startServer(ctx, {});
		try {
			const { token } = await createSession(ctx.db, a.coordinator.id);
			const writer = rawClient(server, `/collab/${room}`, browserHeaders(server, token));
			await writer.opened;
			await rawBarrier(writer);
			// 124 KiB left: 80 KiB fit, 80 KiB more do not.
			writer.ws.send(typed('a'.repeat(80 * KB)));
			await rawBarrier(writer);
			expect(liveText(server, room)).toHaveLength(80 * KB);
			writer.ws.send(typed('b'.repeat(80 * KB)));
			expect((await writer.closed).code).toBe(CLOSE_STORAGE_FULL);
			expect(liveText(server, room)).not.toContain('b');
		} finally {
			await server.close();
		}
	});
});

describe('deleting a section', () => {
	it('deletes its co-written text with it, open room included, so deleted sections cannot fill the disk uncounted', async () => {
		const ctx = await context();
		const a = await makeBid(ctx, 1);
		const [doomed, kept] = await sectionsOf(ctx, a.bidId);
		const before = await storageUsedBy(ctx.db, a.org.id);
		const server = await startServer(ctx, {});
		const rows = async (room: string) =>
			(await ctx.db.selectFrom('collab_updates').select('id').where('room', '=', room).execute()).length +
			(await ctx.db.selectFrom('collab_snapshots').select('room').where('room', '=', room).execute()).length;
		try {
			const { token } = await createSession(ctx.db, a.coordinator.id);
			const writer = rawClient(server, `/collab/section/${doomed}`, browserHeaders(server, token));
			await writer.opened;
			await rawBarrier(writer);
			writer.ws.send(typed('x'.repeat(80 * KB)));
			await rawBarrier(writer);
			await waitFor(async () => (await rows(`section/${doomed}`)) > 0, 3000, 'text stored');
			expect(await storageUsedBy(ctx.db, a.org.id)).toBeGreaterThan(before + 80 * KB);

			// Typed again just before the deletion: still only in memory when the section goes.
			writer.ws.send(typed('y'.repeat(10 * KB)));
			await rawBarrier(writer);
			await deleteSection(ctx, a.coordinator, a.bidId, doomed!);
			expect((await writer.closed).code).toBe(CLOSE_FORBIDDEN);
			expect(await rows(`section/${doomed}`)).toBe(0);

			// A later write elsewhere is stored (the writer has flushed since): still nothing of the deleted room.
			const other = rawClient(server, `/collab/section/${kept}`, browserHeaders(server, token));
			await other.opened;
			await rawBarrier(other);
			other.ws.send(typed('z'));
			await rawBarrier(other);
			await waitFor(async () => (await rows(`section/${kept}`)) > 0, 3000, 'other section stored');
			expect(await rows(`section/${doomed}`)).toBe(0);
			expect(await storageUsedBy(ctx.db, a.org.id)).toBeLessThan(before + KB);
		} finally {
			await server.close();
		}
		expect(await rows(`section/${doomed}`)).toBe(0);
	});
});
