/**
 * The process-wide application context: config, database, mailer (the outbox queue),
 * collaboration hooks.
 * Kept on globalThis under a registered symbol so that the production entry (bundled by
 * esbuild) and the SvelteKit handler (bundled by Vite) share one instance.
 */
import { loadConfig, type Config } from './config';
import { migrate, openDatabase, type DB, type OpenDatabase } from './db/index';
import { setLogLevel, log } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import { startOutboxDelivery } from './mail/outbox-delivery';
import { catchUpRoomIndex } from './search/room-index';
import type * as Y from 'yjs';
import type { RoomNotice } from '../collab/notices';
import type { ExportRenderer } from './exports/render';

export interface CollabControl {
	/** Re-checks access of every connection in the rooms matching the prefix (closes with 4205). */
	refreshAccess(roomPrefix: string): void | Promise<void>;
	/** The current state of an open room (may be newer than the stored state by the flush delay). */
	liveState?(room: string): Uint8Array | null;
	/**
	 * Closes (4401) the sockets opened with a session that has just been deleted: one session
	 * (sign-out), or every session of a user but `exceptSessionId` (sign-out everywhere,
	 * password change or reset).
	 */
	endSessions?(match: { sessionId: string } | { userId: string; exceptSessionId?: string }): void;
	/** Tells the clients of `room` that something outside its document changed (e.g. « comments »). */
	notifyRoom?(room: string, notice: RoomNotice): void;
	/**
	 * Runs `read` on the live document of `room`, opening (loading) the room if needed unless
	 * `open` is false; null when the server cannot or the room is not open. `read` must not
	 * modify the document.
	 */
	withRoomDoc?<T>(room: string, read: (doc: Y.Doc) => T, options?: { open?: boolean }): Promise<T | null>;
	/** The room's document is being deleted: close its sockets, forget it unwritten (see server/collab/start.ts). */
	discardRoom?(room: string): Promise<void>;
}

export interface AppContext {
	config: Config;
	db: DB;
	database: OpenDatabase;
	mailer: Mailer;
	/** Set by the collaboration server when it runs in this process. */
	collab: CollabControl | null;
	/** Where export files are laid out (a worker thread, set by server/index.ts); null: in this thread. */
	renderer: ExportRenderer | null;
	/** Current time in ms; tests may shift it through COTRAIT_CLOCK_OFFSET_MS only in demo/test builds. */
	now(): number;
	close(): Promise<void>;
}

const KEY = Symbol.for('cotrait.context');
type Holder = { [KEY]?: Promise<AppContext> };

/** Creates the context: validates config, opens and migrates the database (the demo is seeded by server/index.ts). */
export async function createContext(config: Config = loadConfig()): Promise<AppContext> {
	setLogLevel(config.logLevel);
	const database = openDatabase(config.databasePath);
	await migrate(database.db);
	const now = () => Date.now();
	const ctx: AppContext = {
		config,
		db: database.db,
		database,
		// Through ctx, so that a clock moved by tests dates the queued messages too.
		mailer: createMailer(database.db, { now: () => ctx.now() }),
		collab: null,
		renderer: null,
		now,
		async close() {
			await database.close();
		}
	};
	log.info('database ready', { path: config.databasePath });
	return ctx;
}

/** Installs a context as the process-wide one (used by server/index.ts). */
export function installContext(ctx: AppContext): void {
	(globalThis as Holder)[KEY] = Promise.resolve(ctx);
}

/**
 * The process-wide context, created on first use (dev server, tests of hooks). Created here,
 * nobody else runs the outbox job or the search index's catch-up, so they are started here too
 * (server/index.ts starts its own).
 */
export function getContext(): Promise<AppContext> {
	const holder = globalThis as Holder;
	holder[KEY] ??= createContext().then((ctx) => {
		startOutboxDelivery(ctx);
		catchUpRoomIndex(ctx).catch((e) => log.error('search: cannot index co-written texts', { error: String(e) }));
		return ctx;
	});
	return holder[KEY];
}

/** Forgets the process-wide context (tests). */
export function resetContext(): void {
	delete (globalThis as Holder)[KEY];
}
