/**
 * A quick look at a Yjs update (v1 encoding, what y-websocket clients send) without decoding it:
 * does it create any element (a ContentType item)? Typing, formatting and deleting never do, and
 * for those the nesting check (limits.ts deepestNesting, which decodes every struct into Yjs
 * objects) has nothing to follow. Under 2 000 editors that decoding doubled the garbage of each
 * update (npm run bench:collab -- --editors 2000 --profile DIR). The scan reads the struct
 * section with the same grammar as Yjs's readClientsStructRefs / readItemContent, allocating
 * nothing (strings are skipped by their byte length, never decoded); whatever it cannot read answers `null`, and the caller then runs
 * the full check — so a malformed or unexpected update is never waved through.
 */
import * as decoding from 'lib0/decoding';

/** Content refs (Yjs contentRefs) the scan knows how to skip. */
const DELETED = 1;
const JSON_CONTENT = 2;
const BINARY = 3;
const STRING = 4;
const EMBED = 5;
const FORMAT = 6;
const TYPE = 7;
const ANY = 8;
const DOC = 9;
const SKIP = 10;

/** Info bits of an item: has an origin, has a right origin, has a parent sub-key. */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

/** True when `update` creates an element, false when it creates none, null when it cannot tell. */
export function createsElements(update: Uint8Array): boolean | null {
	try {
		const d = decoding.createDecoder(update);
		const clients = decoding.readVarUint(d);
		for (let c = 0; c < clients; c++) {
			const structs = decoding.readVarUint(d);
			decoding.readVarUint(d); // client
			decoding.readVarUint(d); // clock
			for (let s = 0; s < structs; s++) {
				const info = decoding.readUint8(d);
				const ref = info & 0x1f;
				if (ref === 0 || ref === SKIP) {
					decoding.readVarUint(d); // length of a GC or Skip struct
					continue;
				}
				if (info & HAS_ORIGIN) skipId(d);
				if (info & HAS_RIGHT_ORIGIN) skipId(d);
				if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
					if (decoding.readVarUint(d) === 1)
						skipString(d); // parent: a root type's name
					else skipId(d); // parent: the item holding the type
					if (info & HAS_PARENT_SUB) skipString(d);
				}
				switch (ref) {
					case TYPE:
						return true;
					case DELETED:
						decoding.readVarUint(d);
						break;
					case JSON_CONTENT:
						for (let n = decoding.readVarUint(d); n > 0; n--) skipString(d);
						break;
					case BINARY:
						decoding.readVarUint8Array(d);
						break;
					case STRING:
					case EMBED:
						skipString(d);
						break;
					case FORMAT:
						skipString(d);
						skipString(d);
						break;
					case ANY:
						for (let n = decoding.readVarUint(d); n > 0; n--) decoding.readAny(d);
						break;
					case DOC:
						skipString(d);
						decoding.readAny(d);
						break;
					default:
						return null;
				}
			}
		}
		return false;
	} catch {
		return null;
	}
}

/** Skips a varString: its UTF-8 bytes prefixed with their count (lib0 writeVarString). */
function skipString(d: decoding.Decoder): void {
	const length = decoding.readVarUint(d);
	if (d.pos + length > d.arr.length) throw new Error('unexpected end of update');
	d.pos += length;
}

function skipId(d: decoding.Decoder): void {
	decoding.readVarUint(d);
	decoding.readVarUint(d);
}
