/**
 * A binary WebSocket frame (RFC 6455 §5.2, server to client: unmasked, final, opcode 2) built
 * once and written as is on the socket of every connection a message goes to. Through
 * `ws.send`, every recipient framed the same message again (a header buffer, a cork, a two-part
 * writev and a callback per recipient); a broadcast now costs one allocation and one write per
 * recipient. The server never compresses (ws's permessage-deflate is off on our
 * WebSocketServer), so no frame has its RSV1 bit set.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** `payload` framed as one final binary message. */
export function binaryFrame(payload: Uint8Array): Buffer {
	const n = payload.byteLength;
	const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(header + n);
	frame[0] = 0x82; // FIN + binary
	if (n < 126) frame[1] = n;
	else if (n < 65_536) {
		frame[1] = 126;
		frame.writeUInt16BE(n, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
		frame.writeUInt32BE(n >>> 0, 6);
	}
	frame.set(payload, header);
	return frame;
}

/**
 * Writes an already framed message on the socket under `ws`. ws writes each of its own frames
 * (pings, close) synchronously and whole, so frames never interleave; its `bufferedAmount`
 * counts these bytes too. False when the socket cannot take it (not open).
 */
export function writeFrame(ws: WebSocket, socket: Duplex, frame: Buffer): boolean {
	if (ws.readyState !== ws.OPEN || !socket.writable) return false;
	socket.write(frame);
	return true;
}
