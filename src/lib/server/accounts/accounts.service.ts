/**
 * Account use cases: sign-up, sign-in, password reset and change, profile.
 * Every function takes the application context first.
 */
import type { AppContext } from '../context';
import { createSession, hashSecret, invalidateUserSessions, type Session } from '../auth/session';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import { assertUnderLimits, clearAttempts, recordAttempt } from '../auth/rate-limit';
import { DomainError, invalid } from '../errors';
import { newId, newSecret } from '../ids';
import type { User } from '../db/schema';
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
	const m = await ctx.db
		.selectFrom('memberships')
		.select(['organisation_id', 'role'])
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return { id: userId, organisationId: m?.organisation_id ?? null, orgRole: m?.role ?? null };
}

export async function signUp(
	ctx: Ctx,
	input: { name: string; email: string; password: string },
	ip: string
): Promise<{ user: User; session: Session; token: string }> {
	const now = ctx.now();
	await assertUnderLimits(ctx.db, [{ key: `signup:ip:${ip}`, max: ctx.config.signupLimitPerIp }], now);
	await recordAttempt(ctx.db, [`signup:ip:${ip}`], now);
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
	return { user, session, token };
}

const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

export async function signIn(
	ctx: Ctx,
	input: { email: string; password: string },
	ip: string
): Promise<{ session: Session; token: string }> {
	const now = ctx.now();
	const keys = [`signin:ip:${ip}`, `signin:email:${input.email}`];
	await assertUnderLimits(ctx.db, [{ key: keys[0]!, max: 20 }, { key: keys[1]!, max: 5 }], now);
	const user = await findUserByEmail(ctx, input.email);
	dummyHash ??= hashPassword('cotrait-dummy-password-for-timing');
	const ok = user ? await verifyPassword(user.password_hash, input.password) : (await verifyPassword(await dummyHash, input.password), false);
	if (!user || !ok) {
		await recordAttempt(ctx.db, keys, now);
		throw new DomainError('invalid_input', BAD_CREDENTIALS, { _form: BAD_CREDENTIALS });
	}
	await clearAttempts(ctx.db, [keys[1]!]);
	return createSession(ctx.db, user.id, now);
}

const RESET_TTL_MS = 60 * 60 * 1000;

/** Always answers the same, whether the address exists or not. */
export async function requestPasswordReset(ctx: Ctx, email: string, ip: string, origin: string): Promise<void> {
	const now = ctx.now();
	const keys = [`reset:ip:${ip}`, `reset:email:${email}`];
	await assertUnderLimits(ctx.db, [{ key: keys[0]!, max: ctx.config.resetLimitPerIp }, { key: keys[1]!, max: 3 }], now);
	await recordAttempt(ctx.db, keys, now);
	const user = await findUserByEmail(ctx, email);
	if (!user) return;
	const secret = newSecret();
	await ctx.db
		.insertInto('password_resets')
		.values({ id: newId(), user_id: user.id, token_hash: hashSecret(secret), created_at: now, expires_at: now + RESET_TTL_MS, used_at: null })
		.execute();
	await ctx.mailer.send({
		to: user.email,
		subject: 'Cotrait : réinitialisation de votre mot de passe',
		body:
			`Bonjour ${user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n` +
			`${origin}/reinitialiser/${secret}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n`
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

export async function resetPassword(ctx: Ctx, secret: string, newPassword: string): Promise<{ session: Session; token: string }> {
	const reset = await findValidReset(ctx, secret);
	if (!reset) throw new DomainError('invalid_input', 'Ce lien de réinitialisation est invalide ou a expiré.', { _form: 'Ce lien de réinitialisation est invalide ou a expiré.' });
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
		if (Number(used.numUpdatedRows) !== 1) throw new DomainError('invalid_input', 'Ce lien a déjà été utilisé.', { _form: 'Ce lien a déjà été utilisé.' });
		await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
		await invalidateUserSessions(trx, user.id);
	});
	ctx.collab?.endSessions?.({ userId: user.id });
	await clearAttempts(ctx.db, [`signin:email:${user.email}`]);
	return createSession(ctx.db, user.id, now);
}

/** Changes the password and signs out every other session. */
export async function changePassword(ctx: Ctx, userId: string, sessionId: string, current: string, next: string): Promise<void> {
	const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.password_hash, current))) throw invalid({ currentPassword: 'Mot de passe actuel incorrect.' });
	const problem = passwordProblem(next, user.email);
	if (problem) throw invalid({ newPassword: problem });
	const hash = await hashPassword(next);
	await ctx.db.transaction().execute(async (trx) => {
		await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
		await invalidateUserSessions(trx, userId, sessionId);
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
