/**
 * No import cycle between the modules of the app (src/, server/): a cycle makes the order in
 * which modules initialise matter, and is how services end up calling each other sideways.
 * Reads the real sources: static `import … from` and `export … from` of values (type-only
 * imports are erased and do not count) and dynamic `import()`, resolved like Vite/esbuild do
 * for relative paths and `$lib/`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('.');

function sources(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) sources(path, out);
		else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
	}
	return out;
}

function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(root, 'src/lib', spec.slice('$lib/'.length));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null; // a package
	for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

/** The value imports of a source file (type-only imports left out). */
function importsOf(file: string): string[] {
	// Comments may quote imports: leave them out (block, line and HTML comments).
	const code = readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/^\s*\/\/.*$/gm, '');
	const specs: string[] = [];
	for (const m of code.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm)) {
		if (m[1]) continue; // import type { … }
		const names = m[2]!
			.replace(/[{}]/g, '')
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean);
		if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue; // import { type A, type B }
		specs.push(m[3]!);
	}
	for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
	for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
	return specs.map((s) => resolveImport(file, s)).filter((f): f is string => f !== null);
}

/** Strongly connected components of more than one module (Tarjan), i.e. the import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (v: string) => {
		index.set(v, counter);
		low.set(v, counter++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.map((f) => relative(root, f)).sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return found;
}

describe('module structure', () => {
	const files = [...sources(join(root, 'src')), ...sources(join(root, 'server'))];
	const graph = new Map(files.map((f) => [f, importsOf(f)]));

	it('reads the whole app (the import reader finds the modules it should)', () => {
		expect(files.length).toBeGreaterThan(100);
		// A known edge of each kind: relative, $lib/, dynamic.
		const edges = (file: string) => (graph.get(join(root, file)) ?? []).map((f) => relative(root, f));
		expect(edges('server/index.ts')).toContain('server/collab/start.ts');
		expect(edges('src/routes/(app)/reponses/[id]/+layout.server.ts')).toContain('src/lib/server/bids/bid-access.ts');
		expect(edges('src/lib/components/editor/SectionEditor.svelte')).toContain('src/lib/collab/editor.ts');
	});

	it('has no import cycle', () => {
		expect(cycles(graph)).toEqual([]);
	});
});
