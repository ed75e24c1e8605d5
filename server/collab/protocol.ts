/**
 * The y-websocket wire protocol (what the stock `y-websocket` client speaks): every message is
 * a varUint message type followed by its payload.
 *   0 sync:      varUint sync type (0 step 1 = state vector, 1 step 2 = update, 2 update)
 *                + varUint8Array payload (y-protocols/sync)
 *   1 awareness: varUint8Array awareness update (y-protocols/awareness)
 *   3 query awareness: no payload; answered with every known awareness state
 * Parsing is separate from acting so that a malformed frame is rejected before it touches a room.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { MESSAGE_ROOM_NOTICE, type RoomNotice } from '../../src/lib/collab/notices';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'sync-step2'; update: Uint8Array }
	| { kind: 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' };

export class ProtocolError extends Error {}

/** Decodes one client frame; throws ProtocolError (or lib0's decoding errors) when malformed. */
export function parseMessage(frame: Uint8Array): ClientMessage {
	const decoder = decoding.createDecoder(frame);
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MESSAGE_SYNC: {
			const syncType = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			switch (syncType) {
				case syncProtocol.messageYjsSyncStep1:
					return { kind: 'sync-step1', stateVector: payload };
				case syncProtocol.messageYjsSyncStep2:
					return { kind: 'sync-step2', update: payload };
				case syncProtocol.messageYjsUpdate:
					return { kind: 'update', update: payload };
				default:
					throw new ProtocolError(`unknown sync message type ${syncType}`);
			}
		}
		case MESSAGE_AWARENESS:
			return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
		case MESSAGE_QUERY_AWARENESS:
			return { kind: 'query-awareness' };
		default:
			throw new ProtocolError(`unknown message type ${type}`);
	}
}

/** Sync step 1: our state vector, asking the peer for what we lack. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** Sync step 2: what the peer lacks given its state vector (throws if the vector is malformed). */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying an already encoded update (e.g. a stored snapshot). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A room notice (src/lib/collab/notices.ts). */
export function encodeRoomNotice(notice: RoomNotice): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ROOM_NOTICE);
	encoding.writeVarString(encoder, notice);
	return encoding.toUint8Array(encoder);
}

/** A document update for peers. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** The awareness states of `clients`. */
export function encodeAwareness(awareness: Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** One entry of an awareness update: a client's clock and its state as JSON (`null` = gone). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: string;
}

/** Decodes an awareness update (y-protocols/awareness format) without parsing the states. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		entries.push({ clientId, clock, state: decoding.readVarString(decoder) });
	}
	return entries;
}

/** Encodes awareness entries as an awareness update. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.state);
	}
	return encoding.toUint8Array(encoder);
}
