/**
 * The check of a suggest-only connection's updates (issue 15, item 3; docs/SECURITY.md,
 * « Suggest-only connections »). Such a connection (a section's reviewer while it is « en
 * relecture », an observer where the coordinator allows it) may add suggested insertions and
 * deletions, never change the text itself. Its client is not trusted: before an update is
 * applied to the room, it is applied to a copy of the room's document, and accepted only if the
 * settled text (every pending suggestion refused: settledFingerprint) is the same before and
 * after.
 *
 * The copy is kept while the room has a suggest-only connection and follows every update the
 * room applies (applying an update Yjs already has costs little), so a check costs one update
 * applied to the copy and one walk of its text, not a decoding of the whole document; after a
 * refusal the copy holds the refused change and is dropped, to be rebuilt from the room's state
 * at the next check. Rooms without suggest-only connections pay nothing.
 */
import * as Y from 'yjs';
import { SECTION_FIELD, settledFingerprint } from '../../src/lib/server/collab/text/index';

export class SuggestionGuard {
	/** The copy of the room's document; null until needed or after a refusal. */
	private copy: Y.Doc | null = null;
	/** The room's settled text, while the room does not change. */
	private settled: string | null = null;

	constructor(
		private readonly room: Y.Doc,
		/** The room's whole state encoded (cached by the room). */
		private readonly encodedState: () => Uint8Array
	) {}

	/** The room applied `update` (from anyone): the copy follows. */
	follow(update: Uint8Array): void {
		this.settled = null;
		if (this.copy) {
			Y.applyUpdate(this.copy, update);
			this.dropPending(this.copy);
		}
	}

	/** True when `update` leaves the room's settled text as it is (only suggests changes). */
	onlySuggests(update: Uint8Array): boolean {
		const before = (this.settled ??= settledFingerprint(this.room, SECTION_FIELD));
		const copy = (this.copy ??= this.fresh());
		Y.applyUpdate(copy, update);
		// The room drops the parts of an update it cannot integrate yet (connection.ts); so does the copy.
		this.dropPending(copy);
		const same = settledFingerprint(copy, SECTION_FIELD) === before;
		if (!same) this.discard();
		return same;
	}

	/** Frees the copy (no suggest-only connection left, or the room leaves memory). */
	discard(): void {
		this.copy?.destroy();
		this.copy = null;
	}

	private fresh(): Y.Doc {
		const copy = new Y.Doc({ gc: this.room.gc });
		Y.applyUpdate(copy, this.encodedState());
		return copy;
	}

	private dropPending(doc: Y.Doc): void {
		if (doc.store.pendingStructs || doc.store.pendingDs) {
			doc.store.pendingStructs = null;
			doc.store.pendingDs = null;
		}
	}
}
