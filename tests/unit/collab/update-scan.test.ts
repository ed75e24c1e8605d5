/**
 * The quick scan that lets typing skip the nesting check (server/collab/update-scan.ts): on real
 * updates of every content kind it answers exactly what a full Yjs decoding says (does the update
 * create an element?), and on damaged bytes it never answers « no element » when Yjs would read
 * one.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createsElements } from '../../../server/collab/update-scan';

function hasType(update: Uint8Array): boolean {
	const { structs } = Y.decodeUpdate(update);
	return structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentType);
}

/** Every update `edit` makes on a fresh document with some content already. */
function updatesOf(edit: (doc: Y.Doc) => void): Uint8Array[] {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('content');
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('Bonjour')]);
	fragment.insert(0, [p]);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	edit(doc);
	return updates;
}

describe('createsElements', () => {
	const cases: Array<[string, (doc: Y.Doc) => void, boolean]> = [
		['typing in a text', (doc) => doc.getText('t').insert(0, 'abc'), false],
		[
			'typing in a paragraph',
			(doc) => ((doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, 'jour'),
			false
		],
		[
			'bold on a range',
			(doc) => ((doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { bold: true }),
			false
		],
		['a deletion', (doc) => ((doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 2), false],
		['an embed', (doc) => doc.getText('t').insertEmbed(0, { image: 'x' }), false],
		[
			'map values of every kind',
			(doc) => {
				const m = doc.getMap('m');
				m.set('n', 1);
				m.set('s', 'deux');
				m.set('o', { a: [1, 'b', null, true] });
				m.set('b', new Uint8Array([1, 2, 3]));
			},
			false
		],
		['a JSON array', (doc) => doc.getArray('a').insert(0, [1, 'x', { y: 2 }]), false],
		['a sub-document', (doc) => doc.getMap('docs').set('d', new Y.Doc()), false],
		['a new paragraph', (doc) => doc.getXmlFragment('content').insert(1, [new Y.XmlElement('paragraph')]), true],
		[
			'a nested list',
			(doc) => {
				const list = new Y.XmlElement('bulletList');
				const item = new Y.XmlElement('listItem');
				item.insert(0, [new Y.XmlElement('paragraph')]);
				list.insert(0, [item]);
				doc.getXmlFragment('content').insert(0, [list]);
			},
			true
		],
		['a map holding a map', (doc) => doc.getMap('m').set('inner', new Y.Map()), true],
		['text in a new text type', (doc) => doc.getArray('a').insert(0, [new Y.Text('x')]), true]
	];
	for (const [name, edit, expected] of cases) {
		it(`reads ${name} as Yjs does`, () => {
			const updates = updatesOf(edit);
			expect(updates.length).toBeGreaterThan(0);
			for (const u of updates) {
				expect(hasType(u)).toBe(expected);
				expect(createsElements(u)).toBe(expected);
			}
		});
	}

	it('never answers « no element » for damaged bytes Yjs reads as creating one', () => {
		const base = updatesOf((doc) => {
			doc.getXmlFragment('content').insert(1, [new Y.XmlElement('paragraph')]);
			doc.getText('t').insert(0, 'abc');
		});
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		for (let i = 0; i < 2000; i++) {
			const bytes = Uint8Array.from(base[i % base.length]!);
			for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
			let yjsSaysType: boolean | null;
			try {
				yjsSaysType = hasType(bytes);
			} catch {
				yjsSaysType = null; // Yjs cannot read it either: applying it would fail the same way
			}
			if (yjsSaysType) expect(createsElements(bytes)).not.toBe(false);
		}
	});
});
