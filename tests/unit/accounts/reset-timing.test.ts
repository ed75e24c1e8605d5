/**
 * « Mot de passe oublié » must not tell, by its response time, whether an address has an
 * account. The built server runs with SMTP_URL pointing at a local SMTP sink that answers every
 * command 80 ms late, so a request that waits for SMTP takes ~0.5 s: if known addresses waited
 * for the e-mail, their median would stand far above the unknown ones'. Then the e-mails must
 * still arrive, sent by the outbox job after the answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../support/server';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';

const LATENCY_MS = 80;
/** ROUNDS=60 for a finer measurement by hand. */
const ROUNDS = Number(process.env.ROUNDS ?? 15);

const dir = mkdtempSync(join(tmpdir(), 'cotrait-reset-timing-'));
let sink: SmtpSink;
let server: RunningServer;

beforeAll(async () => {
	sink = await startSmtpSink({ latencyMs: LATENCY_MS });
	server = await startServer({
		DATABASE_PATH: join(dir, 'timing.db'),
		SMTP_URL: sink.url,
		// Every request of this test comes from 127.0.0.1.
		SIGNUP_LIMIT_PER_IP: '1000',
		RESET_LIMIT_PER_IP: '1000'
	});
});

afterAll(async () => {
	server?.child.kill('SIGTERM');
	await server?.exited;
	await sink?.close();
	rmSync(dir, { recursive: true, force: true });
});

function post(path: string, form: Record<string, string>) {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
		body: new URLSearchParams(form)
	});
}

/** Time of one complete reset request (answer read to the end), in ms. */
async function timeReset(email: string): Promise<number> {
	const t0 = performance.now();
	const r = await post('/mot-de-passe-oublie', { email });
	const html = await r.text();
	const ms = performance.now() - t0;
	expect(r.status).toBe(200);
	expect(html).toContain('Si un compte existe pour cette adresse');
	return ms;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

describe('password reset with SMTP configured', () => {
	it('answers known and unknown addresses in the same time, then the job delivers the link', { timeout: 90_000 }, async () => {
		const known = Array.from({ length: ROUNDS }, (_, i) => `connu${i}@timing.test`);
		const unknown = Array.from({ length: ROUNDS }, (_, i) => `inconnu${i}@timing.test`);
		for (const [i, email] of known.entries()) {
			const r = await post('/inscription', { name: `Connu ${i}`, email, password: 'une phrase de passe' });
			expect(r.status).toBe(303);
		}
		// Warm up the route (first render, prepared statements) on an address of neither set.
		await timeReset('echauffement@timing.test');

		const tKnown: number[] = [];
		const tUnknown: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			tKnown.push(await timeReset(known[i]!));
			tUnknown.push(await timeReset(unknown[i]!));
		}
		const mKnown = median(tKnown);
		const mUnknown = median(tUnknown);
		console.log(
			`reset answer, median of ${ROUNDS}: known ${mKnown.toFixed(1)} ms, unknown ${mUnknown.toFixed(1)} ms (SMTP sink ${LATENCY_MS} ms per reply)`
		);
		// Waiting for SMTP in the request costs ≥ 5 replies × 80 ms; half a reply is the tolerance.
		expect(mKnown - mUnknown).toBeLessThan(LATENCY_MS / 2);

		// (b) Every known address gets its link, sent after the answers; unknown ones get nothing.
		for (const email of known) {
			const m = await sink.waitFor((x) => x.to.includes(email), 30_000);
			expect(m.text).toMatch(new RegExp(`${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/reinitialiser/[a-z2-7]{32}`));
		}
		const link = /\/reinitialiser\/[a-z2-7]{32}/.exec(sink.messages.find((x) => x.to.includes(known[0]!))!.text)![0];
		const page = await fetch(`${server.url}${link}`);
		expect(await page.text()).toContain('Nouveau mot de passe');
		expect(sink.messages.filter((x) => x.to.some((t) => t.startsWith('inconnu')))).toEqual([]);
	});
});
