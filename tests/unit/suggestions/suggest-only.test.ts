/**
 * Who only suggests, and the server's check of it (issue 15, item 3), with the real room policy,
 * a real bid on a real SQLite file and the real collaboration server: the reviewer of a section
 * « en relecture » is admitted as suggest-only; an honest suggestion is applied and reaches the
 * others; a direct edit sent as a raw Yjs update is refused with 4422 and the room keeps its
 * text. Observers read until the coordinator lets them suggest; only the coordinator may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid } from '../../support/bids';
import { connectProvider, destroyAll, nextCloseCode, startServer, waitFor, waitSynced, type TestServer } from '../collab/helpers';
import { createSession } from '../../../src/lib/server/auth/session';
import { CLOSE_NOT_A_SUGGESTION } from '../../../src/lib/collab/close-codes';
import { resolveRoomAccess } from '../../../src/lib/server/collab/access';
import { docToPlainText, SECTION_FIELD } from '../../../src/lib/server/collab/text';
import { setObserversMaySuggest } from '../../../src/lib/server/bids/bid-settings.service';
import { listSections } from '../../../src/lib/server/sections/sections.repository';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { updateSection } from '../../../src/lib/server/sections/sections.service';
import { sectionRoom } from '../../../src/lib/server/sections/state';
import { DomainError } from '../../../src/lib/server/errors';

let ctx: TestContext;
let server: TestServer;
let b: Awaited<ReturnType<typeof makeBid>>;
let reviewer: Awaited<ReturnType<typeof addBidMember>>;
let observer: Awaited<ReturnType<typeof addBidMember>>;
let sectionId: string;
let room: string;

beforeAll(async () => {
	ctx = await createTestContext();
	b = await makeBid(ctx, 1);
	reviewer = await addBidMember(ctx, b.bidId, 'member');
	observer = await addBidMember(ctx, b.bidId, 'observer');
	const section = (await listSections(ctx.db, b.bidId))[0]!;
	sectionId = section.id;
	room = sectionRoom(sectionId);
	await updateSection(ctx, b.coordinator, b.bidId, sectionId, {
		title: section.title,
		lotId: section.lotId,
		authorIds: [b.coordinator.id],
		reviewerId: reviewer.id,
		limitKind: 'none',
		limitValue: null,
		criterion: '',
		dueAt: null
	});
	server = await startServer(ctx, {});
});
afterAll(async () => {
	await server.close();
	await ctx.cleanup();
});

const token = async (userId: string) => (await createSession(ctx.db, userId)).token;

/** The room's text as the server reads it (pending suggestions refused). */
function settledRoomText(): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, server.collab.liveState(room)!);
	return docToPlainText(doc);
}

function paragraphText(doc: Y.Doc): Y.XmlText {
	return (doc.getXmlFragment(SECTION_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

describe('the reviewer of a section in review', () => {
	it('writes while the section is a draft, only suggests once it is « en relecture »', async () => {
		expect(await resolveRoomAccess(ctx.db, reviewer.id, room, ctx.now())).toBe('write');
		await transitionSection(ctx, b.coordinator, b.bidId, sectionId, 'requestReview');
		expect(await resolveRoomAccess(ctx.db, reviewer.id, room, ctx.now())).toBe('suggest');
		// The coordinator and the authors still write (and accept or refuse).
		expect(await resolveRoomAccess(ctx.db, b.coordinator.id, room, ctx.now())).toBe('write');
	});

	it('has an honest suggestion applied and seen by the author; a direct edit is refused with 4422, the room unchanged', async () => {
		const author = connectProvider(server, room, await token(b.coordinator.id));
		await waitSynced(author);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Nous animerons des ateliers hebdomadaires.')]);
		author.doc.getXmlFragment(SECTION_FIELD).insert(0, [paragraph]);
		await waitFor(() => settledRoomText() === 'Nous animerons des ateliers hebdomadaires.', 3000, 'author text in the room');

		const rita = connectProvider(server, room, await token(reviewer.id));
		await waitSynced(rita);
		const text = paragraphText(rita.doc);
		// An insertion and a deletion, as the editor records them in « Suggérer ».
		const id = `${reviewer.id}.${Date.now()}.abc`;
		rita.doc.transact(() => {
			text.insert('Nous animerons des ateliers'.length, ' gratuits', { insertion: { id } });
			text.format('Nous animerons des ateliers gratuits '.length, 'hebdomadaires'.length, { deletion: { id: `${id}2` } });
		});
		await waitFor(
			() =>
				(paragraphText(author.doc).toDelta() as Array<{ attributes?: object }>).some((op) => op.attributes && 'insertion' in op.attributes),
			3000,
			'suggestion seen by the author'
		);
		expect(paragraphText(author.doc).toString()).toContain('<insertion');
		expect(settledRoomText()).toBe('Nous animerons des ateliers hebdomadaires.');

		// A direct edit from the same connection: refused, the connection closed, the room as it was.
		const closed = nextCloseCode(rita);
		text.insert(0, 'En bref : ');
		expect(await closed).toBe(CLOSE_NOT_A_SUGGESTION);
		expect(settledRoomText()).toBe('Nous animerons des ateliers hebdomadaires.');
		expect(paragraphText(author.doc).toString()).not.toContain('En bref');
		// Removing a deletion mark's text for real (not suggesting it) is refused the same way.
		const rita2 = connectProvider(server, room, await token(reviewer.id));
		await waitSynced(rita2);
		const closed2 = nextCloseCode(rita2);
		paragraphText(rita2.doc).delete(0, 5);
		expect(await closed2).toBe(CLOSE_NOT_A_SUGGESTION);
		expect(settledRoomText()).toBe('Nous animerons des ateliers hebdomadaires.');
		destroyAll(author, rita, rita2);
	});
});

describe('observers', () => {
	it('read until the coordinator lets them suggest; only the coordinator may change that', async () => {
		expect(await resolveRoomAccess(ctx.db, observer.id, room, ctx.now())).toBe('read');
		await expect(setObserversMaySuggest(ctx, reviewer, b.bidId, true)).rejects.toBeInstanceOf(DomainError);
		await expect(setObserversMaySuggest(ctx, observer, b.bidId, true)).rejects.toBeInstanceOf(DomainError);
		expect(await resolveRoomAccess(ctx.db, observer.id, room, ctx.now())).toBe('read');

		await setObserversMaySuggest(ctx, b.coordinator, b.bidId, true);
		expect(await resolveRoomAccess(ctx.db, observer.id, room, ctx.now())).toBe('suggest');
		const logged = await ctx.db
			.selectFrom('activity')
			.select('action')
			.where('bid_id', '=', b.bidId)
			.where('action', '=', 'observers_suggest_changed')
			.execute();
		expect(logged).toHaveLength(1);

		await setObserversMaySuggest(ctx, b.coordinator, b.bidId, false);
		expect(await resolveRoomAccess(ctx.db, observer.id, room, ctx.now())).toBe('read');
	});
});
