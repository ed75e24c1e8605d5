/** Opens the SQLite file with Kysely, in WAL mode, and applies pending migrations. */
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import type { Database } from './schema';
import { migrations } from './migrations/index';

export type DB = Kysely<Database>;

export interface OpenDatabase {
	db: DB;
	sqlite: SQLite.Database;
	close(): Promise<void>;
}

/** Opens (creating if needed) the database file with the project's pragmas. */
export function openDatabase(path: string): OpenDatabase {
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	let closed = false;
	return {
		db,
		sqlite,
		async close() {
			if (closed) return;
			closed = true;
			await db.destroy(); // closes the better-sqlite3 handle too
		}
	};
}

const provider: MigrationProvider = {
	async getMigrations() {
		return migrations;
	}
};

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrate(db: DB): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		const name = failed ? ` (${failed.migrationName})` : '';
		throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
