import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
	countCharacters,
	docToHtml,
	docToHtmlExcerpt,
	docToPlainText,
	docToProsemirrorJSON,
	MAX_DOCUMENT_DEPTH,
	safeHref,
	storedHtmlExcerpt
} from '../../../src/lib/server/collab/text';

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

	it('gives the same ProseMirror JSON as y-tiptap for ordinary documents', () => {
		const doc = sectionDoc([
			el('heading', { level: 2 }, [text('Titre')]),
			el('paragraph', {}, [text('Nous ', ['livrons', { bold: {} }], ' ', ['ici', { link: { href: 'https://a.fr' } }])]),
			el('paragraph', {}, [text('a'), el('hardBreak', {}, []), text('b')]),
			el('paragraph', {}, []),
			el('bulletList', {}, [el('listItem', {}, [el('paragraph', {}, [text('un')])])]),
			el('table', {}, [el('tableRow', {}, [el('tableCell', { colspan: 2 }, [el('paragraph', {}, [text('A')])])])])
		]);
		expect(docToProsemirrorJSON(doc)).toEqual(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')));
	});
});

/** `depth` blockquotes inside each other, built top-down as a writer's updates would, a paragraph at the bottom. */
function nestedDoc(depth: number, bottom: string, name = 'blockquote'): Y.Doc {
	const doc = new Y.Doc();
	let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('default');
	for (let i = 0; i < depth; i++) {
		const child = new Y.XmlElement(name);
		parent.insert(0, [child]);
		parent = child;
	}
	const p = new Y.XmlElement('paragraph');
	parent.insert(0, [p]);
	const t = new Y.XmlText();
	p.insert(0, [t]);
	t.insert(0, bottom, { bold: {} });
	return doc;
}

function jsonDepth(node: { content?: unknown[] }): number {
	let max = 0;
	const stack: Array<[{ content?: unknown[] }, number]> = [[node, 1]];
	while (stack.length) {
		const [n, d] = stack.pop()!;
		max = Math.max(max, d);
		for (const c of n.content ?? []) stack.push([c as { content?: unknown[] }, d + 1]);
	}
	return max;
}

describe('deeply nested documents', () => {
	it('are read to MAX_DOCUMENT_DEPTH levels, deeper content flattened with its text kept', () => {
		expect(MAX_DOCUMENT_DEPTH).toBe(48);
		const doc = nestedDoc(3000, 'au fond & <ici>');
		const html = docToHtml(doc);
		expect(html.split('<blockquote>').length - 1).toBe(MAX_DOCUMENT_DEPTH);
		expect(html).toContain('<p>au fond &amp; &lt;ici&gt;</p>');
		expect(html.endsWith('</blockquote>'.repeat(MAX_DOCUMENT_DEPTH))).toBe(true);
		expect(docToPlainText(doc)).toBe('> '.repeat(MAX_DOCUMENT_DEPTH) + 'au fond & <ici>');
		expect(countCharacters(doc)).toBe('au fond & <ici>'.length);
		const json = docToProsemirrorJSON(doc);
		expect(jsonDepth(json)).toBeLessThanOrEqual(MAX_DOCUMENT_DEPTH + 3);
		expect(JSON.stringify(json)).toContain('"text":"au fond & <ici>"');
	});

	it('keep documents within the limit unchanged (marks included)', () => {
		const doc = nestedDoc(MAX_DOCUMENT_DEPTH - 1, 'juste');
		expect(docToHtml(doc)).toBe(
			'<blockquote>'.repeat(MAX_DOCUMENT_DEPTH - 1) + '<p><strong>juste</strong></p>' + '</blockquote>'.repeat(MAX_DOCUMENT_DEPTH - 1)
		);
		expect(docToProsemirrorJSON(doc)).toEqual(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')));
	});

	it('flatten lists and tables too: one paragraph per text block', () => {
		const doc = nestedDoc(2000, 'fin', 'listItem');
		const html = docToHtml(doc);
		expect(html).toContain('<p>fin</p>');
		expect(docToPlainText(doc)).toContain('fin');
	});
});

describe('HTML excerpts', () => {
	const paragraphs = (n: number) =>
		sectionDoc(Array.from({ length: n }, (_, i) => el('paragraph', {}, [text(`Paragraphe ${i} ` + 'x'.repeat(80))])));

	it('end at a block boundary once the budget is spent, and say so', () => {
		const doc = paragraphs(1000);
		const full = docToHtml(doc);
		const excerpt = docToHtmlExcerpt(doc, 2000);
		expect(excerpt.truncated).toBe(true);
		expect(excerpt.html.length).toBeLessThanOrEqual(2000 + 120);
		expect(full.startsWith(excerpt.html)).toBe(true);
		expect(excerpt.html.endsWith('</p>')).toBe(true);
		expect(docToHtmlExcerpt(doc, full.length)).toEqual({ html: full, truncated: false });
	});

	it('stop walking the document once the budget is spent', () => {
		const doc = paragraphs(10_000);
		const reads = vi.spyOn(Y.XmlText.prototype, 'toDelta');
		try {
			docToHtmlExcerpt(doc, 20_000);
			expect(reads.mock.calls.length).toBeLessThan(300);
		} finally {
			reads.mockRestore();
		}
	});

	it('cut inside one long block, never inside an entity, and close what is open', () => {
		const doc = sectionDoc([el('bulletList', {}, [el('listItem', {}, [el('paragraph', {}, [text(['<&>'.repeat(5000), { bold: {} }])])])])]);
		const excerpt = docToHtmlExcerpt(doc, 1000);
		expect(excerpt.truncated).toBe(true);
		expect(excerpt.html).toMatch(/^<ul><li><p><strong>(&lt;&amp;&gt;)+(&lt;|&lt;&amp;)?…<\/strong><\/p><\/li><\/ul>$/);
		expect(excerpt.html.length).toBeLessThan(1100);
	});

	it('end before a long block that starts late, rather than in its middle', () => {
		const doc = sectionDoc([el('paragraph', {}, [text('a'.repeat(800))]), el('paragraph', {}, [text('b'.repeat(5000))])]);
		expect(docToHtmlExcerpt(doc, 1000)).toEqual({ html: `<p>${'a'.repeat(800)}</p>`, truncated: true });
	});

	it('of stored HTML end at a block boundary, or inside text, with every element closed', () => {
		const stored = '<h2>Titre</h2><ul><li><p>un</p></li><li><p>deux &amp; trois</p></li></ul><p>fin</p>';
		expect(storedHtmlExcerpt(stored, 1000, false)).toEqual({ html: stored, truncated: false });
		expect(storedHtmlExcerpt(stored.slice(0, 60), 60, true)).toEqual({
			html: '<h2>Titre</h2><ul><li><p>un</p></li></ul>',
			truncated: true
		});
		const long = `<blockquote><p>${'mot '.repeat(100)}&amp;</p></blockquote>`;
		const cut = storedHtmlExcerpt(long.slice(0, 120), 120, true);
		expect(cut.truncated).toBe(true);
		expect(cut.html).toMatch(/^<blockquote><p>(mot )*mot…<\/p><\/blockquote>$/);
		expect(storedHtmlExcerpt('<p>a &amp; b</p>', 9, true).html).toBe('<p>a…</p>');
	});
});
