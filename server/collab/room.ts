/**
 * One open room: its Y.Doc and awareness, and its connections; its updates go to the writer.
 * The stored state is applied before `ready` resolves; connections queue their messages until
 * then, so the first sync step 1 is answered with the stored document, never with an empty one.
 */
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { applyStoredState } from '../../src/lib/server/collab/persistence';
import type { DB } from '../../src/lib/server/db/index';
import { encodeAwareness, encodeUpdate } from './protocol';
import type { UpdateWriter } from './writer';

/** Transaction origin of the stored state (not written back, not broadcast). */
const LOAD_ORIGIN = Symbol('collab-load');

/** What a room needs to know of a connection. */
export interface RoomMember {
	/** Awareness client ids this connection announced. */
	readonly awarenessIds: Set<number>;
	send(message: Uint8Array): void;
}

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness: Awareness;
	readonly members = new Set<RoomMember>();
	/** Resolves once the stored state is in `doc`; rejects when it cannot be read. */
	readonly ready: Promise<void>;
	loaded = false;

	constructor(
		readonly name: string,
		db: DB,
		writer: UpdateWriter
	) {
		this.awareness = new Awareness(this.doc);
		this.awareness.setLocalState(null); // the server has no presence of its own

		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === LOAD_ORIGIN) return;
			writer.push(name, update);
			this.broadcast(encodeUpdate(update), origin);
		});
		this.awareness.on(
			'update',
			({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
				const member = this.members.has(origin as RoomMember) ? (origin as RoomMember) : null;
				if (member) {
					for (const id of added) member.awarenessIds.add(id);
					for (const id of updated) member.awarenessIds.add(id);
					for (const id of removed) member.awarenessIds.delete(id);
				}
				// To everyone, the sender included: clients use their own echoed state as a keep-alive.
				this.broadcast(encodeAwareness(this.awareness, added.concat(updated, removed)), null);
			}
		);

		this.ready = applyStoredState(db, name, this.doc, LOAD_ORIGIN).then(({ logLength }) => {
			this.loaded = true;
			writer.opened(name, logLength);
		});
	}

	/** Sends to every member except `except`. */
	broadcast(message: Uint8Array, except: unknown): void {
		for (const member of this.members) if (member !== except) member.send(message);
	}

	add(member: RoomMember): void {
		this.members.add(member);
	}

	/** Removes a member and the awareness states it announced. */
	remove(member: RoomMember): void {
		if (!this.members.delete(member)) return;
		if (member.awarenessIds.size > 0) removeAwarenessStates(this.awareness, [...member.awarenessIds], null);
	}

	/** Frees memory; the room must have been drained first. */
	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
	}
}
