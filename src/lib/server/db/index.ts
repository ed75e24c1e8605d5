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
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
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

/** Statements kept per SQL text (the application's queries are a few hundred distinct texts). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 as Kysely sees it, reusing prepared statements by SQL text. Kysely prepares
 * every query anew; preparing took about as long as executing on the dashboard
 * (`npm run bench:pages --profile`). A statement still being iterated (`busy`) is not shared:
 * the caller gets a fresh one. SQLite recompiles a cached statement itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database) {
	const cache = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(sql: string): SQLite.Statement {
			const hit = cache.get(sql);
			if (hit) {
				if (hit.busy) return sqlite.prepare(sql);
				cache.delete(sql); // most recently used last
				cache.set(sql, hit);
				return hit;
			}
			const stmt = sqlite.prepare(sql);
			cache.set(sql, stmt);
			if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
			return stmt;
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
