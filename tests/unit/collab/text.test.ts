import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countCharacters, docToHtml, docToPlainText, safeHref } from '../../../src/lib/server/collab/text';

type Child = Y.XmlElement | Y.XmlText;

function el(name: string, attrs: Record<string, unknown>, children: Child[]): Y.XmlElement {
	const node = new Y.XmlElement(name);
	for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v as string);
	node.insert(0, children);
	return node;
}

/** An XmlText made of runs: [text, marks?]. Built detached, formatted once attached to the doc. */
function text(...runs: Array<string | [string, Record<string, unknown>]>): Y.XmlText {
	const t = new Y.XmlText();
	pendingFormats.set(
		t,
		runs.map((r) => (typeof r === 'string' ? [r, {}] : r))
	);
	return t;
}
const pendingFormats = new Map<Y.XmlText, Array<[string, Record<string, unknown>]>>();

/** A section document whose 'default' fragment holds `blocks` (what Tiptap's Collaboration binds). */
function sectionDoc(blocks: Y.XmlElement[]): Y.Doc {
	const doc = new Y.Doc();
	doc.getXmlFragment('default').insert(0, blocks);
	for (const [t, runs] of pendingFormats) {
		let at = 0;
		for (const [s, marks] of runs) {
			t.insert(at, s, marks);
			at += s.length;
		}
	}
	pendingFormats.clear();
	return doc;
}

describe('section text extraction', () => {
	it('renders blocks, lists, tables and marks to escaped HTML', () => {
		const doc = sectionDoc([
			el('heading', { level: 2 }, [text('Méthodologie & <moyens>')]),
			el('paragraph', {}, [
				text('Nous ', ['livrons', { bold: {} }], ' en ', ['temps', { italic: {}, strike: {} }], ' ', ['réel', { code: {} }], '.')
			]),
			el('paragraph', {}, [
				text(['site', { link: { href: 'https://exemple.fr/a?b=1&c="2"' } }], ' et ', ['piège', { link: { href: 'javascript:alert(1)' } }])
			]),
			el('paragraph', {}, [text('ligne 1'), el('hardBreak', {}, []), text('ligne 2')]),
			el('bulletList', {}, [
				el('listItem', {}, [el('paragraph', {}, [text('un')])]),
				el('listItem', {}, [el('paragraph', {}, [text('deux')])])
			]),
			el('orderedList', { start: 3 }, [el('listItem', {}, [el('paragraph', {}, [text('trois')])])]),
			el('blockquote', {}, [el('paragraph', {}, [text('citation')])]),
			el('table', {}, [
				el('tableRow', {}, [
					el('tableHeader', { colspan: 2 }, [el('paragraph', {}, [text('Lot')])]),
					el('tableHeader', {}, [el('paragraph', {}, [text('Prix')])])
				]),
				el('tableRow', {}, [
					el('tableCell', {}, [el('paragraph', {}, [text('A')])]),
					el('tableCell', {}, [el('paragraph', {}, [text('B')])]),
					el('tableCell', {}, [el('paragraph', {}, [text('1 200 €')])])
				])
			])
		]);

		const html = docToHtml(doc);
		expect(html).toContain('<h2>Méthodologie &amp; &lt;moyens&gt;</h2>');
		expect(html).toContain('<p>Nous <strong>livrons</strong> en <em><s>temps</s></em> <code>réel</code>.</p>');
		expect(html).toContain('<a href="https://exemple.fr/a?b=1&amp;c=%222%22">site</a>');
		expect(html).toContain(' et piège</p>'); // javascript: link dropped, text kept
		expect(html).not.toContain('javascript');
		expect(html).toContain('<p>ligne 1<br>ligne 2</p>');
		expect(html).toContain('<ul><li><p>un</p></li><li><p>deux</p></li></ul>');
		expect(html).toContain('<ol start="3"><li><p>trois</p></li></ol>');
		expect(html).toContain('<blockquote><p>citation</p></blockquote>');
		expect(html).toContain('<table><tbody><tr><th colspan="2"><p>Lot</p></th><th><p>Prix</p></th></tr>');
		expect(html).toContain('<td><p>1 200 €</p></td></tr></tbody></table>');

		expect(docToPlainText(doc)).toBe(
			[
				'Méthodologie & <moyens>',
				'Nous livrons en temps réel.',
				'site et piège',
				'ligne 1',
				'ligne 2',
				'• un',
				'• deux',
				'3. trois',
				'> citation',
				'Lot\tPrix',
				'A\tB\t1 200 €'
			].join('\n')
		);
	});

	it('escapes attribute injection and clamps heading levels', () => {
		const doc = sectionDoc([
			el('heading', { level: 9 }, [text('"><script>alert(1)</script>')]),
			el('heading', { level: 'x' }, [text('défaut')]),
			el('unknownNode', { onclick: 'evil()' }, [text('gardé')])
		]);
		const html = docToHtml(doc);
		expect(html).toBe('<h6>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h6><h1>défaut</h1>gardé');
	});

	it('treats nodes named after Object.prototype members (forgeable by any writer) as unknown nodes', () => {
		const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
		const doc = sectionDoc(names.map((n) => el(n, {}, [text(`[${n}]`)])));
		expect(docToHtml(doc)).toBe(names.map((n) => `[${n}]`).join(''));
	});

	it('counts characters, spaces included, breaks and markup excluded', () => {
		const doc = sectionDoc([
			el('paragraph', {}, [text('Été ', ['2026', { bold: {} }])]),
			el('paragraph', {}, [text('a'), el('hardBreak', {}, []), text('😀')])
		]);
		expect(countCharacters(doc)).toBe(10);
		expect(countCharacters(new Y.Doc())).toBe(0);
		expect(docToHtml(new Y.Doc())).toBe('');
		expect(docToPlainText(new Y.Doc())).toBe('');
	});

	it('reads a document that arrived as an update (as stored by the server)', () => {
		const source = sectionDoc([el('paragraph', {}, [text('depuis la base')])]);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
		expect(docToPlainText(copy)).toBe('depuis la base');
	});

	it('ignores a document whose default field is not a fragment', () => {
		const doc = new Y.Doc();
		doc.getText('default').insert(0, 'not a section');
		expect(docToHtml(doc)).toBe('');
		expect(countCharacters(doc)).toBe(0);
	});

	it('accepts only http(s) and mailto links', () => {
		expect(safeHref('https://a.fr')).toBe('https://a.fr/');
		expect(safeHref('mailto:a@b.fr')).toBe('mailto:a@b.fr');
		expect(safeHref(' JavaScript:alert(1)')).toBeNull();
		expect(safeHref('data:text/html,x')).toBeNull();
		expect(safeHref('/relative')).toBeNull();
		expect(safeHref(42)).toBeNull();
	});
});
