import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from '../../../src/lib/collab/close-codes';
import { originAllowed, parseRoom, readCookie } from '../../../server/collab/auth';
import type { AppContext } from '../../../src/lib/server/context';
import {
	browserHeaders,
	connectProvider,
	destroyAll,
	nextCloseCode,
	rawClient,
	signedInUser,
	startServer,
	tempDir,
	testContext,
	type TestServer,
	waitFor,
	waitSynced
} from './helpers';
import { createSession, invalidateSession, invalidateUserSessions } from '../../../src/lib/server/auth/session';

describe('upgrade parsing helpers', () => {
	it('decodes room names defensively', () => {
		expect(parseRoom('/collab/section/abc123')).toBe('section/abc123');
		expect(parseRoom('/collab/section/abc123?token=x')).toBe('section/abc123');
		expect(parseRoom('/collab/section%2Fabc')).toBe('section/abc');
		expect(parseRoom('/collab/%E0%A4%A')).toBeNull();
		expect(parseRoom('/collab/')).toBeNull();
		expect(parseRoom('/collab/section/../x y')).toBeNull();
		expect(parseRoom('/collab/a//b')).toBeNull();
		expect(parseRoom('/collab/section/..')).toBeNull();
		expect(parseRoom('/collab/section/a.b-c_d:1')).toBe('section/a.b-c_d:1');
		expect(parseRoom('/other/section/a')).toBeNull();
		expect(parseRoom(undefined)).toBeNull();
		expect(parseRoom('/collab/' + 'a'.repeat(201))).toBeNull();
	});

	it('reads one cookie among others', () => {
		expect(readCookie('a=1; cotrait_session=id.secret; b=2', 'cotrait_session')).toBe('id.secret');
		expect(readCookie('xcotrait_session=1', 'cotrait_session')).toBeNull();
		expect(readCookie('cotrait_session=%E0%A4%A', 'cotrait_session')).toBeNull();
		expect(readCookie(undefined, 'cotrait_session')).toBeNull();
	});

	it('accepts only the own origin, or the configured one', () => {
		const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
		expect(originAllowed(req({ host: 'app.test:3000', origin: 'http://app.test:3000' }), undefined)).toBe(true);
		expect(originAllowed(req({ host: 'app.test', origin: 'https://app.test' }), undefined)).toBe(true);
		expect(originAllowed(req({ host: 'app.test', origin: 'https://evil.test' }), undefined)).toBe(false);
		expect(originAllowed(req({ host: 'app.test' }), undefined)).toBe(false);
		expect(originAllowed(req({ host: 'internal:3000', origin: 'https://app.test' }), 'https://app.test')).toBe(true);
		expect(originAllowed(req({ host: 'app.test', origin: 'http://app.test' }), 'https://app.test')).toBe(false);
	});
});

describe('refusals reach the client as close codes', () => {
	let ctx: AppContext;
	let server: TestServer;
	let token: string;
	let cleanup: () => void;

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'auth.db'));
		({ token } = await signedInUser(ctx));
		server = await startServer(ctx, {
			authorize: async ({ room }) => (room === 'section/open' ? 'write' : 'none')
		});
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	it('closes with 4401 without a session cookie, and the provider stops reconnecting', async () => {
		const provider = connectProvider(server, 'section/open', null);
		const closedEvent = new Promise<{ code: number }>((resolve) => provider.once('closed', (e) => resolve(e)));
		expect(await nextCloseCode(provider)).toBe(CLOSE_UNAUTHENTICATED);
		expect((await closedEvent).code).toBe(CLOSE_UNAUTHENTICATED);
		expect(provider.shouldConnect).toBe(false);
		provider.destroy();
	});

	it('closes with 4401 for a forged or unknown session token', async () => {
		const forged = token.split('.')[0] + '.notthesecret';
		const client = rawClient(server, '/collab/section/open', browserHeaders(server, forged));
		expect((await client.closed).code).toBe(CLOSE_UNAUTHENTICATED);
		const garbage = rawClient(server, '/collab/section/open', browserHeaders(server, 'garbage'));
		expect((await garbage.closed).code).toBe(CLOSE_UNAUTHENTICATED);
	});

	it('closes with 4403 for a wrong Origin, even with a valid session', async () => {
		const provider = connectProvider(server, 'section/open', token, undefined, 'http://evil.example');
		expect(await nextCloseCode(provider)).toBe(CLOSE_FORBIDDEN);
		provider.destroy();
		const noOrigin = rawClient(server, '/collab/section/open', { cookie: `cotrait_session=${token}` });
		expect((await noOrigin.closed).code).toBe(CLOSE_FORBIDDEN);
	});

	it("closes with 4403 when the policy answers 'none'", async () => {
		const provider = connectProvider(server, 'section/secret', token);
		expect(await nextCloseCode(provider)).toBe(CLOSE_FORBIDDEN);
		provider.destroy();
	});

	it('survives malformed percent-encoding in the room name', async () => {
		const client = rawClient(server, '/collab/%E0%A4%A', browserHeaders(server, token));
		expect((await client.closed).code).toBe(CLOSE_FORBIDDEN);
		// The process is still serving.
		const ok = rawClient(server, '/collab/section/open', browserHeaders(server, token));
		await ok.opened;
		ok.ws.close();
	});

	it('answers 404 to upgrades outside /collab', async () => {
		const client = rawClient(server, '/elsewhere', browserHeaders(server, token));
		await expect(client.opened).rejects.toThrow('HTTP 404');
	});
});

describe('a session that ends closes its open sockets with 4401', () => {
	let ctx: AppContext;
	let server: TestServer;
	let cleanup: () => void;

	beforeAll(async () => {
		const tmp = tempDir();
		cleanup = tmp.cleanup;
		ctx = await testContext(join(tmp.dir, 'sessions.db'));
		server = await startServer(ctx, { authorize: async () => 'write', sessionCheckMs: 100 });
	});
	afterAll(async () => {
		await server.close();
		await ctx.close();
		cleanup();
	});

	it('signing out one browser closes that browser’s socket only; signing out everywhere closes the others', async () => {
		const anne = await signedInUser(ctx, 'Anne');
		const anneLaptop = anne.token;
		const annePhone = (await createSession(ctx.db, anne.userId)).token;
		const bruno = await signedInUser(ctx, 'Bruno');
		const laptop = connectProvider(server, 'section/a', anneLaptop);
		const phone = connectProvider(server, 'section/a', annePhone);
		const other = connectProvider(server, 'section/a', bruno.token);
		await Promise.all([laptop, phone, other].map((p) => waitSynced(p)));

		// What /deconnexion does: delete the row, then end the live sockets of that session.
		const laptopClosed = nextCloseCode(laptop);
		await invalidateSession(ctx.db, anneLaptop.split('.')[0]!);
		ctx.collab!.endSessions!({ sessionId: anneLaptop.split('.')[0]! });
		expect(await laptopClosed).toBe(CLOSE_UNAUTHENTICATED);
		expect(laptop.shouldConnect).toBe(false);
		expect(phone.wsconnected && other.wsconnected).toBe(true);
		await waitFor(() => server.collab.stats().connections === 2, 5000, 'the laptop socket gone');

		// « Se déconnecter partout »: every session of Anne; Bruno stays.
		const phoneClosed = nextCloseCode(phone);
		await invalidateUserSessions(ctx.db, anne.userId);
		ctx.collab!.endSessions!({ userId: anne.userId });
		expect(await phoneClosed).toBe(CLOSE_UNAUTHENTICATED);
		expect(other.wsconnected).toBe(true);
		await waitFor(() => server.collab.stats().connections === 1, 5000, 'the phone socket gone');
		destroyAll(laptop, phone, other);
	});

	it('a session that expires, or whose row disappears, is closed by the periodic check', async () => {
		const camille = await signedInUser(ctx, 'Camille');
		const dora = await signedInUser(ctx, 'Dora');
		const expiring = connectProvider(server, 'section/b', camille.token);
		const deleted = connectProvider(server, 'section/b', dora.token);
		await Promise.all([expiring, deleted].map((p) => waitSynced(p)));
		const closes = [nextCloseCode(expiring), nextCloseCode(deleted)];
		await ctx.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1 })
			.where('user_id', '=', camille.userId)
			.execute();
		await ctx.db.deleteFrom('sessions').where('user_id', '=', dora.userId).execute();
		expect(await Promise.all(closes)).toEqual([CLOSE_UNAUTHENTICATED, CLOSE_UNAUTHENTICATED]);
		expect(expiring.shouldConnect || deleted.shouldConnect).toBe(false);
		destroyAll(expiring, deleted);
	});
});
