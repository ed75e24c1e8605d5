/**
 * Account use cases: sign-up, sign-in, password reset and change, profile.
 * Every function takes the application context first.
 */
import type { AppContext } from '../context';
import { createSession, hashSecret, invalidateUserSessions, type Session } from '../auth/session';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import { assertUnderLimits, attemptTimes, clearAttempts, countAttempts, frenchWait, rateLimited, recordAttempt } from '../auth/rate-limit';
import { issueDeviceCookie, revokeDeviceCookies, validateDeviceCookie } from '../auth/device-cookie';
import { DomainError, invalid } from '../errors';
import { newId, newSecret } from '../ids';
import type { User } from '../db/schema';
import type { Config } from '../config';
import { log } from '../log';
import type { Actor } from '../policies/actor';

export type Ctx = Pick<AppContext, 'db' | 'mailer' | 'now' | 'config'> & Partial<Pick<AppContext, 'collab'>>;

/** Used to spend the same time on unknown e-mails as on known ones (no user enumeration). */
let dummyHash: Promise<string> | null = null;

export const PROFILE_FIELDS = ['trade', 'skills', 'department', 'region', 'bio', 'email'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export async function findUserByEmail(ctx: Ctx, email: string): Promise<User | undefined> {
	return ctx.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** The actor (user + legal member) used by every policy. */
export async function loadActor(ctx: Pick<Ctx, 'db'>, userId: string): Promise<Actor> {
	const m = await ctx.db.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', userId).executeTakeFirst();
	return { id: userId, organisationId: m?.organisation_id ?? null, orgRole: m?.role ?? null };
}

export async function signUp(
	ctx: Ctx,
	input: { name: string; email: string; password: string },
	ip: string
): Promise<{ user: User; session: Session; token: string; device: NewDevice }> {
	const now = ctx.now();
	await assertUnderLimits(ctx.db, [{ key: `signup:ip:${ip}`, max: ctx.config.signupLimitPerIp }], now);
	await recordAttempt(ctx.db, [`signup:ip:${ip}`], now, attemptRetentionMs(ctx.config));
	const problem = passwordProblem(input.password, input.email);
	if (problem) throw invalid({ password: problem });
	if (await findUserByEmail(ctx, input.email)) {
		throw invalid({ email: 'Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez le mot de passe.' });
	}
	const user: User = {
		id: newId(),
		email: input.email,
		name: input.name,
		password_hash: await hashPassword(input.password),
		trade: '',
		skills: '[]',
		department: '',
		region: '',
		bio: '',
		public_fields: JSON.stringify(['trade', 'skills', 'department', 'region']),
		created_at: now
	};
	try {
		await ctx.db.insertInto('users').values(user).execute();
	} catch {
		// Unique constraint raced by a concurrent sign-up with the same address.
		throw invalid({ email: 'Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez le mot de passe.' });
	}
	const { session, token } = await createSession(ctx.db, user.id, now);
	return { user, session, token, device: await issueDeviceCookie(ctx.db, user.id, now, ctx.config.deviceCookies) };
}

const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

/** A device cookie to give the browser: its token and when it expires. */
export interface NewDevice {
	token: string;
	expiresAt: number;
}

/** Attempts must be kept as long as the longest window that counts them. */
function attemptRetentionMs(config: Config): number {
	return Math.max(config.signIn.failureWindowMs, config.deviceCookies.lockoutMs, config.passwordReset.linkTtlMs);
}

/**
 * How long a client without a device cookie must still wait before trying `email` again:
 * nothing for the first `freeFailures` failures, then `delayBaseMs` after the last failure,
 * doubling with each further failure, at most `delayMaxMs`. Counted the same for addresses
 * without an account, so the answer tells nothing about them.
 */
async function untrustedWait(ctx: Ctx, email: string, now: number): Promise<number> {
	const c = ctx.config.signIn;
	const times = await attemptTimes(ctx.db, `signin:email:${email}`, now - c.failureWindowMs);
	if (times.length < c.freeFailures) return 0;
	const delay = Math.min(c.delayBaseMs * 2 ** Math.min(times.length - c.freeFailures, 30), c.delayMaxMs);
	return Math.max(0, times[0]! + delay - now);
}

/**
 * Signs in, after OWASP's device-cookie design. A browser presenting a valid device cookie for
 * this account is trusted: its failures count on that cookie only (locked for `lockoutMs` after
 * `failureLimit`), and neither the address's failures nor the per-IP limit stop it. Any other
 * client is limited per IP and slowed down per address (`untrustedWait`) — a growing delay, not a
 * lockout. A successful sign-in without a valid device cookie issues one (`device` in the result;
 * null when the browser keeps its own).
 */
export async function signIn(
	ctx: Ctx,
	input: { email: string; password: string },
	ip: string,
	deviceToken?: string
): Promise<{ session: Session; token: string; device: NewDevice | null }> {
	const now = ctx.now();
	const user = await findUserByEmail(ctx, input.email);
	const device = user && deviceToken ? await validateDeviceCookie(ctx.db, deviceToken, user.id, now) : null;
	const deviceKey = device ? `signin:device:${device.id}` : null;
	const emailKey = `signin:email:${input.email}`;
	if (deviceKey) {
		const { failureLimit, lockoutMs } = ctx.config.deviceCookies;
		const times = await attemptTimes(ctx.db, deviceKey, now - lockoutMs);
		if (times.length >= failureLimit) {
			throw rateLimited(
				`Trop de tentatives depuis ce navigateur. Réessayez dans ${frenchWait(times[failureLimit - 1]! + lockoutMs - now)}.`
			);
		}
	} else {
		await assertUnderLimits(ctx.db, [{ key: `signin:ip:${ip}`, max: ctx.config.signIn.limitPerIp }], now);
		const wait = await untrustedWait(ctx, input.email, now);
		if (wait > 0) throw rateLimited(`Trop de tentatives pour cette adresse. Réessayez dans ${frenchWait(wait)}.`);
	}
	dummyHash ??= hashPassword('cotrait-dummy-password-for-timing');
	const ok = user
		? await verifyPassword(user.password_hash, input.password)
		: (await verifyPassword(await dummyHash, input.password), false);
	if (!user || !ok) {
		await recordAttempt(ctx.db, deviceKey ? [deviceKey] : [`signin:ip:${ip}`, emailKey], now, attemptRetentionMs(ctx.config));
		throw new DomainError('invalid_input', BAD_CREDENTIALS, { _form: BAD_CREDENTIALS });
	}
	// A trusted browser's success clears its own failures only: the address's failures (perhaps
	// an attacker's) keep slowing down other clients.
	await clearAttempts(ctx.db, [deviceKey ?? emailKey]);
	const { session, token } = await createSession(ctx.db, user.id, now);
	return { session, token, device: device ? null : await issueDeviceCookie(ctx.db, user.id, now, ctx.config.deviceCookies) };
}

/**
 * Always answers the same, whether the address has an account or not, and never waits for SMTP
 * (the e-mail is only queued). Beyond the per-IP limit (429), an address gets at most
 * `mailsPerAddress` reset e-mails per `linkTtlMs` from clients without a device cookie, and each
 * device cookie of the account as many again: further requests are answered the same and send
 * nothing. Nobody is locked out — the owner's own browser still gets its e-mail, and whenever a
 * request is dropped the newest link already sent to that address is still valid — and nobody's
 * mailbox can be flooded.
 */
export async function requestPasswordReset(ctx: Ctx, email: string, ip: string, origin: string, deviceToken?: string): Promise<void> {
	const now = ctx.now();
	const c = ctx.config.passwordReset;
	const retainMs = attemptRetentionMs(ctx.config);
	await assertUnderLimits(ctx.db, [{ key: `reset:ip:${ip}`, max: c.limitPerIp }], now);
	await recordAttempt(ctx.db, [`reset:ip:${ip}`], now, retainMs);
	const user = await findUserByEmail(ctx, email);
	const device = user && deviceToken ? await validateDeviceCookie(ctx.db, deviceToken, user.id, now) : null;
	const key = device ? `reset:device:${device.id}` : `reset:email:${email}`;
	const sent = await countAttempts(ctx.db, key, now - c.linkTtlMs);
	if (!user) return;
	if (sent >= c.mailsPerAddress) {
		log.debug('password reset e-mail not sent: limit for this address reached', { by: device ? 'device' : 'address' });
		return;
	}
	const secret = newSecret();
	await ctx.db.transaction().execute(async (trx) => {
		await trx.insertInto('auth_attempts').values({ key, at: now }).execute();
		await trx
			.insertInto('password_resets')
			.values({
				id: newId(),
				user_id: user.id,
				token_hash: hashSecret(secret),
				created_at: now,
				expires_at: now + c.linkTtlMs,
				used_at: null
			})
			.execute();
		await ctx.mailer.send(
			{
				to: user.email,
				subject: 'Cotrait : réinitialisation de votre mot de passe',
				body:
					`Bonjour ${user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n` +
					`${origin}/reinitialiser/${secret}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n`
			},
			trx
		);
	});
}

/** Looks up a reset token without consuming it (for the form page). */
export async function findValidReset(ctx: Ctx, secret: string) {
	if (!/^[a-z2-7]{16,64}$/.test(secret)) return undefined;
	return ctx.db
		.selectFrom('password_resets')
		.selectAll()
		.where('token_hash', '=', hashSecret(secret))
		.where('used_at', 'is', null)
		.where('expires_at', '>', ctx.now())
		.executeTakeFirst();
}

/**
 * Sets the new password, ends every session and withdraws every device cookie of the account
 * (whoever held one may have known the old password); this browser gets a fresh session and
 * device cookie.
 */
export async function resetPassword(
	ctx: Ctx,
	secret: string,
	newPassword: string
): Promise<{ session: Session; token: string; device: NewDevice }> {
	const reset = await findValidReset(ctx, secret);
	if (!reset)
		throw new DomainError('invalid_input', 'Ce lien de réinitialisation est invalide ou a expiré.', {
			_form: 'Ce lien de réinitialisation est invalide ou a expiré.'
		});
	const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', reset.user_id).executeTakeFirstOrThrow();
	const problem = passwordProblem(newPassword, user.email);
	if (problem) throw invalid({ password: problem });
	const hash = await hashPassword(newPassword);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		const used = await trx
			.updateTable('password_resets')
			.set({ used_at: now })
			.where('id', '=', reset.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1)
			throw new DomainError('invalid_input', 'Ce lien a déjà été utilisé.', { _form: 'Ce lien a déjà été utilisé.' });
		await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
		await invalidateUserSessions(trx, user.id);
		await revokeDeviceCookies(trx, user.id);
	});
	ctx.collab?.endSessions?.({ userId: user.id });
	await clearAttempts(ctx.db, [`signin:email:${user.email}`]);
	const { session, token } = await createSession(ctx.db, user.id, now);
	return { session, token, device: await issueDeviceCookie(ctx.db, user.id, now, ctx.config.deviceCookies) };
}

/**
 * Changes the password, signs out every other session and withdraws every other device cookie
 * (this browser's, `deviceToken`, stays).
 */
export async function changePassword(
	ctx: Ctx,
	userId: string,
	sessionId: string,
	current: string,
	next: string,
	deviceToken?: string
): Promise<void> {
	const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.password_hash, current))) throw invalid({ currentPassword: 'Mot de passe actuel incorrect.' });
	const problem = passwordProblem(next, user.email);
	if (problem) throw invalid({ newPassword: problem });
	const hash = await hashPassword(next);
	const device = await validateDeviceCookie(ctx.db, deviceToken, userId, ctx.now());
	await ctx.db.transaction().execute(async (trx) => {
		await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
		await invalidateUserSessions(trx, userId, sessionId);
		await revokeDeviceCookies(trx, userId, device?.id);
	});
	ctx.collab?.endSessions?.({ userId, exceptSessionId: sessionId });
}

export interface ProfileInput {
	name: string;
	trade: string;
	skills: string[];
	department: string;
	region: string;
	bio: string;
	publicFields: ProfileField[];
}

export async function updateProfile(ctx: Ctx, userId: string, p: ProfileInput): Promise<void> {
	await ctx.db
		.updateTable('users')
		.set({
			name: p.name,
			trade: p.trade,
			skills: JSON.stringify(p.skills),
			department: p.department,
			region: p.region,
			bio: p.bio,
			public_fields: JSON.stringify(p.publicFields)
		})
		.where('id', '=', userId)
		.execute();
}
