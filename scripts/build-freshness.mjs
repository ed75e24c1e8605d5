// Whether build/ is older than the sources it is built from: one answer shared by `npm start`
// (scripts/start.mjs rebuilds), `npm run test:unit` (scripts/ensure-build.mjs rebuilds) and the
// tests that start the built server (tests/support/server.ts refuses to run a stale one).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** What the build is made from (tests, docs and scripts are not). */
export const BUILD_SOURCES = ['src', 'server', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/**
 * Newest modification time under `path` (0 when it does not exist), and the file that has it.
 * @param {string} path
 * @returns {{ time: number, file: string }}
 */
function newest(path) {
	if (!existsSync(path)) return { time: 0, file: path };
	const st = statSync(path);
	let best = { time: st.mtimeMs, file: path };
	if (!st.isDirectory()) return best;
	for (const name of readdirSync(path)) {
		const inner = newest(join(path, name));
		if (inner.time > best.time) best = inner;
	}
	return best;
}

/**
 * Null when build/ is up to date; otherwise why it is not (for a message).
 * build/.stamp is written last by scripts/build-server.mjs, so it dates a complete build.
 * @param {string} [base] repository root
 * @returns {string | null}
 */
export function staleBuildReason(base = root) {
	const stamp = join(base, 'build', '.stamp');
	if (!existsSync(stamp)) return 'build/.stamp is missing (no complete build)';
	const built = statSync(stamp).mtimeMs;
	let source = { time: 0, file: '' };
	for (const s of BUILD_SOURCES) {
		const n = newest(join(base, s));
		if (n.time > source.time) source = n;
	}
	if (source.time <= built) return null;
	return `${source.file.slice(base.length).replace(/^[\\/]/, '')} is newer than the build (build/.stamp)`;
}

/**
 * Runs `npm run build` when build/ is stale; exits the process if the build fails.
 * @param {string} [base] repository root
 */
export function ensureBuild(base = root) {
	const reason = staleBuildReason(base);
	if (!reason) return;
	process.stdout.write(`cotrait: building the application (${reason})…\n`);
	const r = spawnSync('npm', ['run', 'build'], { cwd: base, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
