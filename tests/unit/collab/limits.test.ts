/**
 * Security II: what one account could do to a room and to everyone else through the
 * collaboration socket — grow a section without bound, nest elements until every serialiser
 * overflows, write faster than anyone types, squat a room, pump awareness, pose as someone
 * else — against the real server on a real SQLite file, with real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
	CLOSE_DOCUMENT_TOO_LARGE,
	CLOSE_POLICY,
	CLOSE_ROOM_FULL,
	CLOSE_STORAGE_FULL,
	CLOSE_WRITE_RATE
} from '../../../src/lib/collab/close-codes';
import { userColor } from '../../../src/lib/collab/colors';
import type { AppContext } from '../../../src/lib/server/context';
import { loadRoomState } from '../../../src/lib/server/collab/persistence';
import { encodeAwarenessEntries, encodeUpdate, MESSAGE_AWARENESS, type AwarenessEntry } from '../../../server/collab/protocol';
import type { CollabOptions } from '../../../server/collab/settings';
import {
	browserHeaders,
	connectProvider,
	destroyAll,
	liveText,
	rawBarrier,
	rawClient,
	signedInUser,
	startServer,
	tempDir,
	testContext,
	waitFor,
	waitSynced,
	type RawClient,
	type TestServer
} from './helpers';

const KB = 1024;
const MB = 1024 * KB;

interface Person {
	userId: string;
	token: string;
	name: string;
}

/** An update inserting `text` at the start of text 't' from a fresh client. */
function textUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

/** `depth` nested blockquotes in the editor's fragment, a paragraph with `text` at the bottom. */
function nestedUpdate(depth: number, text = 'fond'): Uint8Array {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		let parent: Y.XmlFragment | Y.XmlElement = fragment;
		for (let i = 0; i < depth - 2; i++) {
			const quote = new Y.XmlElement('blockquote');
			parent.insert(0, [quote]);
			parent = quote;
		}
		const paragraph = new Y.XmlElement('paragraph');
		parent.insert(0, [paragraph]);
		paragraph.insert(0, [new Y.XmlText(text)]);
	});
	return Y.encodeStateAsUpdate(doc);
}

function awarenessFrame(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
	return encoding.toUint8Array(encoder);
}

/** The awareness states (client id → state) carried by the frames a raw client received. */
function awarenessSeen(client: RawClient): Map<number, Record<string, unknown> | null> {
	const states = new Map<number, Record<string, unknown> | null>();
	for (const frame of client.frames) {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) continue;
		const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
		const n = decoding.readVarUint(update);
		for (let i = 0; i < n; i++) {
			const id = decoding.readVarUint(update);
			decoding.readVarUint(update);
			states.set(id, JSON.parse(decoding.readVarString(update)));
		}
	}
	return states;
}

describe('collaboration limits', () => {
	let ctx: AppContext;
	let cleanup: () => void;
	let anne: Person;
	let bruno: Person;
	let observer: Person;
	let observer2: Person;
	const open: TestServer[] = [];

	const access = new Map<string, 'write' | 'read'>();

	async function person(name: string, role: 'write' | 'read'): Promise<Person> {
		const p = { ...(await signedInUser(ctx, name)), name };
		access.set(p.userId, role);
		return p;
	}

	async function server(options: Partial<CollabOptions> = {}): Promise<TestServer> {
		const s = await startServer(ctx, { authorize: async ({ userId }) => access.get(userId) ?? 'none', ...options });
		open.push(s);
		return s;
	}

	/** A raw client of `who` in `room`, once the room has answered it (loaded). */
	async function raw(s: TestServer, room: string, who: Person): Promise<RawClient> {
		const client = rawClient(s, `/collab/${room}`, browserHeaders(s, who.token));
		await client.opened;
		await rawBarrier(client);
		return client;
	}

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'limits.db'));
		anne = await person('Anne Coordinatrice', 'write');
		bruno = await person('Bruno Rédacteur', 'write');
		observer = await person('Dora Observatrice', 'read');
		observer2 = await person('Eve Observatrice', 'read');
	});
	afterAll(async () => {
		for (const s of open) await s.close();
		await ctx.close();
		cleanup();
	});

	describe('document size (default settings)', () => {
		it('refuses with 4413 the update that would pass 512 KB; the room and its storage keep the text before it', async () => {
			const s = await server();
			const room = 'section/grow';
			const peer = connectProvider(s, room, bruno.token);
			await waitSynced(peer);
			const writer = await raw(s, room, anne);
			// Three updates of 150 KB each fit (450 KB); the fourth would pass the cap.
			for (const part of ['a', 'b', 'c']) {
				writer.ws.send(encodeUpdate(textUpdate(part.repeat(150 * KB))));
				await rawBarrier(writer);
			}
			writer.ws.send(encodeUpdate(textUpdate('d'.repeat(150 * KB))));
			expect((await writer.closed).code).toBe(CLOSE_DOCUMENT_TOO_LARGE);

			const live = liveText(s, room);
			expect(live.length).toBe(450 * KB);
			expect(live).not.toContain('d');
			await waitFor(() => peer.doc.getText('t').length === 450 * KB, 5000, 'peer has the accepted text');
			// The room still takes writes under the cap.
			peer.doc.getText('t').insert(0, 'encore ');
			await waitFor(() => liveText(s, room).startsWith('encore '), 3000, 'room still writable');
			await s.close();
			const stored = new Y.Doc();
			Y.applyUpdate(stored, (await loadRoomState(ctx.db, room))!);
			expect(stored.getText('t').toString()).toBe(peer.doc.getText('t').toString());
			expect(stored.getText('t').toString()).not.toContain('d');
			destroyAll(peer);
		});
	});

	describe('nesting depth (default settings)', () => {
		it('refuses with 4413 an update of 3 000 nested blockquotes; the section stays as it was', async () => {
			const s = await server();
			const room = 'section/nested';
			const peer = connectProvider(s, room, bruno.token);
			await waitSynced(peer);
			peer.doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
			await waitFor(() => s.collab.liveState(room) !== null && liveFragmentLength(s, room) === 1, 3000, 'paragraph stored');

			const attacker = await raw(s, room, anne);
			const update = nestedUpdate(3000);
			expect(update.byteLength).toBeLessThan(100 * KB);
			attacker.ws.send(encodeUpdate(update));
			expect((await attacker.closed).code).toBe(CLOSE_DOCUMENT_TOO_LARGE);
			expect(liveFragmentLength(s, room)).toBe(1);
			destroyAll(peer);
		});

		it('takes a realistic depth, and refuses an update nesting deeper inside existing elements', async () => {
			const s = await server();
			const room = 'section/deeper';
			const writer = await raw(s, room, anne);
			// A table in a list in a quote: far below the limit of 32.
			writer.ws.send(encodeUpdate(nestedUpdate(12, 'acceptée')));
			await rawBarrier(writer);
			expect(liveXml(s, room)).toContain('acceptée');

			// A client that has the document nests 25 more levels under its deepest element:
			// the parent chain is resolved through the room's document, not only the update.
			const client = new Y.Doc();
			Y.applyUpdate(client, s.collab.liveState(room)!);
			const before = Y.encodeStateVector(client);
			let deepest = client.getXmlFragment('default').get(0) as Y.XmlElement;
			for (let child = deepest.get(0); child instanceof Y.XmlElement && child.nodeName === 'blockquote'; child = deepest.get(0))
				deepest = child;
			client.transact(() => {
				let parent = deepest;
				for (let i = 0; i < 25; i++) {
					const quote = new Y.XmlElement('blockquote');
					parent.insert(0, [quote]);
					parent = quote;
				}
				parent.insert(0, [new Y.XmlText('trop profond')]);
			});
			writer.ws.send(encodeUpdate(Y.encodeStateAsUpdate(client, before)));
			expect((await writer.closed).code).toBe(CLOSE_DOCUMENT_TOO_LARGE);
			expect(liveXml(s, room)).not.toContain('trop profond');
		});
	});

	describe('write budgets', () => {
		it('closes with 4029 a connection that sends more bytes than its budget', async () => {
			const s = await server({ writeBudget: { connection: { burst: 64 * KB, perSecond: 8 * KB }, user: { burst: MB, perSecond: MB } } });
			const writer = await raw(s, 'section/budget-a', anne);
			writer.ws.send(encodeUpdate(textUpdate('x'.repeat(40 * KB))));
			await rawBarrier(writer);
			writer.ws.send(encodeUpdate(textUpdate('y'.repeat(40 * KB))));
			expect((await writer.closed).code).toBe(CLOSE_WRITE_RATE);
			expect(liveText(s, 'section/budget-a')).not.toContain('y');
		});

		it('counts one person over all their connections: a second section does not get a fresh budget', async () => {
			const s = await server({ writeBudget: { connection: { burst: MB, perSecond: MB }, user: { burst: 64 * KB, perSecond: 8 * KB } } });
			const first = await raw(s, 'section/budget-b', anne);
			first.ws.send(encodeUpdate(textUpdate('x'.repeat(40 * KB))));
			await rawBarrier(first);
			const second = await raw(s, 'section/budget-c', anne);
			second.ws.send(encodeUpdate(textUpdate('y'.repeat(40 * KB))));
			expect((await second.closed).code).toBe(CLOSE_WRITE_RATE);
			// Someone else is not affected by Anne's budget.
			const other = await raw(s, 'section/budget-c', bruno);
			other.ws.send(encodeUpdate(textUpdate('z'.repeat(40 * KB))));
			await rawBarrier(other);
			expect(liveText(s, 'section/budget-c')).toContain('zzz');
		});
	});

	describe('room squatting', () => {
		it('caps one person at 6 connections per room, and read-only connections never lock a writer out', async () => {
			const s = await server({ maxClientsPerRoom: 8 });
			const room = 'section/squat';
			const tabs: RawClient[] = [];
			for (let i = 0; i < 10; i++) tabs.push(rawClient(s, `/collab/${room}`, browserHeaders(s, observer.token)));
			const outcomes = await Promise.all(
				tabs.map((t) => Promise.race([t.closed.then((c) => c.code), t.opened.then(() => rawBarrier(t)).then(() => 'open' as const)]))
			);
			expect(outcomes.filter((o) => o === 'open')).toHaveLength(6);
			expect(outcomes.filter((o) => o === CLOSE_ROOM_FULL)).toHaveLength(4);
			// A second observer fills the read-only places (8)…
			const more = await Promise.all([0, 1].map(() => raw(s, room, observer2)));
			const refused = rawClient(s, `/collab/${room}`, browserHeaders(s, observer2.token));
			expect((await refused.closed).code).toBe(CLOSE_ROOM_FULL);
			// …and the coordinator still gets in and writes.
			const coordinator = connectProvider(s, room, anne.token);
			await waitSynced(coordinator);
			coordinator.doc.getText('t').insert(0, 'je peux écrire');
			await waitFor(() => liveText(s, room) === 'je peux écrire', 3000, 'coordinator wrote');
			for (const t of [...tabs, ...more]) t.ws.close();
			destroyAll(coordinator);
		});
	});

	describe('awareness', () => {
		it('keeps one awareness client per connection and refuses a state over 8 KB (1008); newcomers are not flooded', async () => {
			const s = await server();
			const room = 'section/pump';
			const pumper = await raw(s, room, observer);
			// Ten states under ten client ids: only the first is this connection's.
			pumper.ws.send(
				awarenessFrame(
					Array.from({ length: 10 }, (_, i) => ({ clientId: 1000 + i, clock: 1, state: JSON.stringify({ pad: 'p'.repeat(2 * KB) }) }))
				)
			);
			await rawBarrier(pumper);
			const newcomer = await raw(s, room, bruno);
			const seen = awarenessSeen(newcomer);
			expect([...seen.keys()]).toEqual([1000]);

			pumper.ws.send(awarenessFrame([{ clientId: 1000, clock: 2, state: JSON.stringify({ pad: 'p'.repeat(MB) }) }]));
			expect((await pumper.closed).code).toBe(CLOSE_POLICY);
			const late = await raw(s, room, bruno);
			const lateSeen = awarenessSeen(late);
			for (const state of lateSeen.values()) expect(JSON.stringify(state ?? '').length).toBeLessThan(8 * KB);
		});

		it('refuses a client id held by another connection', async () => {
			const s = await server();
			const room = 'section/hijack';
			const anneTab = await raw(s, room, anne);
			anneTab.ws.send(awarenessFrame([{ clientId: 77, clock: 1, state: JSON.stringify({ cursor: null }) }]));
			await rawBarrier(anneTab);
			const intruder = await raw(s, room, observer);
			// Removing Anne's presence (null state with a higher clock) is not the intruder's to do.
			intruder.ws.send(awarenessFrame([{ clientId: 77, clock: 5, state: 'null' }]));
			await rawBarrier(intruder);
			const watcher = await raw(s, room, bruno);
			expect(awarenessSeen(watcher).get(77)).toMatchObject({ user: { id: anne.userId, name: anne.name } });
		});

		it('writes the authenticated person into every presence state: a forged name or user id never reaches others', async () => {
			const s = await server();
			const room = 'section/spoof';
			const spoofer = await raw(s, room, observer);
			spoofer.ws.send(
				awarenessFrame([
					{
						clientId: 4242,
						clock: 1,
						state: JSON.stringify({ user: { id: anne.userId, name: 'Pierre Directeur (DGFiP)', color: '#000000' }, cursor: null })
					}
				])
			);
			await rawBarrier(spoofer);
			// What a member's editor sees (stock provider's awareness).
			const member = connectProvider(s, room, bruno.token);
			await waitSynced(member);
			await waitFor(() => member.awareness.getStates().has(4242), 3000, 'presence relayed');
			const state = member.awareness.getStates().get(4242) as { user: { id: string; name: string; color: string } };
			expect(state.user).toEqual({ id: observer.userId, name: observer.name, color: userColor(observer.userId) });
			expect(JSON.stringify([...member.awareness.getStates().values()])).not.toContain('DGFiP');
			destroyAll(member);
		});
	});

	describe('storage quota', () => {
		it('refuses with 4417 growth beyond what the owner may still store, shared by the owner’s open rooms', async () => {
			// The organisation may store 100 KB more than it had when the first of its rooms opened.
			const s = await server({ storageQuota: async () => ({ owner: 'org-1', available: 100 * KB }) });
			const first = await raw(s, 'section/quota-a', anne);
			first.ws.send(encodeUpdate(textUpdate('a'.repeat(60 * KB))));
			await rawBarrier(first);
			expect(liveText(s, 'section/quota-a')).toHaveLength(60 * KB);
			// Another section of the same organisation: only ~40 KB left.
			const second = await raw(s, 'section/quota-b', bruno);
			second.ws.send(encodeUpdate(textUpdate('b'.repeat(60 * KB))));
			expect((await second.closed).code).toBe(CLOSE_STORAGE_FULL);
			expect(liveText(s, 'section/quota-b')).toBe('');
		});
	});
});

function liveDoc(s: TestServer, room: string): Y.Doc {
	const doc = new Y.Doc();
	const state = s.collab.liveState(room);
	if (state) Y.applyUpdate(doc, state);
	return doc;
}

function liveFragmentLength(s: TestServer, room: string): number {
	return liveDoc(s, room).getXmlFragment('default').length;
}

function liveXml(s: TestServer, room: string): string {
	return liveDoc(s, room).getXmlFragment('default').toString();
}
