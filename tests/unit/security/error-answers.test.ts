/**
 * Requests the server refuses before any of our code runs — a body over the limit (413), JSON
 * posted to a form action (415) — against the built server: a clear French message (page and
 * enhanced-form answer), no error id to quote to support, and a warning in the log, not an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../support/server';
import { HttpSession, SESSION_COOKIE } from '../../support/http-session';

const TOO_LARGE = 'Le fichier envoyé est trop volumineux (50 Mo au plus).';
const NOT_A_FORM = 'Ce formulaire attend un envoi de formulaire';
const BODY_LIMIT = 60 * 1024 * 1024;

let server: RunningServer;
let dir: string;
let user: HttpSession;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cotrait-errors-'));
	server = await startServer({ DATABASE_PATH: join(dir, 'db.sqlite'), DATA_DIR: join(dir, 'files') });
	user = new HttpSession(server.url);
	await user.signUp('Élise Envoi', `elise-${Date.now()}@test.example`, 'une phrase de passe solide');
});

afterAll(async () => {
	server?.child.kill('SIGTERM');
	await server?.exited;
	rmSync(dir, { recursive: true, force: true });
});

/**
 * POSTs a multipart body to `path` with node:http, which (unlike fetch) lets the server answer
 * while the body is still being sent. `declared`: a Content-Length over the limit with only a
 * first chunk sent; otherwise the body is streamed (chunked) until the server answers.
 */
function postLarge(path: string, mode: 'declared' | 'streamed', accept = 'text/html'): Promise<{ status: number; body: string }> {
	const boundary = 'cotraitboundary';
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`
	);
	const chunk = Buffer.alloc(1024 * 1024, 0x41);
	return new Promise((resolve, reject) => {
		const url = new URL(path, server.url);
		const headers: http.OutgoingHttpHeaders = {
			origin: user.origin,
			accept,
			cookie: `${SESSION_COOKIE}=${user.cookie}`,
			'content-type': `multipart/form-data; boundary=${boundary}`
		};
		if (mode === 'declared') headers['content-length'] = String(BODY_LIMIT + 4 * chunk.length);
		const req = http.request(url, { method: 'POST', headers });
		let answered = false;
		req.on('response', (res) => {
			answered = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (body += d));
			res.on('end', () => {
				req.destroy();
				resolve({ status: res.statusCode ?? 0, body });
			});
		});
		// Writing after the server answered and closed its side may fail: only the answer matters.
		req.on('error', (e) => {
			if (!answered) reject(e);
		});
		req.write(head);
		if (mode === 'declared') return req.write(chunk);
		let sent = 0;
		const pump = () => {
			while (!answered && sent <= BODY_LIMIT + chunk.length) {
				sent += chunk.length;
				if (!req.write(chunk)) return void req.once('drain', pump);
			}
			if (!answered) req.end();
		};
		pump();
	});
}

function logLines(): Array<{ level: string; status?: number; msg: string }> {
	return server
		.stderr()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((l) => JSON.parse(l) as { level: string; status?: number; msg: string });
}

describe('a body over the limit (413)', () => {
	it('a declared Content-Length over the limit gets a French page, no support reference', async () => {
		const r = await postLarge('/profil?/profile', 'declared');
		expect(r.status).toBe(413);
		expect(r.body).toContain('<h1>Envoi trop volumineux</h1>');
		expect(r.body).toContain(TOO_LARGE);
		expect(r.body).not.toContain('Une erreur inattendue');
		expect(r.body).not.toContain('Référence à communiquer au support');
	});

	it('a streamed body that grows over the limit gets the same answer', async () => {
		const r = await postLarge('/profil?/profile', 'streamed');
		expect(r.status).toBe(413);
		expect(r.body).toContain(TOO_LARGE);
	});

	it('the enhanced form gets the message in its JSON answer', async () => {
		const r = await postLarge('/profil?/profile', 'declared', 'application/json');
		expect(r.status).toBe(413);
		expect(JSON.parse(r.body)).toEqual({ type: 'error', error: { message: TOO_LARGE } });
	});
});

describe('JSON posted to a form action (415)', () => {
	it('gets a French explanation, signed in or not, page or enhanced answer', async () => {
		for (const [session, path] of [
			[user, '/profil?/profile'],
			[new HttpSession(server.url), '/connexion']
		] as const) {
			const page = await session.post(path, {}, { 'content-type': 'application/json' });
			expect(page.status, path).toBe(415);
			const html = await page.text();
			expect(html, path).toContain(NOT_A_FORM);
			expect(html, path).not.toContain('Une erreur inattendue');
			const res = await fetch(server.url + path, {
				method: 'POST',
				body: JSON.stringify({ email: 'a@b.fr' }),
				headers: {
					origin: user.origin,
					accept: 'application/json',
					'content-type': 'application/json',
					cookie: `${SESSION_COOKIE}=${session.cookie ?? ''}`
				}
			});
			expect(res.status, path).toBe(415);
			const body = (await res.json()) as { type: string; error: { message: string; id?: string } };
			expect(body.type).toBe('error');
			expect(body.error.message).toContain(NOT_A_FORM);
			expect(body.error.id).toBeUndefined();
		}
	});
});

describe('the log', () => {
	it('records these refusals as warnings, not errors', async () => {
		const lines = logLines();
		expect(lines.filter((l) => l.level === 'error')).toEqual([]);
		const warned = lines.filter((l) => l.level === 'warn').map((l) => l.status);
		expect(warned).toContain(413);
		expect(warned).toContain(415);
	});
});
