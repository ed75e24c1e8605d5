/**
 * Browser side of a section's collaboration: one Y.Doc, kept in IndexedDB (y-indexeddb) and
 * synchronised with the server over the y-websocket protocol at `/collab/section/<id>`.
 *
 * - The IndexedDB copy is loaded BEFORE the socket connects, and every change is written to it
 *   as it happens: what someone types offline (or before a crash, or with the tab closed
 *   offline) is merged into the server's copy at the next connection.
 * - Status shown to people: « Synchronisation… » while (re)connecting or exchanging missing
 *   changes, « En ligne » once synced, « Hors ligne — … » when the browser is offline or the
 *   server cannot be reached (y-websocket retries with backoff meanwhile).
 * - The browser's `offline` event disconnects at once and `online` reconnects: an open
 *   WebSocket can stay "open" for a long time on a dead rural link (and under DevTools'
 *   offline emulation it is not cut at all).
 * - Presence (awareness) goes through awareness-wire.ts: only this tab's own state, only when it
 *   changes or is due for renewal (every 20 s), the caret in a form typing does not move.
 * - Close codes (src/lib/collab/close-codes.ts): 4401/4403 (session, access) and 1009/4413/4417
 *   (a change the server refused: too large, too deep, storage full) are permanent, y-websocket
 *   stops retrying and we say why; 4205 (rights changed) reconnects by itself and tells the page to
 *   reload the user's rights (they may have become read-only).
 *
 * Loaded only with the editor (dynamic import): keeps Yjs out of the other pages.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { CLOSE_ACCESS_CHANGED, CLOSE_MESSAGES, CLOSE_RESTART, closeMessage, isPermanentClose } from './close-codes';
import { MESSAGE_ROOM_NOTICE } from './notices';
import { holdsMoreThan } from './state-vector';
import { clearUnsent, markUnsent } from './unsent';
import { lightAwareness } from './awareness-wire';

export type SyncStatus = 'syncing' | 'online' | 'offline' | 'stopped';

export interface StatusEvent {
	status: SyncStatus;
	/** Why, when the server said something (close code message), else null. */
	message: string | null;
	/** False when IndexedDB is unavailable: offline edits then live only in this tab. */
	savedLocally: boolean;
}

export interface ConnectionCallbacks {
	onStatus?(event: StatusEvent): void;
	/** The server refused us for good (4401, 4403): no more retries. */
	onFatal?(code: number, message: string): void;
	/** The server closed with 4205: our rights changed; reload them (we reconnect by ourselves). */
	onAccessChanged?(): void;
	/** A room notice (src/lib/collab/notices.ts), e.g. « comments »: a new comment to show. */
	onNotice?(notice: string): void;
	/**
	 * At each sync step 1 of the server: whether this device holds text the server has not got.
	 * A writer sends it right after; on a read-only connection it stays on this device.
	 */
	onLocalAhead?(ahead: boolean): void;
}

export interface SectionConnection {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the local copy is loaded and the socket has been asked to connect. */
	started: Promise<void>;
	destroy(): void;
}

/** How long to wait for IndexedDB before connecting anyway (a broken IndexedDB must not block). */
const LOCAL_LOAD_TIMEOUT_MS = 3000;

/** y-websocket's message type of sync messages. */
const MESSAGE_SYNC = 0;

export function collabServerUrl(): string {
	return `${location.origin.replace(/^http/, 'ws')}/collab`;
}

export function sectionRoomName(sectionId: string): string {
	return `section/${sectionId}`;
}

export function localDatabaseName(sectionId: string): string {
	return `cotrait-section-${sectionId}`;
}

/** Opens the section's document: local copy first, then the server. */
export function openSectionConnection(sectionId: string, callbacks: ConnectionCallbacks = {}): SectionConnection {
	const doc = new Y.Doc();
	let persistence: IndexeddbPersistence | null = null;
	try {
		persistence = new IndexeddbPersistence(localDatabaseName(sectionId), doc);
	} catch {
		persistence = null;
	}
	const provider = new WebsocketProvider(collabServerUrl(), sectionRoomName(sectionId), doc, {
		connect: false,
		maxBackoffTime: 5000,
		shouldReconnect: (event) => !isPermanentClose(event.code)
	});
	// Presence sent only when it changes, without what the server writes itself (awareness-wire.ts).
	const stopLightAwareness = lightAwareness(provider, doc);

	provider.messageHandlers[MESSAGE_ROOM_NOTICE] = (_encoder, decoder) => callbacks.onNotice?.(decoding.readVarString(decoder));
	// Peek at the server's sync step 1 (its state vector) before the stock handler answers it.
	const handleSync = provider.messageHandlers[MESSAGE_SYNC]!;
	provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
		const peek = decoding.clone(decoder);
		if (callbacks.onLocalAhead && decoding.readVarUint(peek) === syncProtocol.messageYjsSyncStep1) {
			callbacks.onLocalAhead(holdsMoreThan(doc, decoding.readVarUint8Array(peek)));
		}
		handleSync(encoder, decoder, p, emitSynced, type);
	};

	let destroyed = false;
	let socket: 'connecting' | 'connected' | 'disconnected' = 'disconnected';
	let synced = false;
	/** A connection attempt failed or dropped since the last successful sync. */
	let failing = false;
	let fatal: { code: number; message: string } | null = null;
	let message: string | null = null;
	let last = '';

	const browserOnline = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);

	function emit() {
		if (destroyed) return;
		let status: SyncStatus;
		if (fatal) status = 'stopped';
		else if (!browserOnline()) status = 'offline';
		else if (socket === 'connected' && synced) status = 'online';
		else if (socket === 'connected') status = 'syncing';
		else if (failing) status = 'offline';
		else status = 'syncing';
		const event: StatusEvent = {
			status,
			message: fatal?.message ?? (status === 'online' ? null : message),
			savedLocally: persistence !== null
		};
		const key = JSON.stringify(event);
		if (key === last) return;
		last = key;
		callbacks.onStatus?.(event);
	}

	provider.on('status', ({ status }) => {
		socket = status;
		emit();
	});
	provider.on('sync', (isSynced: boolean) => {
		synced = isSynced;
		if (isSynced) {
			failing = false;
			message = null;
			// Our sync step 2 (what the server lacked) has just been sent.
			clearUnsent(sectionId);
		}
		emit();
	});
	provider.on('connection-error', () => {
		failing = true;
		emit();
	});
	provider.on('connection-close', (event) => {
		synced = false;
		if (event) {
			const code = event.code;
			if (code === CLOSE_ACCESS_CHANGED) {
				message = closeMessage(code);
				callbacks.onAccessChanged?.();
			} else if (code === CLOSE_RESTART) {
				message = closeMessage(code);
			} else if (!isPermanentClose(code)) {
				// The link dropped (1006…) or the server gave a reason (1008, 1011, 1013, 4029): we retry.
				failing = true;
				message = code in CLOSE_MESSAGES ? closeMessage(code) : null;
			}
			// Permanent codes are handled by 'closed' below.
		}
		emit();
	});
	provider.on('closed', ({ code }) => {
		// Permanent refusal (4400–4499, 1009): y-websocket has stopped retrying.
		fatal = { code, message: closeMessage(code) };
		emit();
		callbacks.onFatal?.(code, fatal.message);
	});

	// A change typed here while not synced stays on this device until the next sync: sign-out warns.
	const onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === provider || origin === persistence) return;
		if (!(socket === 'connected' && synced)) markUnsent(sectionId);
	};
	doc.on('update', onUpdate);

	const onOffline = () => {
		if (fatal) return;
		provider.disconnect();
		emit();
	};
	const onOnline = () => {
		if (fatal || destroyed) return;
		failing = false;
		provider.connect();
		emit();
	};
	window.addEventListener('offline', onOffline);
	window.addEventListener('online', onOnline);

	const localLoaded = persistence
		? Promise.race([persistence.whenSynced.then(() => undefined), new Promise<void>((r) => setTimeout(r, LOCAL_LOAD_TIMEOUT_MS))])
		: Promise.resolve();
	const started = localLoaded.then(() => {
		if (destroyed) return;
		if (browserOnline()) provider.connect();
		emit();
	});
	emit();

	return {
		doc,
		provider,
		started,
		destroy() {
			if (destroyed) return;
			destroyed = true;
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
			provider.destroy();
			stopLightAwareness();
			// Closes the database; the stored copy stays for the next visit.
			void persistence?.destroy();
			doc.destroy();
		}
	};
}
