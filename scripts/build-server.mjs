// Bundles the production entry server/index.ts into build/server.js (Node 20 cannot run TS).
// Packages stay external: runtime ones are in "dependencies" so `npm ci --omit=dev` works.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
	entryPoints: [root + 'server/index.ts'],
	outfile: root + 'build/server.js',
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
