/** Options of the collaboration server and their defaults. */
import type { RoomAccess } from '../../src/lib/server/collab/access';

export type { RoomAccess };

/** Decides the access of a signed-in user to a room; called on upgrade and on refreshAccess. */
export type RoomAuthorizer = (input: { userId: string; room: string }) => Promise<RoomAccess>;

export interface CollabOptions {
	/** Access policy. Default: `resolveRoomAccess(ctx.db, userId, room)` from lib/server/collab/access. */
	authorize?: RoomAuthorizer;
	/** Largest accepted frame in bytes (bigger frames close the connection with 1009). Default 2 MB. */
	maxPayload?: number;
	/**
	 * Read-only connections per room; further ones are closed with 1013. Writers are counted
	 * apart (up to the same number), so read-only connections can never lock writers out. Default 50.
	 */
	maxClientsPerRoom?: number;
	/** Connections of one person to one room (tabs, devices); further ones are closed with 1013. Default 6. */
	maxConnectionsPerUser?: number;
	/**
	 * Largest Yjs state of a room in bytes: an update that would grow the document beyond it is
	 * refused and its connection closed with 4413; the room keeps its state. Default 512 KB
	 * (≈ 400 000 characters of formatted text; see docs/SECURITY.md, « Limits and quotas »).
	 */
	maxDocumentBytes?: number;
	/**
	 * Deepest nesting of elements in a document (the fragment's children are at depth 1): an
	 * update that would nest deeper is refused like an oversize one (4413). Default 32.
	 */
	maxNestingDepth?: number;
	/**
	 * Document bytes (sync step 2 and update payloads) a connection, and a person over all their
	 * connections, may send: a token bucket in bytes. Exceeding it closes the connection with
	 * 4029 (the client reconnects with backoff). Default: connection 4 MB burst, 128 KB/s;
	 * person 8 MB burst, 256 KB/s.
	 */
	writeBudget?: { connection: ByteBudget; user: ByteBudget };
	/**
	 * Awareness (presence) limits per connection: largest state in bytes (JSON), and a byte
	 * bucket for awareness messages. Exceeding either closes with 1008. Default 8 KB; 64 KB burst, 16 KB/s.
	 */
	awareness?: { maxStateBytes: number; budget: ByteBudget };
	/**
	 * Who owns a room's storage and how many more bytes they may store, asked when the room
	 * opens; the owner's rooms share that allowance and refuse growth beyond it with 4417.
	 * Default (startCollab): the organisation storage quota, `roomStorageAllowance` of
	 * lib/server/quota/storage (ORG_STORAGE_QUOTA_MB).
	 */
	storageQuota?: StorageQuota;
	/** Per-connection message rate (token bucket); exceeding it closes with 1008. Default 200 burst, 200/s. */
	rateLimit?: { burst: number; perSecond: number };
	/** Delay between an update and the write of its batch to the log. Default 100 ms. */
	flushDelayMs?: number;
	/** Fold the log into the snapshot once it holds this many updates. Default 500. */
	compactEvery?: number;
	/** A room without connections leaves memory after this delay (after a final flush and compaction). Default 30 s. */
	unloadDelayMs?: number;
	/** Ping period; a connection that did not answer the previous ping is dropped. Default 30 s. */
	pingIntervalMs?: number;
	/** Period of the check that closes (4401) sockets whose session expired or was deleted. Default 60 s. */
	sessionCheckMs?: number;
}

/** A token bucket counted in bytes. */
export interface ByteBudget {
	burst: number;
	perSecond: number;
}

/** The owner of a room's storage and the bytes it may still store (null: no quota). */
export type StorageQuota = (room: string) => Promise<{ owner: string; available: number } | null>;

export interface CollabSettings {
	maxPayload: number;
	maxClientsPerRoom: number;
	maxConnectionsPerUser: number;
	maxDocumentBytes: number;
	maxNestingDepth: number;
	writeBudget: { connection: ByteBudget; user: ByteBudget };
	awareness: { maxStateBytes: number; budget: ByteBudget };
	storageQuota: StorageQuota | null;
	rateLimit: { burst: number; perSecond: number };
	flushDelayMs: number;
	compactEvery: number;
	unloadDelayMs: number;
	pingIntervalMs: number;
	sessionCheckMs: number;
	/** Bytes a connection may send while its room is still loading. */
	maxQueuedBytes: number;
}

const KB = 1024;
const MB = 1024 * KB;

export function resolveSettings(options: CollabOptions): CollabSettings {
	const maxPayload = options.maxPayload ?? 2 * MB;
	return {
		maxPayload,
		maxClientsPerRoom: options.maxClientsPerRoom ?? 50,
		maxConnectionsPerUser: options.maxConnectionsPerUser ?? 6,
		maxDocumentBytes: options.maxDocumentBytes ?? 512 * KB,
		maxNestingDepth: options.maxNestingDepth ?? 32,
		writeBudget: options.writeBudget ?? {
			connection: { burst: 4 * MB, perSecond: 128 * KB },
			user: { burst: 8 * MB, perSecond: 256 * KB }
		},
		awareness: options.awareness ?? { maxStateBytes: 8 * KB, budget: { burst: 64 * KB, perSecond: 16 * KB } },
		storageQuota: options.storageQuota ?? null,
		rateLimit: options.rateLimit ?? { burst: 200, perSecond: 200 },
		flushDelayMs: options.flushDelayMs ?? 100,
		compactEvery: options.compactEvery ?? 500,
		unloadDelayMs: options.unloadDelayMs ?? 30_000,
		pingIntervalMs: options.pingIntervalMs ?? 30_000,
		sessionCheckMs: options.sessionCheckMs ?? 60_000,
		maxQueuedBytes: 4 * maxPayload
	};
}
