// `npm start`: builds when the sources are newer than build/, then runs the production entry
// in this process (so signals reach it). `--demo` uses ./data/demo.db with seeded demo data;
// `--migrate-only` applies migrations and exits.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, root } from './build-freshness.mjs';

const args = process.argv.slice(2);
if (args.includes('--demo')) {
	process.env.COTRAIT_DEMO = '1';
	process.env.DATABASE_PATH ??= join(root, 'data', 'demo.db');
}

ensureBuild();
await import(pathToFileURL(join(root, 'build', 'server.js')).href);
