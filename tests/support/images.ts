/** Small valid images built in the tests: a real PNG of any size (one colour), and a JPEG's header up to its frame. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** A `width` × `height` PNG (8-bit RGB), every pixel `rgb`: browsers, Word and pdfmake read it. */
export function pngBytes(width: number, height: number, rgb: [number, number, number] = [0x1f, 0x5f, 0xa8]): Uint8Array<ArrayBuffer> {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Uint8Array.from(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', ihdr),
			chunk('IDAT', deflateSync(raw)),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

/** The start of a JPEG up to its frame header (SOI, an APP0 segment, then SOF0 or SOF2 with the size). */
export function jpegHeader(width: number, height: number, progressive = false): Uint8Array<ArrayBuffer> {
	const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
	const sof = [0xff, progressive ? 0xc2 : 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03];
	return new Uint8Array([0xff, 0xd8, ...app0, ...sof, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
}
