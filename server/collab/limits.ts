/**
 * What a writer's update may do to a room's document, checked BEFORE it is applied (Yjs cannot
 * take an update back): how deep it nests elements, how much it grows the document, and whether
 * the room's owner has storage left. A refused update never touches the room.
 *
 * Nesting depth: Yjs integrates any depth, but every tree walker downstream (the editor's
 * ProseMirror binding, the server's HTML and export serialisers) is recursive somewhere, and a
 * 63 KB update of 3 000 nested blockquotes overflowed their stacks. The depth of each element an
 * update creates is its parent's depth + 1; the parent is named in the update (a root name or
 * the id of the item holding the parent type) or inherited from the item's left/right origin.
 * Those references point into the update itself or into the document; both are followed
 * iteratively with memoisation, so a forged update with long or cyclic chains costs O(n log n)
 * and cannot recurse.
 *
 * Size: encoding a room's whole state at every update would cost O(document) per keystroke, so
 * the room keeps an upper estimate (stored bytes at load + bytes applied since) and computes the
 * exact encoded size only when the estimate would pass the cap.
 */
import * as Y from 'yjs';
import type { StorageQuota } from './settings';
import { createsElements } from './update-scan';

export type Refusal = 'too-deep' | 'too-large' | 'storage-full';

/** Reference to a parent type in a decoded update: a root type's name, or the id of the item holding it. */
type ParentRef = string | Y.ID;

type Struct = Y.Item | Y.GC | Y.Skip;

/** Structs of a decoded update by client, sorted by clock, for lookups by id. */
class UpdateIndex {
	private readonly byClient = new Map<number, Struct[]>();

	constructor(structs: Struct[]) {
		for (const s of structs) {
			let list = this.byClient.get(s.id.client);
			if (!list) this.byClient.set(s.id.client, (list = []));
			list.push(s);
		}
		for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
	}

	/** The struct of the update covering `id`, or null. */
	find(id: Y.ID): Struct | null {
		const list = this.byClient.get(id.client);
		if (!list) return null;
		let lo = 0;
		let hi = list.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const s = list[mid]!;
			if (id.clock < s.id.clock) hi = mid - 1;
			else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
			else return s;
		}
		return null;
	}
}

/** An integrated item of the document covering `id`, or null. */
function docItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
	if (id.clock >= Y.getState(doc.store, id.client)) return null;
	try {
		const s = Y.getItem(doc.store, id) as Struct;
		return s instanceof Y.Item ? s : null;
	} catch {
		return null;
	}
}

/** Depth of an integrated item: 1 for a child of a root type. Iterative. */
function integratedDepth(item: Y.Item): number {
	let depth = 0;
	for (let it: Y.Item | null = item; it; it = (it.parent as Y.AbstractType<unknown> | null)?._item ?? null) depth++;
	return depth;
}

/**
 * The deepest nesting an update would create in `doc`, stopping as soon as it passes `limit`
 * (returns limit + 1 then). Items whose parent cannot be resolved are skipped: Yjs keeps them
 * pending and the connection drops pending parts (see Connection.applyUpdate).
 */
export function deepestNesting(doc: Y.Doc, update: Uint8Array, limit: number): number {
	// Most updates (typing, formatting marks, deletions) create no element: nothing to follow.
	if (createsElements(update) === false) return 0;
	const { structs } = Y.decodeUpdate(update) as { structs: Struct[] };
	const index = new UpdateIndex(structs);
	/** Parent reference of update items already resolved (undefined: unresolvable). */
	const parents = new Map<Y.Item, ParentRef | undefined>();
	/** Depth of the type held by an update item. */
	const depths = new Map<Y.Item, number>();

	const lookup = (id: Y.ID): Y.Item | null => {
		const s = index.find(id);
		if (s) return s instanceof Y.Item ? s : null;
		return docItem(doc, id);
	};
	const integrated = (item: Y.Item): boolean => index.find(item.id) !== item;

	function parentOf(start: Y.Item): ParentRef | undefined {
		const path: Y.Item[] = [];
		const seen = new Set<Y.Item>();
		let ref: ParentRef | undefined;
		let cur: Y.Item | null = start;
		while (cur) {
			if (parents.has(cur)) {
				ref = parents.get(cur);
				break;
			}
			if (integrated(cur)) {
				const type = cur.parent as Y.AbstractType<unknown> | null;
				ref = type?._item ? type._item.id : type ? '' : undefined;
				break;
			}
			path.push(cur);
			seen.add(cur);
			if (cur.parent !== null) {
				ref = cur.parent as unknown as ParentRef;
				break;
			}
			const next: Y.Item | null = cur.origin ? lookup(cur.origin) : cur.rightOrigin ? lookup(cur.rightOrigin) : null;
			cur = next && !seen.has(next) ? next : null;
		}
		for (const item of path) parents.set(item, ref);
		return ref;
	}

	/** Depth of the type referenced by `ref` (0 for a root type); > limit as soon as it passes. */
	function depthOf(ref: ParentRef | undefined): number | undefined {
		const chain: Y.Item[] = [];
		let base: number | undefined;
		let cur = ref;
		for (;;) {
			if (cur === undefined) return undefined;
			if (typeof cur === 'string') {
				base = 0;
				break;
			}
			const holder = lookup(cur);
			if (!holder) return undefined;
			const known = depths.get(holder);
			if (known !== undefined) {
				base = known;
				break;
			}
			if (integrated(holder)) {
				base = integratedDepth(holder);
				break;
			}
			chain.push(holder);
			if (chain.length > limit) return limit + 1;
			cur = parentOf(holder);
		}
		for (let i = chain.length - 1; i >= 0; i--) depths.set(chain[i]!, ++base);
		return chain.length > 0 ? depths.get(chain[0]!) : base;
	}

	let deepest = 0;
	for (const s of structs) {
		if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentType)) continue;
		const parentDepth = depthOf(parentOf(s));
		if (parentDepth === undefined) continue;
		const depth = parentDepth + 1;
		depths.set(s, depth);
		if (depth > deepest) deepest = depth;
		if (deepest > limit) return limit + 1;
	}
	return deepest;
}

/** Keeps a room's document within its size cap and its owner's storage. */
export class DocumentBudget {
	/** Upper estimate of the encoded state's size. */
	private estimate: number;
	private exact = false;

	constructor(
		/** The exact encoded size of the document (the room caches the encoding). */
		private readonly exactSize: () => number,
		private readonly maxBytes: number,
		storedBytes: number,
		/** Bytes the room's owner may still store, shared by its rooms; null: no quota. */
		private readonly storage: Allowance | null
	) {
		this.estimate = storedBytes;
	}

	/** Why `update` may not be applied, or null. Call {@link applied} once it is. */
	check(update: Uint8Array): Refusal | null {
		if (this.storage && update.byteLength > this.storage.available) return 'storage-full';
		if (this.estimate + update.byteLength <= this.maxBytes) return null;
		if (!this.exact) {
			this.estimate = this.exactSize();
			this.exact = true;
		}
		return this.estimate + update.byteLength <= this.maxBytes ? null : 'too-large';
	}

	applied(update: Uint8Array): void {
		this.estimate += update.byteLength;
		this.exact = false;
		if (this.storage) this.storage.available -= update.byteLength;
	}
}

/** An owner's remaining storage, spent by the updates its rooms accept. */
export interface Allowance {
	available: number;
}

/**
 * The storage allowance of each owner (organisation) with open rooms: read from storage when
 * the first of its rooms opens, then spent by every update its rooms accept, so that two open
 * rooms cannot each spend the same remaining bytes; forgotten when its last room closes (the
 * next reading then includes everything written meanwhile).
 */
export class StorageLedger {
	private readonly owners = new Map<string, { allowance: Allowance; rooms: number }>();

	constructor(private readonly quota: StorageQuota | null) {}

	/** The allowance `room` spends from, and its release; null without a quota. */
	async open(room: string): Promise<{ allowance: Allowance; release(): void } | null> {
		if (!this.quota) return null;
		const q = await this.quota(room);
		if (!q) return null;
		let entry = this.owners.get(q.owner);
		if (!entry) this.owners.set(q.owner, (entry = { allowance: { available: q.available }, rooms: 0 }));
		entry.rooms++;
		const owned = entry;
		let released = false;
		return {
			allowance: owned.allowance,
			release: () => {
				if (released) return;
				released = true;
				if (--owned.rooms === 0 && this.owners.get(q.owner) === owned) this.owners.delete(q.owner);
			}
		};
	}
}
