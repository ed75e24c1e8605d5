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
	/** Connections per room; further ones are closed with 1013. Default 50. */
	maxClientsPerRoom?: number;
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

export interface CollabSettings {
	maxPayload: number;
	maxClientsPerRoom: number;
	rateLimit: { burst: number; perSecond: number };
	flushDelayMs: number;
	compactEvery: number;
	unloadDelayMs: number;
	pingIntervalMs: number;
	sessionCheckMs: number;
	/** Bytes a connection may send while its room is still loading. */
	maxQueuedBytes: number;
}

export function resolveSettings(options: CollabOptions): CollabSettings {
	const maxPayload = options.maxPayload ?? 2 * 1024 * 1024;
	return {
		maxPayload,
		maxClientsPerRoom: options.maxClientsPerRoom ?? 50,
		rateLimit: options.rateLimit ?? { burst: 200, perSecond: 200 },
		flushDelayMs: options.flushDelayMs ?? 100,
		compactEvery: options.compactEvery ?? 500,
		unloadDelayMs: options.unloadDelayMs ?? 30_000,
		pingIntervalMs: options.pingIntervalMs ?? 30_000,
		sessionCheckMs: options.sessionCheckMs ?? 60_000,
		maxQueuedBytes: 4 * maxPayload
	};
}
