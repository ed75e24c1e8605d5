// `npm start`: builds when the sources are newer than build/, then runs the production entry
// in this process (so signals reach it). `--demo` uses ./data/demo.db with seeded demo data;
// `--migrate-only` applies migrations and exits.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--demo')) {
	process.env.COTRAIT_DEMO = '1';
	process.env.DATABASE_PATH ??= join(root, 'data', 'demo.db');
}

function newest(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
	return max;
}

const stamp = join(root, 'build', '.stamp');
const sources = ['src', 'server', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const sourceTime = Math.max(...sources.map((s) => newest(join(root, s))));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sourceTime) {
	process.stdout.write('cotrait: building the application…\n');
	const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(pathToFileURL(join(root, 'build', 'server.js')).href);
