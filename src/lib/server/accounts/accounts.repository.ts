/**
 * The SQL of people's accounts (the `users` table): plain Kysely functions taking `db` or a
 * transaction first, returning rows. No rules, no French: the account use cases
 * (accounts.service.ts, passwords.service.ts) decide, these read and write.
 */
import type { DB } from '../db/index';
import type { NewUser, User } from '../db/schema';

/** The account with this address, already lower-cased by the caller. */
export async function findUserByEmailAddress(db: DB, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Whether the database holds any account at all (the demo seeds only an empty one). */
export async function hasAnyUser(db: DB): Promise<boolean> {
	return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function getUser(db: DB, id: string): Promise<User> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Throws when the address is taken (the unique constraint), which sign-up reports. */
export async function insertUser(db: DB, user: NewUser): Promise<void> {
	await db.insertInto('users').values(user).execute();
}

export async function setPasswordHash(db: DB, userId: string, hash: string): Promise<void> {
	await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

/** The profile columns a person edits themself (skills and public fields as JSON text). */
export type ProfileColumns = Pick<User, 'name' | 'trade' | 'skills' | 'department' | 'region' | 'bio' | 'public_fields'>;

export async function updateProfileColumns(db: DB, userId: string, columns: ProfileColumns): Promise<void> {
	await db.updateTable('users').set(columns).where('id', '=', userId).execute();
}
