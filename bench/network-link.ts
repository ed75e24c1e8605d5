/**
 * The poor links of bench:network and what is counted on them.
 *
 * - `Link`: one browser page's link through the Chrome DevTools Protocol — the « campagne »
 *   profile (400 kbit/s down, 150 kbit/s up, 300 ms RTT) through `Network.emulateNetworkConditions`,
 *   and for « coupures » the same cut (offline) for 10 s every 30 s on one clock shared by every
 *   page of the run; the bytes it carries: HTTP bodies and headers as Chrome counts them
 *   (`Network.loadingFinished` encodedDataLength), WebSocket frames both ways
 *   (`Network.webSocketFrameSent/Received`: payload plus a framing estimate) and handshakes.
 * - `CountingSocket`: the same WebSocket counters for a stock y-websocket client in Node (the peer).
 * - `awarenessStateOf`: the JSON state inside a y-websocket awareness message.
 */
import type { CDPSession } from '@playwright/test';
import { WebSocket } from 'ws';
import zlib from 'node:zlib';
import * as decoding from 'lib0/decoding';

export type ProfileName = 'campagne' | 'coupures';

/** CDP's throughputs are in bytes per second; its latency is added to every request (the RTT). */
export const CAMPAGNE = { latency: 300, downloadThroughput: 400_000 / 8, uploadThroughput: 150_000 / 8 };
export const CUT_EVERY_MS = 30_000;
export const CUT_FOR_MS = 10_000;

/** Bytes of a WebSocket frame header: 2, +2 or +8 for lengths ≥ 126 or ≥ 65 536, +4 for the client's mask. */
export function frameHeaderBytes(payload: number, fromClient: boolean): number {
	return 2 + (payload >= 65_536 ? 8 : payload >= 126 ? 2 : 0) + (fromClient ? 4 : 0);
}

/**
 * Control frames the browser never reports: the server pings every connection every 30 s
 * (server/collab settings, pingIntervalMs) and the browser answers. Ping: 2 bytes; pong: 6 (masked).
 */
export const PING_BYTES_PER_HOUR = (3_600_000 / 30_000) * (2 + 6);

export interface WsCount {
	sent: number;
	received: number;
	sentFrames: number;
	receivedFrames: number;
	/** Handshake request and response headers (approximate: name, value, separators). */
	handshakes: number;
	handshakeBytes: number;
}

export const emptyWs = (): WsCount => ({ sent: 0, received: 0, sentFrames: 0, receivedFrames: 0, handshakes: 0, handshakeBytes: 0 });

export function wsTotal(c: WsCount): number {
	return c.sent + c.received + c.handshakeBytes;
}

function headerBytes(headers: Record<string, string> | undefined): number {
	let n = 0;
	for (const [name, value] of Object.entries(headers ?? {})) n += name.length + Buffer.byteLength(String(value)) + 4;
	return n + 40; // request or status line
}

function payloadBytes(opcode: number, payloadData: string): number {
	return opcode === 1 ? Buffer.byteLength(payloadData) : Buffer.from(payloadData, 'base64').byteLength;
}

function payloadBuffer(opcode: number, payloadData: string): Buffer {
	return opcode === 1 ? Buffer.from(payloadData) : Buffer.from(payloadData, 'base64');
}

/**
 * What `payloads` (one direction of a socket, in order) would weigh with permessage-deflate:
 * one raw deflate stream kept across messages (context takeover, the default), each message
 * flushed and its 4 trailing bytes dropped as RFC 7692 says, plus its frame header. Every
 * message compressed (a server threshold of 0; \`ws\` leaves messages under 1 kB as they are).
 */
export async function deflatedBytes(payloads: Buffer[], fromClient: boolean): Promise<number> {
	const z = zlib.createDeflateRaw({ windowBits: 15 });
	let produced = 0;
	z.on('data', (chunk: Buffer) => (produced += chunk.byteLength));
	let total = 0;
	for (const payload of payloads) {
		const before = produced;
		z.write(payload);
		await new Promise<void>((resolve) => z.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
		const n = Math.max(1, produced - before - 4);
		total += n + frameHeaderBytes(n, fromClient);
	}
	z.close();
	return total;
}

/** The shared clock of « coupures »: offline during the last CUT_FOR_MS of every CUT_EVERY_MS. */
export class CutClock {
	readonly start = Date.now();
	online(at = Date.now()): boolean {
		return (at - this.start) % CUT_EVERY_MS < CUT_EVERY_MS - CUT_FOR_MS;
	}
	/** Milliseconds until the link changes state. */
	untilChange(at = Date.now()): number {
		const phase = (at - this.start) % CUT_EVERY_MS;
		const cutAt = CUT_EVERY_MS - CUT_FOR_MS;
		return phase < cutAt ? cutAt - phase : CUT_EVERY_MS - phase;
	}
}

export class Link {
	http = 0;
	httpRequests = 0;
	ws = emptyWs();
	/** Binary payloads the page sent (kept only while `keepSent` is on). */
	sentPayloads: Buffer[] = [];
	keepSent = false;
	/** Every WebSocket payload both ways, kept while `keepFrames` is on (for the compression estimate). */
	frames: { sent: Buffer[]; received: Buffer[] } = { sent: [], received: [] };
	keepFrames = false;
	/** Each response of the current count: address and bytes (for --detail). */
	responses: Array<{ url: string; bytes: number }> = [];
	private readonly urls = new Map<string, string>();
	/** HTTP requests that failed (not cancelled): under « coupures », the link was cut under them. */
	failures = 0;
	/** HTTP requests under way, and when the last one started or ended. */
	private readonly inflight = new Set<string>();
	lastActivity = Date.now();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private offline = false;
	private cutting = false;

	constructor(
		private readonly cdp: CDPSession,
		readonly profile: ProfileName,
		private readonly clock: CutClock | null
	) {
		cdp.on('Network.requestWillBeSent', (e) => {
			this.inflight.add(e.requestId);
			this.urls.set(e.requestId, e.request.url);
			this.lastActivity = Date.now();
		});
		cdp.on('Network.loadingFinished', (e) => {
			// Chromium's own « no connection » page (~250 kB) is made locally: nothing crossed the link.
			if (this.offline) {
				this.inflight.delete(e.requestId);
				this.urls.delete(e.requestId);
				return;
			}
			this.http += e.encodedDataLength;
			this.httpRequests++;
			this.responses.push({ url: this.urls.get(e.requestId) ?? '?', bytes: e.encodedDataLength });
			this.urls.delete(e.requestId);
			this.inflight.delete(e.requestId);
			this.lastActivity = Date.now();
		});
		cdp.on('Network.loadingFailed', (e) => {
			if (!e.canceled) this.failures++;
			this.inflight.delete(e.requestId);
			this.lastActivity = Date.now();
		});
		cdp.on('Network.webSocketFrameSent', (e) => {
			const n = payloadBytes(e.response.opcode, e.response.payloadData);
			this.ws.sent += n + frameHeaderBytes(n, true);
			this.ws.sentFrames++;
			if (this.keepSent && e.response.opcode === 2) this.sentPayloads.push(Buffer.from(e.response.payloadData, 'base64'));
			if (this.keepFrames) this.frames.sent.push(payloadBuffer(e.response.opcode, e.response.payloadData));
		});
		cdp.on('Network.webSocketFrameReceived', (e) => {
			const n = payloadBytes(e.response.opcode, e.response.payloadData);
			this.ws.received += n + frameHeaderBytes(n, false);
			this.ws.receivedFrames++;
			if (this.keepFrames) this.frames.received.push(payloadBuffer(e.response.opcode, e.response.payloadData));
		});
		cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
			this.ws.handshakes++;
			this.ws.handshakeBytes += headerBytes(e.request.headers);
		});
		cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
			this.ws.handshakeBytes += headerBytes(e.response.headers);
		});
	}

	async start(): Promise<void> {
		await this.cdp.send('Network.enable');
		if (this.profile === 'coupures' && this.clock) {
			this.cutting = true;
			await this.follow();
		} else await this.emulate(false);
	}

	get isOnline(): boolean {
		return !this.offline;
	}

	/** Ends the cuts: the link stays up (campagne) from now on. */
	async stopCuts(): Promise<void> {
		this.cutting = false;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		await this.emulate(false);
	}

	/** Resolves when the link is up (at once on campagne). */
	async waitOnline(): Promise<void> {
		while (this.offline) await new Promise((r) => setTimeout(r, 100));
	}

	/** Resolves once no HTTP request has been under way for `quietMs` (at most `maxMs`). */
	async waitQuiet(quietMs = 1000, maxMs = 15_000): Promise<void> {
		const end = Date.now() + maxMs;
		while (Date.now() < end && (this.inflight.size > 0 || Date.now() - this.lastActivity < quietMs))
			await new Promise((r) => setTimeout(r, 100));
	}

	reset(): void {
		this.http = 0;
		this.httpRequests = 0;
		this.responses = [];
		this.frames = { sent: [], received: [] };
		this.ws = emptyWs();
	}

	private async follow(): Promise<void> {
		if (!this.cutting || !this.clock) return;
		await this.emulate(!this.clock.online());
		this.timer = setTimeout(() => void this.follow().catch(() => {}), this.clock.untilChange() + 5);
	}

	private async emulate(offline: boolean): Promise<void> {
		this.offline = offline;
		await this.cdp.send('Network.emulateNetworkConditions', { offline, ...CAMPAGNE });
	}
}

/** A `ws` WebSocket class sending these headers and counting its frames into `count`. */
export function countingSocket(headers: Record<string, string>, count: WsCount): typeof globalThis.WebSocket {
	class CountingSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
			count.handshakes++;
			this.on('upgrade', (res) => {
				count.handshakeBytes += headerBytes(headers) + headerBytes(res.headers as Record<string, string>);
			});
			this.on('message', (data: Buffer) => {
				count.received += data.byteLength + frameHeaderBytes(data.byteLength, false);
				count.receivedFrames++;
			});
		}
		override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
			const n = typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBufferView).byteLength;
			count.sent += n + frameHeaderBytes(n, true);
			count.sentFrames++;
			(super.send as (...a: unknown[]) => void)(data, ...rest);
		}
	}
	return CountingSocket as unknown as typeof globalThis.WebSocket;
}

/** The page's awareness state (JSON) found in the y-websocket messages it sent, or null. */
export function awarenessStateOf(payloads: Buffer[]): string | null {
	const found: string[] = [];
	for (const payload of payloads) {
		try {
			const decoder = decoding.createDecoder(new Uint8Array(payload));
			if (decoding.readVarUint(decoder) !== 1) continue;
			const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
			const count = decoding.readVarUint(update);
			for (let i = 0; i < count; i++) {
				decoding.readVarUint(update); // client id
				decoding.readVarUint(update); // clock
				const state = decoding.readVarString(update);
				if (state !== 'null') found.push(state);
			}
		} catch {
			// not an awareness message
		}
	}
	// The state with a caret (the text has the focus), else the first one.
	return found.findLast((s) => s.includes('"cursor":{')) ?? found[0] ?? null;
}
