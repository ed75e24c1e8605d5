/**
 * Pages come gzipped from the built server when the browser accepts it (src/lib/server/compress.ts)
 * and read exactly the same once unpacked; a browser that does not accept gzip gets them as they
 * are; a small answer (under 1 kB) is not worth packing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../support/server';

const dir = mkdtempSync(join(tmpdir(), 'cotrait-gzip-'));
let server: RunningServer;
beforeAll(async () => {
	server = await startServer({ DATABASE_PATH: join(dir, 'gzip.db'), DATA_DIR: join(dir, 'files') });
});
afterAll(async () => {
	server.child.kill('SIGTERM');
	await server.exited;
	rmSync(dir, { recursive: true, force: true });
});

/** The raw bytes and headers of a GET, nothing unpacked on the way. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		http
			.get(new URL(path, server.url), { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

describe('gzip of rendered pages', () => {
	it('sends the sign-in page gzipped to a browser that accepts it, the same page once unpacked, and smaller', async () => {
		const plain = await get('/connexion', { accept: 'text/html' });
		const packed = await get('/connexion', { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(packed.status).toBe(200);
		expect(packed.headers['content-encoding']).toBe('gzip');
		expect(packed.headers.vary).toMatch(/accept-encoding/i);
		const html = gunzipSync(packed.body).toString('utf8');
		expect(html).toContain('<html');
		// The same page, but for the script nonce drawn for every response.
		const withoutNonce = (page: string) => page.replace(/nonce="[^"]*"/g, 'nonce=""');
		expect(withoutNonce(html)).toBe(withoutNonce(plain.body.toString('utf8')));
		expect(packed.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
	});

	it('leaves the page as it is when gzip is refused (q=0), and a small answer as it is', async () => {
		const refused = await get('/connexion', { accept: 'text/html', 'accept-encoding': 'gzip;q=0, identity' });
		expect(refused.headers['content-encoding']).toBeUndefined();
		const health = await get('/healthz', { 'accept-encoding': 'gzip' });
		expect(health.headers['content-encoding']).toBeUndefined();
	});
});
