// Runs a benchmark written in TypeScript: bundles bench/<name>.ts with esbuild (Node 20 cannot
// run TS) into node_modules/.cache/cotrait-bench/, then runs it with node, forwarding arguments.
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
const outfile = `${root}node_modules/.cache/cotrait-bench/${name}.mjs`;
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
