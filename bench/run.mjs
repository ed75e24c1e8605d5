// Runs a benchmark written in TypeScript: bundles bench/<name>.ts with esbuild (Node 20 cannot
// run TS) into .cache/bench/ of this checkout, then runs it with node, forwarding arguments.
// Not under node_modules/: a worktree may share its node_modules with other checkouts, and a
// benchmark starts its own bundle again as its servers (`--serve`), so another checkout's
// bundle written there in the meantime would be the server measured.
//   npm run bench:collab      (node bench/run.mjs collab)
//   npm run bench:coldload    (node bench/run.mjs coldload)
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z-]+$/.test(name)) {
	process.stderr.write('usage: node bench/run.mjs <collab|coldload> [args…]\n');
	process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/bench/${name}.mjs`;
await build({
	entryPoints: [`${root}bench/${name}.ts`],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	alias: { $lib: `${root}src/lib` },
	logLevel: 'warning'
});
const child = spawn(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
