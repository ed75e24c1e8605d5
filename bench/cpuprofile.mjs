// Sums a V8 .cpuprofile (node --cpu-prof, e.g. from `npm run bench:collab -- --profile DIR`) by
// function: self time, and total time (self + callees, each function counted once per stack), the
// top N of each. Usage: node bench/cpuprofile.mjs FILE.cpuprofile [N] [--from S --to S]
// (--from/--to: only the samples taken between S seconds after the profile started, e.g. the
// load window of bench:collab, which follows the clients' connection).
import { readFileSync } from 'node:fs';

const opt = (name) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : null;
};
const [file, topArg] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
const from = (opt('from') ?? 0) * 1e6;
const to = (opt('to') ?? Infinity) * 1e6;
if (!file) {
	process.stderr.write('usage: node bench/cpuprofile.mjs FILE.cpuprofile [N]\n');
	process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the deltas between samples (µs).
const selfUs = new Map();
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
	at += profile.timeDeltas[i];
	if (at < from || at > to) continue;
	const id = profile.samples[i];
	selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}
const name = (n) => {
	const f = n.callFrame;
	const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\.cache\//, '')}:${f.lineNumber + 1}` : '';
	return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map();
const total = new Map();
let all = 0;
for (const [id, us] of selfUs) {
	all += us;
	const n = nodes.get(id);
	self.set(name(n), (self.get(name(n)) ?? 0) + us);
	const seen = new Set();
	for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
		const key = name(nodes.get(cur));
		if (seen.has(key)) continue;
		seen.add(key);
		total.set(key, (total.get(key) ?? 0) + us);
	}
}
const print = (title, map) => {
	process.stdout.write(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)\n`);
	for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		process.stdout.write(`${(us / 1000).toFixed(0).padStart(7)} ms ${((us / all) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
	}
};
print('self time', self);
print('total time', total);
