/**
 * The outbox job on a real SQLite file, sending through nodemailer to a local SMTP sink (or to a
 * port where nothing listens): delivery after the fact, retries with backoff, the cap on
 * attempts, logs without secrets, and the no-SMTP mode where the log is the channel.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { createTestContext, type TestContext } from '../../support/context';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { createMailTransport, deliverDueMail, startOutboxDelivery } from '../../../src/lib/server/mail/outbox-delivery';
import { openDatabase } from '../../../src/lib/server/db/index';
import { loadConfig } from '../../../src/lib/server/config';
import { migrations } from '../../../src/lib/server/db/migrations/index';

const MIN = 60_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

async function sink(opts: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
	const s = await startSmtpSink(opts);
	cleanups.push(() => s.close());
	return s;
}

async function context(env: Record<string, string>): Promise<TestContext> {
	const ctx = await createTestContext(env);
	cleanups.push(() => ctx.cleanup());
	return ctx;
}

/** A local port where nothing listens. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
	await new Promise((r) => server.close(r));
	return port;
}

const LINK = 'https://cotrait.example.org/reinitialiser/abcdefghijklmnopqrstuvwxyz234567';

async function row(ctx: TestContext, to: string) {
	return ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow();
}

/** Everything the logger writes while `fn` runs. */
async function captureLog(fn: () => Promise<void>): Promise<string> {
	let out = '';
	const grab = (chunk: unknown) => {
		out += String(chunk);
		return true;
	};
	vi.spyOn(process.stdout, 'write').mockImplementation(grab);
	vi.spyOn(process.stderr, 'write').mockImplementation(grab);
	try {
		await fn();
	} finally {
		vi.restoreAllMocks();
	}
	return out;
}

describe('outbox job', () => {
	it('sending only queues; the job delivers later through SMTP, with the text intact', async () => {
		const smtp = await sink();
		const ctx = await context({ SMTP_URL: smtp.url });
		await ctx.mailer.send({
			to: 'anne@mail.test',
			subject: 'Cotrait : réinitialisation',
			body: `Bonjour Anne,\n\nOuvrez ce lien : ${LINK}\n`
		});
		expect((await row(ctx, 'anne@mail.test')).sent_at).toBeNull();
		expect(smtp.messages).toHaveLength(0);

		expect(await deliverDueMail(ctx, createMailTransport(ctx.config))).toEqual({ sent: 1, retrying: 0, abandoned: 0 });
		const m = await smtp.waitFor((x) => x.to.includes('anne@mail.test'));
		expect(m.text).toContain('Bonjour Anne,');
		expect(m.text).toContain(LINK);
		const r = await row(ctx, 'anne@mail.test');
		expect(r.sent_at).not.toBeNull();
		expect(r.attempts).toBe(1);
		expect(await deliverDueMail(ctx, createMailTransport(ctx.config))).toEqual({ sent: 0, retrying: 0, abandoned: 0 });
	});

	it('a refused message is tried again after 1 min, then 2 min, and sent once the server accepts', async () => {
		const smtp = await sink({ failFirst: 2 });
		const ctx = await context({ SMTP_URL: smtp.url, LOG_LEVEL: 'warn' });
		const transport = createMailTransport(ctx.config);
		await ctx.mailer.send({ to: 'bob@mail.test', subject: 'Invitation', body: `Lien : ${LINK}` });

		let log = await captureLog(async () => {
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 1, abandoned: 0 });
		});
		let r = await row(ctx, 'bob@mail.test');
		expect(r.attempts).toBe(1);
		expect(r.last_error).toContain('451');
		expect(r.next_attempt_at - ctx.now()).toBeGreaterThan(MIN - 1000);
		expect(r.next_attempt_at - ctx.now()).toBeLessThanOrEqual(MIN);
		expect(log).toContain('"msg":"e-mail not sent, will retry"');
		expect(log).toContain(`"outboxId":${r.id}`);
		// The log names the row, never the recipient or the content.
		expect(log).not.toContain('bob@mail.test');
		expect(log).not.toContain(LINK);

		// Not due yet.
		expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 0, abandoned: 0 });
		ctx.advance(MIN);
		log = await captureLog(async () => {
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 1, abandoned: 0 });
		});
		expect(log).toContain('"msg":"e-mail not sent, will retry"');
		r = await row(ctx, 'bob@mail.test');
		expect(r.attempts).toBe(2);
		expect(r.next_attempt_at - ctx.now()).toBeGreaterThan(2 * MIN - 1000);
		ctx.advance(MIN);
		expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 0, abandoned: 0 });
		ctx.advance(MIN);
		expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 1, retrying: 0, abandoned: 0 });
		expect(smtp.refused).toBe(2);
		expect(smtp.messages.filter((m) => m.to.includes('bob@mail.test'))).toHaveLength(1);
		r = await row(ctx, 'bob@mail.test');
		expect(r.attempts).toBe(3);
		expect(r.sent_at).not.toBeNull();
		expect(r.last_error).toBeNull();
	});

	it('gives up after MAIL_MAX_ATTEMPTS tries, and never logs the SMTP password', async () => {
		const port = await closedPort();
		const ctx = await context({ SMTP_URL: `smtp://anne:s3cr3t-pw@127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '3', LOG_LEVEL: 'warn' });
		const transport = createMailTransport(ctx.config);
		await ctx.mailer.send({ to: 'chloe@mail.test', subject: 'Invitation', body: `Lien : ${LINK}` });
		const log = await captureLog(async () => {
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 1, abandoned: 0 });
			ctx.advance(MIN);
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 1, abandoned: 0 });
			ctx.advance(2 * MIN);
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 0, abandoned: 1 });
			ctx.advance(24 * 60 * MIN);
			expect(await deliverDueMail(ctx, transport)).toEqual({ sent: 0, retrying: 0, abandoned: 0 });
		});
		const r = await row(ctx, 'chloe@mail.test');
		expect(r.attempts).toBe(3);
		expect(r.failed_at).not.toBeNull();
		expect(r.sent_at).toBeNull();
		expect(r.last_error).toContain('ECONNREFUSED');
		expect(log).toContain('"msg":"e-mail given up"');
		for (const secret of ['s3cr3t-pw', LINK, 'chloe@mail.test']) expect(log).not.toContain(secret);
		expect(r.last_error).not.toContain('s3cr3t-pw');
	});

	it('without SMTP, the job prints each message once to the log (the delivery channel there)', async () => {
		const ctx = await context({ LOG_LEVEL: 'info' });
		await ctx.mailer.send({ to: 'dora@mail.test', subject: 'Invitation', body: `Lien : ${LINK}` });
		const log = await captureLog(async () => {
			expect(await deliverDueMail(ctx, createMailTransport(ctx.config))).toEqual({ sent: 1, retrying: 0, abandoned: 0 });
			expect(await deliverDueMail(ctx, createMailTransport(ctx.config))).toEqual({ sent: 0, retrying: 0, abandoned: 0 });
		});
		expect(log.match(/no SMTP configured/g)).toHaveLength(1);
		expect(log).toContain(LINK);
		expect((await row(ctx, 'dora@mail.test')).sent_at).not.toBeNull();
	});

	it('once started, the job sends a queued message within a second, without being called', async () => {
		const smtp = await sink();
		const ctx = await context({ SMTP_URL: smtp.url });
		const job = startOutboxDelivery(ctx);
		cleanups.push(() => job.stop());
		const t0 = Date.now();
		await ctx.mailer.send({ to: 'eve@mail.test', subject: 'Invitation', body: `Lien : ${LINK}` });
		await smtp.waitFor((x) => x.to.includes('eve@mail.test'), 5000);
		expect(Date.now() - t0).toBeLessThan(1000 + 500);
		await job.idle();
		expect((await row(ctx, 'eve@mail.test')).sent_at).not.toBeNull();
	});
});

describe('outbox migration', () => {
	it('counts messages queued before it as handled, so the job sends no backlog of old links', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cotrait-outbox-mig-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const { db, close } = openDatabase(join(dir, 'old.db'));
		const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('2026-11-27T0008-notification-emails')).error).toBeUndefined();
		const now = Date.now();
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table as it was before the migration, which today's schema type no longer describes
		await (db as any)
			.insertInto('outbox')
			.values([
				{ to_address: 'old@mail.test', subject: 'Ancien lien', body: LINK, created_at: now - 3_600_000, sent_at: null },
				{ to_address: 'sent@mail.test', subject: 'Envoyé', body: 'x', created_at: now - 3_600_000, sent_at: now - 3_500_000 }
			])
			.execute();
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const rows = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
		expect(rows[0]!.failed_at).toBe(now - 3_600_000);
		expect(rows[1]!.failed_at).toBeNull();
		const smtp = await sink();
		const config = loadConfig({ DATABASE_PATH: join(dir, 'old.db'), SMTP_URL: smtp.url });
		expect(await deliverDueMail({ db, now: () => now, config }, createMailTransport(config))).toEqual({
			sent: 0,
			retrying: 0,
			abandoned: 0
		});
		expect(smtp.messages).toEqual([]);
		await close();
	});
});
