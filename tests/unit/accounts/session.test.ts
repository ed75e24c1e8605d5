import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	SESSION_RENEW_MS,
	SESSION_TTL_MS,
	validateSessionToken
} from '../../../src/lib/server/auth/session';
import { createTestContext, type TestContext } from '../../support/context';
import { makeUser } from '../../support/factories';

let ctx: TestContext;
beforeAll(async () => {
	ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

describe('sessions (Lucia design)', () => {
	it('creates a token id.secret and validates it', async () => {
		const { user } = await makeUser(ctx);
		const { token, session } = await createSession(ctx.db, user.id, ctx.now());
		expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/);
		const v = await validateSessionToken(ctx.db, token, ctx.now());
		expect(v?.user.id).toBe(user.id);
		expect(v?.session.id).toBe(session.id);
	});

	it('stores only a hash: the database row cannot be turned back into a valid cookie', async () => {
		const { user } = await makeUser(ctx);
		const { token, session } = await createSession(ctx.db, user.id, ctx.now());
		const row = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
		const secret = token.split('.')[1]!;
		const stored = Buffer.from(row.secret_hash);
		expect(stored.length).toBe(32);
		expect(stored.toString('utf8')).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
		// Stolen row: id + hash (hex or base64) used as the secret are rejected.
		for (const guess of [stored.toString('hex'), stored.toString('base64'), '']) {
			expect(await validateSessionToken(ctx.db, `${row.id}.${guess}`, ctx.now())).toBeNull();
		}
		// A wrong secret of the right shape is rejected too.
		expect(await validateSessionToken(ctx.db, `${row.id}.${'a'.repeat(32)}`, ctx.now())).toBeNull();
	});

	it('expires, and slides the expiry when used in the second half of its life', async () => {
		const { user } = await makeUser(ctx);
		const t0 = ctx.now();
		const { token } = await createSession(ctx.db, user.id, t0);
		// Early use: no write, expiry unchanged.
		const early = await validateSessionToken(ctx.db, token, t0 + 1000);
		expect(early?.session.expiresAt).toBe(t0 + SESSION_TTL_MS);
		// Use after the renew threshold: extended.
		const later = t0 + SESSION_TTL_MS - SESSION_RENEW_MS + 1000;
		const slid = await validateSessionToken(ctx.db, token, later);
		expect(slid?.session.expiresAt).toBe(later + SESSION_TTL_MS);
		// Past the (new) expiry: rejected and deleted.
		expect(await validateSessionToken(ctx.db, token, later + SESSION_TTL_MS + 1)).toBeNull();
		const left = await ctx.db.selectFrom('sessions').select('id').where('id', '=', token.split('.')[0]!).execute();
		expect(left).toHaveLength(0);
	});

	it('invalidates one session, or all of a user (except the current one when asked)', async () => {
		const { user } = await makeUser(ctx);
		const a = await createSession(ctx.db, user.id, ctx.now());
		const b = await createSession(ctx.db, user.id, ctx.now());
		const c = await createSession(ctx.db, user.id, ctx.now());
		await invalidateSession(ctx.db, a.session.id);
		expect(await validateSessionToken(ctx.db, a.token, ctx.now())).toBeNull();
		await invalidateUserSessions(ctx.db, user.id, c.session.id);
		expect(await validateSessionToken(ctx.db, b.token, ctx.now())).toBeNull();
		expect(await validateSessionToken(ctx.db, c.token, ctx.now())).not.toBeNull();
		await invalidateUserSessions(ctx.db, user.id);
		expect(await validateSessionToken(ctx.db, c.token, ctx.now())).toBeNull();
	});

	it('rejects malformed tokens', async () => {
		for (const t of ['', 'abc', 'a.b.c', '.x', 'x.', 'x'.repeat(500)]) {
			expect(await validateSessionToken(ctx.db, t, ctx.now())).toBeNull();
		}
	});
});
