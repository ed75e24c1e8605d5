import { describe, expect, it } from 'vitest';
import { ARGON2_OPTIONS, hashPassword, passwordProblem, verifyPassword } from '../../../src/lib/server/auth/password';

describe('passwords', () => {
	it('are hashed with argon2id m=19456, t=2, p=1', async () => {
		const h = await hashPassword('une phrase de passe');
		expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(ARGON2_OPTIONS.memoryCost).toBe(19456);
		expect(await verifyPassword(h, 'une phrase de passe')).toBe(true);
		expect(await verifyPassword(h, 'une phrase de passE')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('need 10 characters and refuse common ones, in French', () => {
		expect(passwordProblem('court')).toMatch(/au moins 10 caractères/);
		expect(passwordProblem('azertyuiop')).toMatch(/trop courant/);
		expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/trop courant/);
		expect(passwordProblem('anne@demo.test', 'anne@demo.test')).toMatch(/adresse e-mail/);
		expect(passwordProblem('une phrase de passe')).toBeNull();
	});
});
