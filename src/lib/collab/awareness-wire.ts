/**
 * What this browser sends of its presence (y-protocols awareness) on a section's socket, and
 * when: light on a metered rural link (issue 17, item 5; `npm run bench:network`).
 *
 * y-websocket's own sender (replaced here) sends the whole local state at every change and also
 * sends back every state it receives from others; y-tiptap's caret is a relative position tied
 * to the character LEFT of the caret, so every keystroke moved it and sent ~300 bytes, echoed back
 * by the server (2.4 MB an hour typing one character a second, 20 times the document updates).
 * This sender:
 *   - sends only this tab's own state (others' states come from the server, which ignores a
 *     state sent for another connection anyway);
 *   - leaves `user` out: the server writes it into every state from the session (who you are is
 *     never taken from the browser), so it is echoed back and shown to others all the same;
 *   - sends the caret tied to the character on its RIGHT (the same place, another Yjs relative
 *     position, which every y-tiptap client reads), without null fields: typing or deleting
 *     backwards at one place no longer moves it, so nothing is sent while a person types — the
 *     caret sent before stays right after what they type, on every screen;
 *   - sends a state that did not change only as a renewal, every RENEW_MS: the server and
 *     the other browsers drop a presence not renewed for 30 s (y-protocols' outdatedTimeout), and
 *     the echo of the renewal is what tells y-websocket the socket is alive (it reconnects after
 *     30 s without a message). 20 s leaves a 10 s margin on a slow link, instead of the stock 15 s.
 * Leaving is unchanged: y-websocket sends a null state on disconnect and the server removes the
 * states of a closed socket, so a person who leaves disappears at once.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';

/** A state that did not change is sent again after this long (the server drops it after 30 s). */
export const RENEW_MS = 20_000;

/** y-websocket's message type of awareness messages. */
const MESSAGE_AWARENESS = 1;

type RelativePositionJson = {
	type?: { client: number; clock: number };
	tname?: string;
	item?: { client: number; clock: number };
	assoc?: number;
};

/** The same place as `json`, tied to the character on its right; only the fields Yjs reads to find it. */
export function rightTied(doc: Y.Doc, json: unknown): RelativePositionJson | null {
	if (!json || typeof json !== 'object') return null;
	const relative = Y.createRelativePositionFromJSON(json);
	const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
	const right = absolute ? Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0) : relative;
	const out: RelativePositionJson = {};
	// A position tied to a character is found through that character alone (Yjs ignores its type then).
	if (right.item) out.item = { client: right.item.client, clock: right.item.clock };
	else if (right.type) out.type = { client: right.type.client, clock: right.type.clock };
	else if (right.tname) out.tname = right.tname;
	if (right.assoc) out.assoc = right.assoc;
	return out;
}

/** The local state as it goes on the wire (see the header). */
export function wireState(doc: Y.Doc, state: Record<string, unknown>): Record<string, unknown> {
	const { user: _user, cursor, ...rest } = state;
	const out: Record<string, unknown> = rest;
	if (cursor && typeof cursor === 'object') {
		const { anchor, head } = cursor as { anchor?: unknown; head?: unknown };
		const a = rightTied(doc, anchor);
		const h = rightTied(doc, head);
		out.cursor = a && h ? { anchor: a, head: h } : null;
	} else if (cursor !== undefined) out.cursor = cursor;
	return out;
}

interface ProviderInternals {
	_awarenessUpdateHandler: (...args: unknown[]) => void;
}

/** Replaces `provider`'s awareness sender with the light one; returns its disposer. */
export function lightAwareness(provider: WebsocketProvider, doc: Y.Doc): () => void {
	const awareness: Awareness = provider.awareness;
	awareness.off('update', (provider as unknown as ProviderInternals)._awarenessUpdateHandler);
	let lastSent: string | null = null;
	let lastSentAt = 0;

	const send = (state: Record<string, unknown> | null) => {
		const ws = provider.ws;
		if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		const states = new Map<number, Record<string, unknown> | null>([[doc.clientID, state]]);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [doc.clientID], states as Map<number, Record<string, unknown>>));
		ws.send(encoding.toUint8Array(encoder));
		lastSent = JSON.stringify(state);
		lastSentAt = Date.now();
	};

	const onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
		const me = doc.clientID;
		if (!added.includes(me) && !updated.includes(me) && !removed.includes(me)) return;
		const local = awareness.getLocalState();
		const state = local === null ? null : wireState(doc, local);
		if (state !== null && JSON.stringify(state) === lastSent && Date.now() - lastSentAt < RENEW_MS) return;
		send(state);
	};
	awareness.on('update', onUpdate);

	// On (re)connection y-websocket sends the whole local state itself: the next renewal counts from there.
	const onStatus = ({ status }: { status: string }) => {
		if (status !== 'connected') return;
		lastSent = null;
		lastSentAt = Date.now();
	};
	provider.on('status', onStatus);

	// Renewal: bumps the state's clock (a state with an old clock is ignored), which sends it.
	const renew = setInterval(() => {
		if (provider.wsconnected && awareness.getLocalState() !== null && Date.now() - lastSentAt >= RENEW_MS) {
			awareness.setLocalState(awareness.getLocalState());
		}
	}, 1000);

	return () => {
		clearInterval(renew);
		awareness.off('update', onUpdate);
		provider.off('status', onStatus);
	};
}
