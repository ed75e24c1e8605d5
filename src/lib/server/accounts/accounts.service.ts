/**
 * Account use cases: the actor behind a request, sign-up, sign-in, the profile (password reset
 * and change are in passwords.service.ts). Every function takes the application context first;
 * the SQL is in accounts.repository.ts and organisations.repository.ts.
 */
import type { AppContext } from '../context';
import { createSession, type Session } from '../auth/session';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import { assertUnderLimits, attemptRetentionMs, frenchWait, rateLimited, recordAttempt } from '../auth/rate-limit';
import { attemptTimes, clearAttempts } from '../auth/auth.repository';
import { issueDeviceCookie, validateDeviceCookie } from '../auth/device-cookie';
import { DomainError, invalid } from '../errors';
import { newId } from '../ids';
import type { User } from '../db/schema';
import type { Actor } from '../policies/actor';
import { findUserByEmailAddress, getUser, insertUser, updateProfileColumns } from './accounts.repository';
import { findMembershipOf } from './organisations.repository';

export type Ctx = Pick<AppContext, 'db' | 'mailer' | 'now' | 'config'> & Partial<Pick<AppContext, 'collab'>>;

/** Used to spend the same time on unknown e-mails as on known ones (no user enumeration). */
let dummyHash: Promise<string> | null = null;

export const PROFILE_FIELDS = ['trade', 'skills', 'department', 'region', 'bio', 'email'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export async function findUserByEmail(ctx: Ctx, email: string): Promise<User | undefined> {
	return findUserByEmailAddress(ctx.db, email.toLowerCase());
}

/** The actor (user + legal member) used by every policy. */
export async function loadActor(ctx: Pick<Ctx, 'db'>, userId: string): Promise<Actor> {
	const m = await findMembershipOf(ctx.db, userId);
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
		await insertUser(ctx.db, user);
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
	await updateProfileColumns(ctx.db, userId, {
		name: p.name,
		trade: p.trade,
		skills: JSON.stringify(p.skills),
		department: p.department,
		region: p.region,
		bio: p.bio,
		public_fields: JSON.stringify(p.publicFields)
	});
}

/** What the profile page shows and edits of the person's own account. */
export async function getProfile(ctx: Pick<Ctx, 'db'>, userId: string) {
	const u = await getUser(ctx.db, userId);
	return {
		name: u.name,
		email: u.email,
		trade: u.trade,
		skills: (JSON.parse(u.skills) as string[]).join(', '),
		department: u.department,
		region: u.region,
		bio: u.bio,
		publicFields: JSON.parse(u.public_fields) as ProfileField[]
	};
}
