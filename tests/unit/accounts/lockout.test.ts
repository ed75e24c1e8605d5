/**
 * Targeted lockout: someone who knows a coordinator's address must not be able to keep her out
 * by failing sign-ins or asking for resets. Real services on a real SQLite file, with the
 * clock moved by hand. Design: OWASP « Slow Down Online Guessing Attacks with Device Cookies »,
 * see docs/SECURITY.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { makeUser, PASSWORD } from '../../support/factories';
import { signIn } from '../../../src/lib/server/accounts/accounts.service';
import { changePassword, findValidReset, requestPasswordReset, resetPassword } from '../../../src/lib/server/accounts/passwords.service';
import { validateDeviceCookie } from '../../../src/lib/server/auth/device-cookie';
import { DomainError } from '../../../src/lib/server/errors';

const WRONG = 'pas le bon mot de passe';
const SEC = 1000;
const MIN = 60 * SEC;
let ctx: TestContext;
let ipSeq = 0;
/** A new IP per attempt unless told: these tests are about the per-address and per-device rules. */
const freshIp = () => `198.51.${(++ipSeq >> 8) & 255}.${ipSeq & 255}`;

beforeAll(async () => {
	ctx = await createTestContext();
	// A clock that moves only when told, so waits can be checked to the millisecond.
	let t = ctx.now();
	ctx.now = () => t;
	ctx.advance = (ms) => {
		t += ms;
	};
});
afterAll(() => ctx.cleanup());

type Outcome = { ok: true; device: { token: string; expiresAt: number } | null } | { ok: false; code: string; message: string };

async function attempt(email: string, password: string, opts: { ip?: string; device?: string } = {}): Promise<Outcome> {
	try {
		const r = await signIn(ctx, { email, password }, opts.ip ?? freshIp(), opts.device);
		return { ok: true, device: r.device };
	} catch (e) {
		if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
		throw e;
	}
}

/** Fails a sign-in for `email` from a client without cookie, waiting first as long as asked. */
async function failUntrusted(email: string): Promise<void> {
	for (;;) {
		const r = await attempt(email, WRONG);
		if (!r.ok && r.code === 'invalid_input') return;
		expect(r).toMatchObject({ ok: false, code: 'rate_limited' });
		ctx.advance(15 * MIN);
	}
}

async function mailsTo(email: string) {
	return ctx.db.selectFrom('outbox').select(['id', 'body']).where('to_address', '=', email).orderBy('id').execute();
}

const secretIn = (body: string) => /\/reinitialiser\/([a-z2-7]+)/.exec(body)![1]!;

describe('sign-in under attack', () => {
	it("thirty wrong passwords from anywhere do not stop the owner's browser that signed in before", async () => {
		const owner = await makeUser(ctx);
		const email = owner.user.email;
		for (let i = 0; i < 30; i++) await failUntrusted(email);

		// At once, from the browser that signed up (it holds the device cookie): signed in.
		const trusted = await attempt(email, PASSWORD, { device: owner.device.token });
		expect(trusted).toMatchObject({ ok: true, device: null }); // its cookie stays the same
		// A client without the cookie must wait (at most the 15 min cap), then gets in.
		const fresh = await attempt(email, PASSWORD);
		expect(fresh).toMatchObject({
			ok: false,
			code: 'rate_limited',
			message: 'Trop de tentatives pour cette adresse. Réessayez dans 15 minutes.'
		});
		ctx.advance(15 * MIN);
		const later = await attempt(email, PASSWORD);
		expect(later.ok).toBe(true);
		// …and that browser is trusted from now on.
		expect(later.ok && later.device?.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
	});

	it('clients without the cookie wait 1 s, 2 s, 4 s … after the 5th failure, never more than 15 min; unknown addresses alike', async () => {
		const known = (await makeUser(ctx)).user.email;
		const unknown = `personne-${ipSeq}@nulle-part.test`;
		const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900].map((s) => s * SEC);
		const messages: Record<string, string[]> = { [known]: [], [unknown]: [] };
		for (const email of [known, unknown]) {
			for (let i = 0; i < 5; i++) expect(await attempt(email, WRONG)).toMatchObject({ ok: false, code: 'invalid_input' });
			for (const wait of expected) {
				const refused = await attempt(email, PASSWORD);
				expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
				messages[email]!.push((refused as { message: string }).message);
				ctx.advance(wait - 1);
				expect(await attempt(email, WRONG)).toMatchObject({ ok: false, code: 'rate_limited' });
				ctx.advance(1);
				expect(await attempt(email, WRONG)).toMatchObject({ ok: false, code: 'invalid_input' });
			}
		}
		expect(messages[known]![0]).toBe('Trop de tentatives pour cette adresse. Réessayez dans 1 seconde.');
		expect(messages[known]![1]).toBe('Trop de tentatives pour cette adresse. Réessayez dans 2 secondes.');
		expect(messages[known]![6]).toBe('Trop de tentatives pour cette adresse. Réessayez dans 2 minutes.');
		// The same answers whether the address has an account or not.
		expect(messages[unknown]).toEqual(messages[known]);
	});

	it('a device cookie that fails five times is locked itself for 15 min; other browsers and the address are not', async () => {
		const owner = await makeUser(ctx);
		const email = owner.user.email;
		const a = owner.device.token;
		const other = await attempt(email, PASSWORD);
		const b = (other as { device: { token: string } }).device.token;
		for (let i = 0; i < 5; i++) expect(await attempt(email, WRONG, { device: a })).toMatchObject({ ok: false, code: 'invalid_input' });
		expect(await attempt(email, PASSWORD, { device: a })).toMatchObject({
			ok: false,
			code: 'rate_limited',
			message: 'Trop de tentatives depuis ce navigateur. Réessayez dans 15 minutes.'
		});
		// Those failures were counted on the cookie, not on the address.
		expect((await attempt(email, PASSWORD, { device: b })).ok).toBe(true);
		expect((await attempt(email, PASSWORD)).ok).toBe(true);
		ctx.advance(15 * MIN);
		expect((await attempt(email, PASSWORD, { device: a })).ok).toBe(true);
	});

	it('a device cookie vouches only for its own account, and not once expired or forged', async () => {
		const anne = await makeUser(ctx);
		const bob = await makeUser(ctx);
		for (let i = 0; i < 5; i++) await failUntrusted(bob.user.email);
		const [id] = anne.device.token.split('.');
		for (const device of [anne.device.token, `${id}.${'a'.repeat(32)}`, 'nimportequoi', '']) {
			expect(await attempt(bob.user.email, PASSWORD, { device })).toMatchObject({ ok: false, code: 'rate_limited' });
		}
		expect(await validateDeviceCookie(ctx.db, anne.device.token, anne.user.id, ctx.now())).not.toBeNull();
		ctx.advance(366 * 24 * 60 * MIN);
		expect(await validateDeviceCookie(ctx.db, anne.device.token, anne.user.id, ctx.now())).toBeNull();
	});

	it("the per-IP limit stops clients without the cookie, not the owner's browser behind the same address", async () => {
		const owner = await makeUser(ctx);
		const ip = '203.0.113.77';
		for (let i = 0; i < 20; i++) expect(await attempt(`victime${i}@ip.test`, WRONG, { ip })).toMatchObject({ code: 'invalid_input' });
		expect(await attempt(owner.user.email, PASSWORD, { ip })).toMatchObject({ ok: false, code: 'rate_limited' });
		expect((await attempt(owner.user.email, PASSWORD, { ip, device: owner.device.token })).ok).toBe(true);
	});

	it('a user keeps at most 20 device cookies (the oldest go first)', async () => {
		const owner = await makeUser(ctx);
		for (let i = 0; i < 25; i++) {
			ctx.advance(1);
			expect((await attempt(owner.user.email, PASSWORD)).ok).toBe(true);
		}
		const rows = await ctx.db.selectFrom('device_cookies').select('id').where('user_id', '=', owner.user.id).execute();
		expect(rows).toHaveLength(20);
		expect(await validateDeviceCookie(ctx.db, owner.device.token, owner.user.id, ctx.now())).toBeNull();
	});
});

describe('password reset under attack', () => {
	it("extra requests for an address send nothing and answer the same; the owner's browser still gets a link; a link sent is always still valid", async () => {
		const owner = await makeUser(ctx);
		const email = owner.user.email;
		const origin = 'https://cotrait.example.org';
		for (let i = 0; i < 5; i++) await expect(requestPasswordReset(ctx, email, freshIp(), origin)).resolves.toBeUndefined();
		expect(await mailsTo(email)).toHaveLength(3);

		// The owner, from the browser that signed in before: a fourth e-mail.
		await requestPasswordReset(ctx, email, freshIp(), origin, owner.device.token);
		expect(await mailsTo(email)).toHaveLength(4);

		// From a new browser the request is dropped silently, but the newest link still works,
		// and keeps working as long as requests are dropped.
		ctx.advance(59 * MIN);
		await requestPasswordReset(ctx, email, freshIp(), origin);
		const mails = await mailsTo(email);
		expect(mails).toHaveLength(4);
		expect(await findValidReset(ctx, secretIn(mails.at(-1)!.body))).toBeTruthy();
		ctx.advance(MIN);
		await requestPasswordReset(ctx, email, freshIp(), origin);
		expect(await mailsTo(email)).toHaveLength(5);

		// Unknown addresses: same answer, nothing queued.
		await expect(requestPasswordReset(ctx, 'personne@nulle-part.test', freshIp(), origin)).resolves.toBeUndefined();
		expect(await mailsTo('personne@nulle-part.test')).toHaveLength(0);
	});

	it('resetting or changing the password withdraws the other device cookies', async () => {
		const owner = await makeUser(ctx);
		const email = owner.user.email;
		const second = await attempt(email, PASSWORD);
		const b = (second as { device: { token: string } }).device.token;
		await requestPasswordReset(ctx, email, freshIp(), 'https://x.test');
		const secret = secretIn((await mailsTo(email)).at(-1)!.body);
		const reset = await resetPassword(ctx, secret, 'un tout nouveau secret');
		expect(await validateDeviceCookie(ctx.db, owner.device.token, owner.user.id, ctx.now())).toBeNull();
		expect(await validateDeviceCookie(ctx.db, b, owner.user.id, ctx.now())).toBeNull();
		const c = reset.device.token;
		expect(await validateDeviceCookie(ctx.db, c, owner.user.id, ctx.now())).not.toBeNull();

		const d = await attempt(email, 'un tout nouveau secret');
		const dToken = (d as { device: { token: string } }).device.token;
		await changePassword(ctx, owner.user.id, reset.session.id, 'un tout nouveau secret', 'encore un autre secret', c);
		expect(await validateDeviceCookie(ctx.db, c, owner.user.id, ctx.now())).not.toBeNull();
		expect(await validateDeviceCookie(ctx.db, dToken, owner.user.id, ctx.now())).toBeNull();
	});
});
