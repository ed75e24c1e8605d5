/**
 * Cost of the suggest-only check (server/collab/suggest-only.ts) per update, on a section of
 * ~20 kB and one of ~500 kB (the size cap): the first check (the room's copy built from its
 * state), then a suggested keystroke (one character with an `insertion` mark: the copy applies
 * it, the settled text is walked twice — once for the room when it changed, once for the copy),
 * and a refused direct edit (the copy is dropped). Plain writers pay none of it.
 *   node bench/run.mjs suggest-check
 */
import * as Y from 'yjs';
import { SuggestionGuard } from '../server/collab/suggest-only';
import { SECTION_FIELD } from '../src/lib/server/collab/text/index';

function section(bytes: number): Y.Doc {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment(SECTION_FIELD);
	const sentence = 'Notre groupement anime des ateliers numériques dans chaque commune du territoire, ';
	let i = 0;
	while (Y.encodeStateAsUpdate(doc).byteLength < bytes) {
		doc.transact(() => {
			for (let k = 0; k < 20; k++, i++) {
				const p = new Y.XmlElement(i % 10 === 0 ? 'heading' : 'paragraph');
				const t = new Y.XmlText();
				p.insert(0, [t]);
				fragment.insert(fragment.length, [p]);
				t.insert(0, sentence.repeat(3));
				t.format(10, 12, { bold: {} });
			}
		});
	}
	return doc;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

function measure(label: string, bytes: number): void {
	const room = section(bytes);
	const size = Y.encodeStateAsUpdate(room).byteLength;
	let encoded: Uint8Array | null = null;
	room.on('update', () => (encoded = null));
	const guard = new SuggestionGuard(room, () => (encoded ??= Y.encodeStateAsUpdate(room)));
	room.on('update', (u: Uint8Array) => guard.follow(u));

	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
	const text = (client.getXmlFragment(SECTION_FIELD).get(5) as Y.XmlElement).get(0) as Y.XmlText;
	const keystroke = (pos: number): Uint8Array => {
		const before = Y.encodeStateVector(client);
		text.insert(pos, 'x', { insertion: { id: `bench.${Date.now()}.k` } });
		return Y.encodeStateAsUpdate(client, before);
	};

	let t = performance.now();
	const first = keystroke(20);
	if (!guard.onlySuggests(first)) throw new Error('honest suggestion refused');
	const cold = performance.now() - t;
	Y.applyUpdate(room, first);

	const times: number[] = [];
	const plain: number[] = [];
	for (let i = 0; i < 100; i++) {
		const u = keystroke(21 + i);
		t = performance.now();
		if (!guard.onlySuggests(u)) throw new Error('honest suggestion refused');
		times.push(performance.now() - t);
		t = performance.now();
		Y.applyUpdate(room, u);
		plain.push(performance.now() - t);
	}
	const before = Y.encodeStateVector(client);
	text.insert(0, 'direct ');
	t = performance.now();
	if (guard.onlySuggests(Y.encodeStateAsUpdate(client, before))) throw new Error('direct edit accepted');
	const refused = performance.now() - t;
	console.log(
		`${label}: state ${(size / 1024).toFixed(0)} kB — first check ${cold.toFixed(1)} ms; suggested keystroke median ${median(times).toFixed(2)} ms ` +
			`(p95 ${[...times].sort((a, b) => a - b)[94]!.toFixed(2)} ms; applying it to the room alone ${median(plain).toFixed(2)} ms); refused edit ${refused.toFixed(1)} ms`
	);
}

measure('20 kB section', 20 * 1024);
measure('500 kB section', 500 * 1024);
