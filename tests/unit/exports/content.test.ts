import { describe, expect, it } from 'vitest';
import { cleanText, readSection, safeHref, type TableBlock } from '../../../src/lib/server/exports/content';
import { memoireToDocx, memoireToPdf, sha256Hex, type PmNode } from '../../../src/lib/server/exports';
import { memoireFixture, norm, pdfText, readDocx } from './fixtures';

const text = (value: string): PmNode => ({ type: 'text', text: value });
const cell = (value: string, attrs: Record<string, unknown> = {}): PmNode => ({
	type: 'tableCell',
	attrs,
	content: [{ type: 'paragraph', content: [text(value)] }]
});

describe('sha256Hex', () => {
	it('hashes bytes to lowercase hex', () => {
		expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});
});

describe('safeHref', () => {
	it('keeps absolute http, https and mailto URLs', () => {
		expect(safeHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
		expect(safeHref(' http://example.org ')).toBe('http://example.org/');
		expect(safeHref('mailto:anne@example.org')).toBe('mailto:anne@example.org');
	});

	it('refuses every other scheme, relative URLs and non-strings', () => {
		for (const href of [
			'javascript:alert(1)',
			'JAVASCRIPT:alert(1)',
			'data:text/html,x',
			'file:///etc/passwd',
			'ftp://x',
			'/relative',
			'example.org',
			''
		]) {
			expect(safeHref(href)).toBeNull();
		}
		expect(safeHref(42)).toBeNull();
		expect(safeHref('https://example.org/' + 'a'.repeat(3000))).toBeNull();
	});
});

describe('readSection', () => {
	it('removes characters XML refuses', () => {
		expect(cleanText('a\u0000b\u0007c\td\r\ne\uD800')).toBe('abc d\ne');
	});

	it('clamps heading levels and turns nested headings into bold paragraphs', () => {
		const blocks = readSection({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 6 }, content: [text('Profond')] },
				{ type: 'heading', attrs: { level: 'x' }, content: [text('Sans niveau')] },
				{ type: 'blockquote', content: [{ type: 'heading', attrs: { level: 1 }, content: [text('Cité')] }] }
			]
		});
		expect(blocks[0]).toMatchObject({ kind: 'heading', level: 3 });
		expect(blocks[1]).toMatchObject({ kind: 'heading', level: 1 });
		expect(blocks[2]).toMatchObject({ kind: 'quote', blocks: [{ kind: 'paragraph', inlines: [{ text: 'Cité', bold: true }] }] });
	});

	it('lays tables out on a grid: spans honoured, ragged rows padded', () => {
		const [table] = readSection({
			type: 'doc',
			content: [
				{
					type: 'table',
					content: [
						{ type: 'tableRow', content: [cell('A', { colspan: 2 }), cell('B', { rowspan: 2 })] },
						{ type: 'tableRow', content: [cell('C')] },
						{ type: 'tableRow', content: [cell('D'), cell('E'), cell('F'), cell('G', { rowspan: 9 })] }
					]
				}
			]
		}) as [TableBlock];
		expect(table.columns).toBe(4);
		const layout = table.rows.map((row) => row.map((c) => `${c.filler ? '·' : ''}${c.column}:${c.colSpan}x${c.rowSpan}`));
		expect(layout).toEqual([
			['0:2x1', '2:1x2', '·3:1x1'],
			['0:1x1', '·1:1x1', '·3:1x1'],
			['0:1x1', '1:1x1', '2:1x1', '3:1x1']
		]);
	});

	it('survives malformed JSON without throwing', () => {
		const junk = {
			type: 'doc',
			content: [
				null,
				'text',
				{ type: 'paragraph', content: 'not an array' },
				{ type: 'text', text: 'loose text' },
				{ type: 'mystery', content: [{ type: 'paragraph', content: [{ type: 'text', text: 42 }, text('kept')] }] },
				{ type: 'bulletList', content: [{ type: 'paragraph' }] },
				{ type: 'table', content: [] },
				{
					type: 'paragraph',
					content: [{ type: 'text', text: 'x', marks: [null, { type: 'link' }, { type: 'link', attrs: { href: 'javascript:1' } }] }]
				}
			]
		} as unknown as PmNode;
		const blocks = readSection(junk);
		expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
		expect(readSection(null as unknown as PmNode)).toEqual([]);
		expect(readSection('doc' as unknown as PmNode)).toEqual([]);
	});

	it('flattens very deep nesting instead of overflowing', () => {
		let node: PmNode = { type: 'paragraph', content: [text('au fond')] };
		for (let i = 0; i < 5000; i++) node = { type: 'blockquote', content: [node] };
		const blocks = readSection({ type: 'doc', content: [node] });
		expect(JSON.stringify(blocks)).toContain('au fond');
	});
});

describe('unusual content in both formats', () => {
	const doc: PmNode = {
		type: 'doc',
		content: [
			{
				type: 'table',
				content: [
					{ type: 'tableRow', content: [cell('Fusion horizontale', { colspan: 2 }), cell('Fusion verticale', { rowspan: 2 })] },
					{ type: 'tableRow', content: [cell('C')] }
				]
			},
			{
				type: 'bulletList',
				content: [
					{
						type: 'listItem',
						content: [
							{ type: 'paragraph', content: [text('Item avec suite')] },
							{ type: 'paragraph', content: [text('Second paragraphe du même item')] },
							{ type: 'blockquote', content: [{ type: 'paragraph', content: [text('Citation dans une liste')] }] }
						]
					}
				]
			},
			{ type: 'paragraph', content: [text('Espace fine\u202Favant € et zéro\u200Bchasse')] }
		]
	};
	const input = {
		...memoireFixture(false),
		sections: [
			{ title: 'Cas particuliers', doc },
			{ title: '', doc: { type: 'doc', content: [] } }
		]
	};

	it('renders a mémoire without any section in both formats', async () => {
		const empty = { ...memoireFixture(true), sections: [] };
		expect(norm(readDocx(await memoireToDocx(empty)).text('word/document.xml'))).toContain('Sommaire');
		expect(norm((await pdfText(await memoireToPdf(empty))).text)).toContain('Sommaire');
	});

	it('DOCX: merged cells, list continuation, empty section', async () => {
		const parts = readDocx(await memoireToDocx(input));
		const xml = parts.xml('word/document.xml');
		expect(xml).toContain('<w:gridSpan w:val="2"/>');
		expect(xml).toContain('<w:vMerge w:val="restart"/>');
		expect(xml).toMatch(/<w:vMerge(?: w:val="continue")?\/>/);
		const body = norm(parts.text('word/document.xml'));
		expect(body).toContain('Second paragraphe du même item');
		expect(body).toContain('Citation dans une liste');
		expect(body).toContain('Section 2');
		expect(body).toContain('(Section sans contenu.)');
	});

	it('PDF: the same content renders, with glyphs Roboto lacks replaced', async () => {
		const { text: raw } = await pdfText(await memoireToPdf(input));
		const body = norm(raw);
		expect(body).toContain('Fusion horizontale');
		expect(body).toContain('Fusion verticale');
		expect(body).toContain('Second paragraphe du même item');
		expect(body).toContain('Citation dans une liste');
		expect(body).toContain('Espace fine avant €');
		expect(body).toContain('(Section sans contenu.)');
	});
});
