/**
 * Password use cases: asking for a reset link (queued by e-mail), following it, and changing the
 * password while signed in. Each ends the account's other sessions and device cookies as
 * described on the function. The SQL is in accounts.repository.ts and auth/auth.repository.ts.
 */
import { createSession, hashSecret, invalidateUserSessions, type Session } from '../auth/session';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import { assertUnderLimits, attemptRetentionMs, recordAttempt } from '../auth/rate-limit';
import {
	clearAttempts,
	consumePasswordReset,
	countAttempts,
	findLivePasswordReset,
	insertAttempts,
	insertPasswordReset
} from '../auth/auth.repository';
import { issueDeviceCookie, revokeDeviceCookies, validateDeviceCookie } from '../auth/device-cookie';
import { DomainError, invalid } from '../errors';
import { newId, newSecret } from '../ids';
import { log } from '../log';
import type { Ctx, NewDevice } from './accounts.service';
import { findUserByEmailAddress, getUser, setPasswordHash } from './accounts.repository';

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
	const user = await findUserByEmailAddress(ctx.db, email.toLowerCase());
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
		await insertAttempts(trx, [key], now);
		await insertPasswordReset(trx, {
			id: newId(),
			user_id: user.id,
			token_hash: hashSecret(secret),
			created_at: now,
			expires_at: now + c.linkTtlMs,
			used_at: null
		});
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
	return findLivePasswordReset(ctx.db, hashSecret(secret), ctx.now());
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
	const user = await getUser(ctx.db, reset.user_id);
	const problem = passwordProblem(newPassword, user.email);
	if (problem) throw invalid({ password: problem });
	const hash = await hashPassword(newPassword);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		if (!(await consumePasswordReset(trx, reset.id, now)))
			throw new DomainError('invalid_input', 'Ce lien a déjà été utilisé.', { _form: 'Ce lien a déjà été utilisé.' });
		await setPasswordHash(trx, user.id, hash);
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
	const user = await getUser(ctx.db, userId);
	if (!(await verifyPassword(user.password_hash, current))) throw invalid({ currentPassword: 'Mot de passe actuel incorrect.' });
	const problem = passwordProblem(next, user.email);
	if (problem) throw invalid({ newPassword: problem });
	const hash = await hashPassword(next);
	const device = await validateDeviceCookie(ctx.db, deviceToken, userId, ctx.now());
	await ctx.db.transaction().execute(async (trx) => {
		await setPasswordHash(trx, userId, hash);
		await invalidateUserSessions(trx, userId, sessionId);
		await revokeDeviceCookies(trx, userId, device?.id);
	});
	ctx.collab?.endSessions?.({ userId, exceptSessionId: sessionId });
}
