// `npm run backup -- <file>`: a consistent online copy of the SQLite database (SQLite's backup
// API through better-sqlite3, safe while the server runs and writes) and, beside it, a copy of
// the uploaded files (`<file>.files/`). Reads DATABASE_PATH / DATA_DIR like the server.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const target = process.argv[2];
if (!target) {
	process.stderr.write('usage: npm run backup -- <backup-file.db>\n');
	process.exit(2);
}
const databasePath = resolve(process.env.DATABASE_PATH || './data/cotrait.db');
const dataDir = resolve(process.env.DATA_DIR || resolve(dirname(databasePath), 'files'));
if (!existsSync(databasePath)) {
	process.stderr.write(`cotrait backup: no database at ${databasePath}\n`);
	process.exit(1);
}
const out = resolve(target);
if (existsSync(out)) {
	process.stderr.write(`cotrait backup: ${out} already exists; choose a new file name\n`);
	process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
const db = new Database(databasePath, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
await db.backup(out);
db.close();
const copy = new Database(out, { readonly: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
	process.stderr.write(`cotrait backup: integrity check of the copy failed: ${check}\n`);
	process.exit(1);
}
let files = 'no uploaded files';
const uploads = resolve(dataDir, 'uploads');
if (existsSync(uploads)) {
	cpSync(uploads, resolve(`${out}.files`, 'uploads'), { recursive: true });
	files = `${out}.files/`;
}
process.stdout.write(`cotrait backup: database → ${out} (integrity ok), files → ${files}\n`);
