/**
 * The Content-Security-Policy of the built server lets pages connect only to their own origin:
 * no bare `ws:`/`wss:` (any host). With ORIGIN set, the WebSocket form of that origin is listed
 * too, for browsers whose 'self' does not cover ws(s) yet. (tests/e2e/editor.e2e.ts shows the
 * section editor's WebSocket still connects in Chromium under this policy.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../support/server';

const dir = mkdtempSync(join(tmpdir(), 'cotrait-csp-'));
const servers: RunningServer[] = [];
afterAll(async () => {
	for (const s of servers) {
		s.child.kill('SIGTERM');
		await s.exited;
	}
	rmSync(dir, { recursive: true, force: true });
});

async function connectSrc(env: Record<string, string>, name: string): Promise<string[]> {
	const server = await startServer({ DATABASE_PATH: join(dir, `${name}.db`), DATA_DIR: join(dir, name), ...env });
	servers.push(server);
	const res = await fetch(`${server.url}/connexion`);
	expect(res.status).toBe(200);
	const csp = res.headers.get('content-security-policy') ?? '';
	const directive = csp
		.split(';')
		.map((d) => d.trim().split(/\s+/))
		.find((d) => d[0] === 'connect-src');
	expect(directive, csp).toBeDefined();
	return directive!.slice(1);
}

describe('CSP connect-src', () => {
	it('is the page’s own origin only, without ORIGIN', async () => {
		expect(await connectSrc({}, 'plain')).toEqual(["'self'"]);
	});

	it('adds the WebSocket form of ORIGIN, and nothing broader', async () => {
		expect(await connectSrc({ ORIGIN: 'https://cotrait.example.org' }, 'https')).toEqual(["'self'", 'wss://cotrait.example.org']);
		expect(await connectSrc({ ORIGIN: 'http://cotrait.local:8080' }, 'http')).toEqual(["'self'", 'ws://cotrait.local:8080']);
	});
});
