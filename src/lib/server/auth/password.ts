/** Password hashing with argon2id (OWASP's minimum parameters) and the strength rules. */
import { hash, verify } from '@node-rs/argon2';

export const ARGON2_OPTIONS = {
	algorithm: 2, // Algorithm.Argon2id (const enum not importable under isolatedModules)
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set([
	'motdepasse',
	'motdepasse1',
	'motdepasse123',
	'1234567890',
	'12345678910',
	'0123456789',
	'azertyuiop',
	'azerty1234',
	'azerty12345',
	'azertyuiop1',
	'qwertyuiop',
	'qwerty1234',
	'qwerty12345',
	'password123',
	'password1234',
	'passwordpassword',
	'iloveyou123',
	'jetaime1234',
	'soleil1234',
	'bonjour1234',
	'motdepasse!',
	'administrateur',
	'admin12345',
	'administrator',
	'changeme123',
	'1111111111',
	'0000000000',
	'aaaaaaaaaa',
	'abcdefghij',
	'abcd123456',
	'football123',
	'marseille13',
	'doudou1234',
	'chouchou12',
	'loulou1234',
	'nicolas123',
	'celine1234',
	'cotrait123',
	'cotrait2026'
]);

/** Returns a French error message, or null when the password is acceptable. */
export function passwordProblem(password: string, email = ''): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `Le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères.`;
	if (password.length > MAX_PASSWORD_LENGTH) return `Le mot de passe ne doit pas dépasser ${MAX_PASSWORD_LENGTH} caractères.`;
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || new Set(lower).size < 3) return 'Ce mot de passe est trop courant : choisissez-en un autre.';
	if (email && lower === email.toLowerCase()) return 'Le mot de passe ne doit pas être votre adresse e-mail.';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}
