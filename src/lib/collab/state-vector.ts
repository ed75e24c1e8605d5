/** Comparing a local Yjs document with another replica's state vector (browser and server). */
import * as Y from 'yjs';

/**
 * Whether `doc` holds inserted content beyond `stateVector` (another replica's): text typed here
 * that the other side has not got. Deletions are not compared: an update always carries the
 * whole delete set, whatever the state vector.
 */
export function holdsMoreThan(doc: Y.Doc, stateVector: Uint8Array): boolean {
	try {
		return Y.decodeUpdate(Y.encodeStateAsUpdate(doc, stateVector)).structs.length > 0;
	} catch {
		return false; // a malformed vector: nothing to say
	}
}
