/**
 * The fuzzing clients of fuzz.test.ts: frame sources (valid y-websocket messages, mutated, forged,
 * random) and raw `ws` clients that send them and account for every frame. fuzz.test.ts bundles
 * this file with esbuild and runs it in a worker thread, so that the clients' work does not
 * share the event loop (and the core) of the server under test.
 *
 * Seeded (mulberry32): each fuzzer's frame sequence depends only on the seed and its index,
 * never on what the server answers.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CLOSE_POLICY, CLOSE_TOO_LARGE } from '../../../src/lib/collab/close-codes';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../../server/collab/protocol';

export interface FuzzConfig {
	/** ws://127.0.0.1:<port> (an IP: no name lookup per connection). */
	url: string;
	/** What a browser sends: Origin and the session cookie. */
	headers: Record<string, string>;
	seed: number;
	/** Random and mutated frames to have handled, all fuzzers together. */
	frames: number;
	fuzzers: number;
	rooms: string[];
	/** The server's maxPayload: some frames go over it. */
	maxPayload: number;
	/** Also forge Yjs updates (see fuzz.test.ts). */
	forgedUpdates: boolean;
}

/** mulberry32. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Rng {
	readonly next: () => number;
	constructor(seed: number) {
		this.next = prng(seed);
	}
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}
	bytes(n: number): Uint8Array {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) out[i] = this.int(256);
		return out;
	}
}

function varUint(n: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, n);
	return encoding.toUint8Array(e);
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Lengths that overflow the frame, the heap or lib0's 53-bit varints. */
const HUGE = [0x7fffffff, 0xffffffff, 2 ** 40, Number.MAX_SAFE_INTEGER, 1 << 20, 64 * 1024 + 1, 2 * 1024 * 1024 + 1];

/** A well-formed message: `head` (message type, sync type) then a length-prefixed payload, if any. */
interface Message {
	head: Uint8Array;
	payload: Uint8Array | null;
}

function encodeMessage(m: Message): Uint8Array {
	return m.payload ? concat(m.head, varUint(m.payload.length), m.payload) : m.head;
}

export type FrameKind = 'valid' | 'mutated' | 'random' | 'oversize';

/**
 * One fuzzing client's frame source: valid messages from its own Y.Doc and awareness, then
 * mutated. Deterministic for a seed (it never looks at what the server answers).
 */
class FrameSource {
	private readonly rng: Rng;
	private doc!: Y.Doc;
	private awareness!: Awareness;
	private lastUpdate: Uint8Array = new Uint8Array([0, 0]);
	private edits = 0;

	constructor(
		seed: number,
		private readonly config: Pick<FuzzConfig, 'rooms' | 'maxPayload' | 'forgedUpdates'>
	) {
		this.rng = new Rng(seed);
		this.newDoc();
	}

	/** A new local document (a new Yjs client): keeps the valid messages small. */
	private newDoc(): void {
		this.awareness?.destroy();
		this.doc?.destroy();
		this.doc = new Y.Doc();
		this.doc.clientID = 1 + this.rng.int(0x7ffffffe);
		this.doc.on('update', (u: Uint8Array) => (this.lastUpdate = u));
		this.awareness = new Awareness(this.doc);
		this.edits = 0;
	}

	destroy(): void {
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** A local edit of a random kind (every kind of Yjs content); returns its update. */
	private edit(): Uint8Array {
		if (++this.edits > 40) this.newDoc();
		const { rng, doc } = this;
		const text = doc.getText('t');
		const roll = rng.int(8);
		if (roll < 3 || text.length === 0) text.insert(rng.int(text.length + 1), `~${rng.int(1000)}~`);
		else if (roll === 3) text.delete(rng.int(text.length), 1 + rng.int(3));
		else if (roll === 4) text.format(rng.int(text.length), 1 + rng.int(3), { bold: true });
		else if (roll === 5)
			doc.getMap('m').set(`f${rng.int(4)}`, rng.pick([rng.int(100), 'x', null, { a: [1, 'b'] }, new Uint8Array([1, 2])]));
		else if (roll === 6) {
			const arr = doc.getArray('a');
			const nested = new Y.Map();
			arr.insert(rng.int(arr.length + 1), [nested]);
			nested.set('k', rng.int(50));
		} else {
			const frag = doc.getXmlFragment('x');
			const el = new Y.XmlElement('paragraph');
			frag.insert(rng.int(frag.length + 1), [el]);
			el.insert(0, [new Y.XmlText('fuzz')]);
		}
		return this.lastUpdate;
	}

	private valid(): Message {
		const { rng } = this;
		const sync = (syncType: number, payload: Uint8Array): Message => ({ head: concat(varUint(MESSAGE_SYNC), varUint(syncType)), payload });
		switch (rng.int(8)) {
			case 0:
			case 1:
			case 2:
				return sync(syncProtocol.messageYjsUpdate, this.edit());
			case 3:
				this.edit();
				return sync(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(this.doc));
			case 4:
				return sync(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(this.doc));
			case 5:
			case 6:
				this.awareness.setLocalState(
					rng.next() < 0.1 ? null : { user: { name: `fuzz ${rng.int(99)}`, color: '#123456' }, cursor: rng.int(9) }
				);
				return { head: varUint(MESSAGE_AWARENESS), payload: encodeAwarenessUpdate(this.awareness, [this.doc.clientID]) };
			default:
				return { head: varUint(MESSAGE_QUERY_AWARENESS), payload: null };
		}
	}

	/** Byte-level damage: flips, truncation, overlong varints, splices, duplicated slices. */
	private damage(bytes: Uint8Array): Uint8Array {
		const { rng } = this;
		const at = () => rng.int(bytes.length + 1);
		const op = rng.int(6);
		this.op += `:${['flip', 'truncate', 'varint', 'splice', 'duplicate', 'huge'][op]}`;
		switch (op) {
			case 0: {
				const out = bytes.slice();
				for (let i = 1 + rng.int(4); i > 0 && out.length > 0; i--) out[rng.int(out.length)]! ^= 1 + rng.int(255);
				return out;
			}
			case 1:
				return bytes.slice(0, rng.int(bytes.length));
			case 2: {
				// continuation bytes: an overlong varint, or one beyond 53 bits
				const i = at();
				return concat(
					bytes.slice(0, i),
					Uint8Array.from({ length: 1 + rng.int(10) }, () => 0x80 | rng.int(128)),
					bytes.slice(i)
				);
			}
			case 3: {
				const i = at();
				return concat(bytes.slice(0, i), rng.bytes(1 + rng.int(16)), bytes.slice(i));
			}
			case 4: {
				const i = rng.int(bytes.length);
				const j = i + rng.int(bytes.length - i + 1);
				return concat(bytes.slice(0, j), bytes.slice(i, j), bytes.slice(j));
			}
			default: {
				// a varint-sized value replaced by a huge one
				const i = rng.int(bytes.length);
				return concat(bytes.slice(0, i), varUint(rng.pick(HUGE)), bytes.slice(i + 1));
			}
		}
	}

	/** A random varUint of a kind that matters: 0, small, around 2^31/2^32, up to 2^53 − 1. */
	private anyUint(): number {
		return this.rng.pick([0, 1, this.rng.int(64), this.rng.int(100_000), 0x7fffffff, 0xffffffff, 2 ** 40, Number.MAX_SAFE_INTEGER]);
	}

	/** A client id: this source's own, a random one, or an edge value. */
	private anyClient(): number {
		return this.rng.pick([this.doc.clientID, this.doc.clientID, 1 + this.rng.int(0x7ffffffe), 0, 0xffffffff, Number.MAX_SAFE_INTEGER]);
	}

	/**
	 * A Yjs (v1) update that decodes but lies: structs of any client at any clock (GC, skips, items
	 * of every content type, with or without origins, in existing or unknown parents, with
	 * lengths up to 2^53), and a random delete set.
	 */
	private forgedUpdate(): Uint8Array {
		const { rng } = this;
		const e = encoding.createEncoder();
		const clients = rng.int(3);
		encoding.writeVarUint(e, clients);
		for (let c = 0; c < clients; c++) {
			const structs = 1 + rng.int(4);
			encoding.writeVarUint(e, structs);
			encoding.writeVarUint(e, this.anyClient());
			encoding.writeVarUint(e, rng.pick([0, rng.int(200), this.anyUint()]));
			for (let i = 0; i < structs; i++) {
				const kind = rng.int(8);
				if (kind === 0 || kind === 1) {
					encoding.writeUint8(e, kind === 0 ? 0 : 10); // GC, skip
					encoding.writeVarUint(e, rng.pick([1, rng.int(1000), this.anyUint()]));
					continue;
				}
				const contentRef = 1 + rng.int(8);
				const origin = rng.next() < 0.5;
				const rightOrigin = rng.next() < 0.3;
				const parentSub = !origin && !rightOrigin && rng.next() < 0.3;
				encoding.writeUint8(e, contentRef | (origin ? 0x80 : 0) | (rightOrigin ? 0x40 : 0) | (parentSub ? 0x20 : 0));
				if (origin) {
					encoding.writeVarUint(e, this.anyClient());
					encoding.writeVarUint(e, rng.pick([0, rng.int(200), this.anyUint()]));
				}
				if (rightOrigin) {
					encoding.writeVarUint(e, this.anyClient());
					encoding.writeVarUint(e, rng.pick([0, rng.int(200), this.anyUint()]));
				}
				if (!origin && !rightOrigin) {
					if (rng.next() < 0.7) {
						encoding.writeVarUint(e, 1);
						encoding.writeVarString(e, rng.pick(['t', 'm', 'a', 'x', '', 'inconnu', 'é'.repeat(3)]));
					} else {
						encoding.writeVarUint(e, 0);
						encoding.writeVarUint(e, this.anyClient());
						encoding.writeVarUint(e, rng.pick([0, rng.int(200), this.anyUint()]));
					}
					if (parentSub) encoding.writeVarString(e, rng.pick(['k', 'f0', '']));
				}
				switch (contentRef) {
					case 1: // deleted
						encoding.writeVarUint(e, rng.pick([1, rng.int(100), this.anyUint()]));
						break;
					case 2: {
						// JSON
						const n = rng.pick([0, 1, 3]);
						encoding.writeVarUint(e, n);
						for (let j = 0; j < n; j++) encoding.writeVarString(e, rng.pick(['1', '"x"', 'undefined', '{', '[[[[[[[[[[]]]]]]]]]]']));
						break;
					}
					case 3: // binary
						encoding.writeVarUint8Array(e, rng.bytes(rng.int(16)));
						break;
					case 4: // string
						encoding.writeVarString(e, rng.pick(['', 'x', 'forgé', '\u{1F600}', '\uD800', 'a'.repeat(rng.int(300))]));
						break;
					case 5: // embed
						encoding.writeVarString(e, rng.pick(['{"image":"x"}', '{', 'null']));
						break;
					case 6: // format
						encoding.writeVarString(e, rng.pick(['bold', 'link', '']));
						encoding.writeVarString(e, rng.pick(['true', 'null', '{"href":"javascript:alert(1)"}', '{']));
						break;
					case 7: // type
						encoding.writeVarUint(e, rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 99]));
						encoding.writeVarString(e, rng.pick(['paragraph', 'script', '']));
						break;
					default: {
						// any
						const n = rng.pick([0, 1, 2]);
						encoding.writeVarUint(e, n);
						for (let j = 0; j < n; j++)
							encoding.writeAny(e, rng.pick([null, 1, -1.5, 'x', true, { a: [1, { b: 'c' }] }, new Uint8Array([1]), 2 ** 60]));
					}
				}
			}
		}
		const dsClients = rng.int(3);
		encoding.writeVarUint(e, dsClients);
		for (let c = 0; c < dsClients; c++) {
			encoding.writeVarUint(e, this.anyClient());
			const ranges = 1 + rng.int(3);
			encoding.writeVarUint(e, ranges);
			for (let r = 0; r < ranges; r++) {
				encoding.writeVarUint(e, rng.pick([0, rng.int(200), this.anyUint()]));
				encoding.writeVarUint(e, rng.pick([1, rng.int(50), this.anyUint()]));
			}
		}
		return encoding.toUint8Array(e);
	}

	/** A state vector that decodes but lies (unknown clients, huge clocks, duplicates). */
	private forgedStateVector(): Uint8Array {
		const e = encoding.createEncoder();
		const n = this.rng.int(5);
		encoding.writeVarUint(e, n);
		for (let i = 0; i < n; i++) {
			encoding.writeVarUint(e, this.anyClient());
			encoding.writeVarUint(e, this.anyUint());
		}
		return encoding.toUint8Array(e);
	}

	/** An awareness update that decodes but lies (others' ids, huge clocks, odd or huge JSON). */
	private forgedAwareness(): Uint8Array {
		const { rng } = this;
		const e = encoding.createEncoder();
		const n = 1 + rng.int(3);
		encoding.writeVarUint(e, n);
		for (let i = 0; i < n; i++) {
			encoding.writeVarUint(e, this.anyClient());
			encoding.writeVarUint(e, this.anyUint());
			encoding.writeVarString(
				e,
				rng.pick([
					'null',
					'{}',
					'{"user":{"name":"<img src=x onerror=alert(1)>"}}',
					'[]',
					'1',
					'{',
					'"x"',
					JSON.stringify({ big: 'x'.repeat(2000) })
				])
			);
		}
		return encoding.toUint8Array(e);
	}

	/** A valid message damaged inside its payload (length kept right) or in its envelope, or a forged one. */
	private mutated(): Uint8Array {
		const { rng } = this;
		const roll = rng.int(20);
		if (roll < 5) {
			// well encoded, hostile content: state vectors and awareness states that lie (and, with
			// FUZZ_FORGED_UPDATES=1, forged Yjs updates: see the note at the top of fuzz.test.ts)
			const which = rng.int(this.config.forgedUpdates ? 4 : 2);
			this.op = ['forged state vector', 'forged awareness', 'forged update', 'forged sync step 2'][which]!;
			if (which === 0)
				return encodeMessage({
					head: concat(varUint(MESSAGE_SYNC), varUint(syncProtocol.messageYjsSyncStep1)),
					payload: this.forgedStateVector()
				});
			if (which === 1) return encodeMessage({ head: varUint(MESSAGE_AWARENESS), payload: this.forgedAwareness() });
			const syncType = which === 2 ? syncProtocol.messageYjsUpdate : syncProtocol.messageYjsSyncStep2;
			return encodeMessage({ head: concat(varUint(MESSAGE_SYNC), varUint(syncType)), payload: this.forgedUpdate() });
		}
		const m = this.valid();
		this.op = `${m.head[0]}/${m.head[1] ?? ''}`;
		if (roll < 11 && m.payload && m.payload.length > 0) {
			this.op += ' payload';
			// damage inside the payload: reaches the Yjs/awareness decoders
			let payload = this.damage(m.payload);
			if (rng.next() < 0.2) payload = this.damage(payload);
			return encodeMessage({ head: m.head, payload });
		}
		this.op += ` envelope ${roll}`;
		switch (roll) {
			case 11:
				// wrong message type (unknown, auth, or another type's payload)
				return concat(
					varUint(rng.pick([MESSAGE_SYNC, MESSAGE_AWARENESS, MESSAGE_AUTH, MESSAGE_QUERY_AWARENESS, 4, 127, 128, 2 ** 31, 2 ** 52])),
					encodeMessage(m).slice(m.head[0]! < 0x80 ? 1 : 0)
				);
			case 12:
				// wrong sync type
				return encodeMessage({
					head: concat(varUint(MESSAGE_SYNC), varUint(rng.pick([0, 1, 2, 3, 9, 200, 2 ** 33]))),
					payload: m.payload ?? new Uint8Array()
				});
			case 13:
				// huge declared length, short payload
				return concat(m.head, varUint(rng.pick(HUGE)), m.payload ?? new Uint8Array());
			case 14:
			case 15:
			case 16:
			case 17:
				// trailing garbage, or two messages in one frame
				return concat(encodeMessage(m), rng.next() < 0.5 ? rng.bytes(1 + rng.int(32)) : encodeMessage(this.valid()));
			default:
				return this.damage(encodeMessage(m));
		}
	}

	/** What the last mutation did (statistics when FUZZ_DEBUG is set). */
	op = '';

	next(): { frame: Uint8Array; kind: FrameKind; op: string } {
		const { rng } = this;
		this.op = '';
		const roll = rng.next();
		if (roll < 0.0015) return { frame: rng.bytes(this.config.maxPayload + 1 + rng.int(1024)), kind: 'oversize', op: 'oversize' };
		if (roll < 0.08) return { frame: rng.bytes(rng.int(300)), kind: 'random', op: 'random' };
		if (roll < 0.16) return { frame: encodeMessage(this.valid()), kind: 'valid', op: 'valid' };
		const frame = this.mutated();
		return { frame, kind: 'mutated', op: this.op };
	}

	/** Picks the room of the next connection. */
	room(): string {
		return this.rng.pick(this.config.rooms);
	}
}

export interface Tally {
	/** Frames the server handled, by kind. */
	handled: Record<FrameKind, number>;
	/** Handled frames after which the connection stayed open. */
	survived: number;
	/** Connections closed, by "code reason". */
	closes: Record<string, number>;
	connections: number;
	unexpected: string[];
	/** Per mutation: [kept the connection, closed it]. */
	ops: Record<string, [number, number]>;
}

/** Frames sent back to back before waiting for the server's answers. */
const WINDOW = 16;

/** Opens a fuzzing connection and resolves once the server greeted it (its room is loaded). */
function openFuzzSocket(config: FuzzConfig, room: string): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${config.url}/collab/${room}`, { headers: config.headers, perMessageDeflate: false });
		ws.on('error', () => {});
		ws.once('message', () => resolve(ws));
		ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
		ws.once('close', (code) => reject(new Error(`closed with ${code} before the server's first message`)));
	});
}

/**
 * Sends the frames, each followed by a ping carrying its index. The server handles frames and
 * pings in order and stops answering pings once it closed the connection, so the pongs say how
 * many frames were handled with the connection kept; the next one, if any, closed it.
 */
function sendWindow(ws: WebSocket, frames: Uint8Array[]): Promise<{ survived: number; close: { code: number; reason: string } | null }> {
	return new Promise((resolve) => {
		let survived = 0;
		const onPong = (data: Buffer) => {
			if (data.readUInt32BE(0) !== survived) throw new Error('pongs out of order');
			survived++;
			if (survived === frames.length) {
				ws.off('close', onClose);
				ws.off('pong', onPong);
				resolve({ survived, close: null });
			}
		};
		const onClose = (code: number, reason: Buffer) => {
			ws.off('pong', onPong);
			resolve({ survived, close: { code, reason: reason.toString() } });
		};
		ws.on('pong', onPong);
		ws.once('close', onClose);
		frames.forEach((frame, i) => {
			const index = Buffer.alloc(4);
			index.writeUInt32BE(i);
			ws.send(frame);
			ws.ping(index);
		});
	});
}

async function runFuzzer(config: FuzzConfig, source: FrameSource, quota: () => boolean, tally: Tally): Promise<void> {
	let ws: WebSocket | null = null;
	// Frames generated but not handled yet (sent after one that closed the connection): resent.
	const queue: Array<{ frame: Uint8Array; kind: FrameKind; op: string }> = [];
	for (;;) {
		while (queue.length < WINDOW) {
			const next = source.next();
			if (next.kind !== 'valid' && !quota()) break;
			queue.push(next);
		}
		if (queue.length === 0) break;
		if (!ws) {
			ws = await openFuzzSocket(config, source.room());
			tally.connections++;
		}
		const window = queue.splice(0, WINDOW);
		const { survived, close } = await sendWindow(
			ws,
			window.map((w) => w.frame)
		);
		for (const { kind, op } of window.slice(0, survived)) {
			tally.handled[kind]++;
			(tally.ops[op] ??= [0, 0])[0]++;
		}
		tally.survived += survived;
		if (!close) continue;
		ws = null;
		const fatal = window[survived];
		queue.unshift(...window.slice(survived + 1));
		const key = `${close.code} ${close.reason}`;
		tally.closes[key] = (tally.closes[key] ?? 0) + 1;
		if (!fatal) {
			tally.unexpected.push(`close ${key} after every frame of the window was handled`);
			continue;
		}
		tally.handled[fatal.kind]++;
		(tally.ops[fatal.op] ??= [0, 0])[1]++;
		const expected =
			(close.code === CLOSE_POLICY && close.reason === 'malformed message' && fatal.kind !== 'valid') ||
			(close.code === CLOSE_TOO_LARGE && fatal.frame.length > config.maxPayload);
		if (!expected && tally.unexpected.length < 20) {
			tally.unexpected.push(
				`close ${key} after a ${fatal.kind} ${fatal.frame.length}-byte frame ${Buffer.from(fatal.frame.slice(0, 48)).toString('hex')}`
			);
		}
	}
	ws?.close();
}

/** Runs the fuzzing clients until `config.frames` random and mutated frames were handled. */
export async function fuzz(config: FuzzConfig, onProgress?: (tally: Tally) => void): Promise<Tally> {
	const tally: Tally = {
		handled: { valid: 0, mutated: 0, random: 0, oversize: 0 },
		survived: 0,
		closes: {},
		connections: 0,
		unexpected: [],
		ops: {}
	};
	const sources = Array.from({ length: config.fuzzers }, (_, i) => new FrameSource(config.seed * 31 + i, config));
	let issued = 0;
	const quota = () => issued++ < config.frames;
	const progress = onProgress ? setInterval(() => onProgress(tally), 1000) : null;
	try {
		await Promise.all(sources.map((s) => runFuzzer(config, s, quota, tally)));
	} finally {
		if (progress) clearInterval(progress);
		for (const s of sources) s.destroy();
	}
	return tally;
}

/** Marks the worker started by fuzz.test.ts. */
export const WORKER_ROLE = 'cotrait-collab-fuzz';

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
	const config = (workerData as { config: FuzzConfig }).config;
	fuzz(config, (tally) => parentPort!.postMessage({ progress: tally })).then(
		(tally) => parentPort!.postMessage({ done: tally }),
		(e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
	);
}
