/**
 * The open rooms of the process. A room is opened (its stored state loaded) by its first
 * connection and leaves memory `unloadDelayMs` after its last one left, once its updates are
 * written and its log compacted; a connection arriving meanwhile keeps it open.
 */
import type { DB } from '../../src/lib/server/db/index';
import { log } from '../../src/lib/server/log';
import { StorageLedger } from './limits';
import { Room } from './room';
import type { CollabSettings } from './settings';
import type { UpdateWriter } from './writer';

export class RoomRegistry {
	readonly rooms = new Map<string, Room>();
	private readonly unloadTimers = new Map<Room, ReturnType<typeof setTimeout>>();
	private readonly ledger: StorageLedger;

	constructor(
		private readonly db: DB,
		private readonly settings: CollabSettings,
		private readonly writer: UpdateWriter
	) {
		this.ledger = new StorageLedger(settings.storageQuota);
	}

	/** The open room of that name, opened (loading its stored state) if needed. */
	acquire(name: string): Room {
		let room = this.rooms.get(name);
		if (!room) {
			const created = new Room(name, this.db, this.writer, this.settings, this.ledger);
			created.ready.catch((e) => {
				log.error('collab: cannot load room', { room: name, error: String(e) });
				if (this.rooms.get(name) === created) this.rooms.delete(name);
				this.cancelUnload(created);
				created.destroy();
			});
			this.rooms.set(name, created);
			room = created;
		}
		this.cancelUnload(room);
		return room;
	}

	/** Called when a connection left: schedules the unload of an empty room. */
	release(room: Room): void {
		if (room.members.size > 0 || this.rooms.get(room.name) !== room || this.unloadTimers.has(room)) return;
		const timer = setTimeout(() => {
			this.unloadTimers.delete(room);
			void this.unload(room);
		}, this.settings.unloadDelayMs);
		this.unloadTimers.set(room, timer);
	}

	private cancelUnload(room: Room): void {
		const timer = this.unloadTimers.get(room);
		if (timer) clearTimeout(timer);
		this.unloadTimers.delete(room);
	}

	private async unload(room: Room): Promise<void> {
		if (room.members.size > 0 || this.rooms.get(room.name) !== room) return;
		if (room.loaded) {
			const drained = await this.writer.drain(room.name);
			if (!drained) {
				this.release(room); // try again later; nothing is lost meanwhile
				return;
			}
		} else {
			await room.ready.catch(() => undefined);
		}
		// Someone joined while the room was being written: keep it.
		if (room.members.size > 0 || this.rooms.get(room.name) !== room) return;
		this.rooms.delete(room.name);
		this.writer.forget(room.name);
		room.destroy();
		log.debug('collab: room unloaded', { room: room.name });
	}

	/** Drops a room without writing it (its document is being deleted); its connections must be closed. */
	discard(name: string): void {
		const room = this.rooms.get(name);
		if (!room) return;
		this.cancelUnload(room);
		this.rooms.delete(name);
		void room.ready.then(
			() => room.destroy(),
			() => undefined
		);
	}

	/** Writes and compacts every room, then frees them (shutdown). */
	async closeAll(): Promise<void> {
		for (const timer of this.unloadTimers.values()) clearTimeout(timer);
		this.unloadTimers.clear();
		const rooms = [...this.rooms.values()];
		this.rooms.clear();
		// Rooms still loading may not take updates yet; let them finish (or fail) first.
		await Promise.all(rooms.map((room) => room.ready.catch(() => undefined)));
		await this.writer.close();
		for (const room of rooms) if (room.loaded) room.destroy();
	}
}
