// Bundles the production entry server/index.ts into build/server.js (Node 20 cannot run TS).
// Packages stay external: runtime ones are in "dependencies" so `npm ci --omit=dev` works.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The export worker (server/export-pool.ts) is a second entry, loaded by URL next to server.js.
await build({
	entryPoints: { server: root + 'server/index.ts', 'export-worker': root + 'server/export-worker.ts' },
	outdir: root + 'build',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	alias: { $lib: root + 'src/lib' },
	logLevel: 'warning'
});
writeFileSync(root + 'build/.stamp', new Date().toISOString() + '\n');
