/**
 * Pins the exact bytes of every export (mémoire and annex, DOCX and PDF, draft and final) for
 * fixed inputs: the submission record stores each file's SHA-256, so a change of layout code
 * that moves a single byte must be deliberate. Written before the exports were cut into
 * folders (issue 13) to prove that refactor changed nothing; a deliberate change of rendering
 * (or an upgrade of `docx`, `pdfmake` or `fflate`) updates these hashes in the same commit.
 * Issue 14 changed the mémoire DOCX on purpose: one table of contents (the field, updated on
 * open, its last result the section titles) instead of a static « Sommaire » plus the field and
 * an author instruction; the members' SIRET and contact on the cover when given.
 */
import { describe, expect, it } from 'vitest';
import {
	annexToDocx,
	annexToPdf,
	formToDocx,
	formToPdf,
	memoireToDocx,
	memoireToPdf,
	sha256Hex,
	type PmNode
} from '../../../src/lib/server/exports';
import { annexFixture, formFixture, memoireFixture } from './fixtures';

const text = (value: string, marks?: PmNode['marks']): PmNode =>
	marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const p = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const li = (...content: PmNode[]): PmNode => ({ type: 'listItem', content });
const cell = (value: string, attrs: Record<string, unknown> = {}, type = 'tableCell'): PmNode => ({
	type,
	attrs,
	content: [p(text(value))]
});

/** Content the shared fixtures leave out: spans, ragged rows, lists in quotes and cells, deep headings, odd glyphs. */
const EDGE_SECTION: PmNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 3 }, content: [text('Niveau trois')] },
		p(text('souligné', [{ type: 'underline' }]), text(' 1\u202F234 € → fin\u200B.')),
		p(),
		{
			type: 'blockquote',
			content: [
				p(text('Cité')),
				{ type: 'orderedList', attrs: { start: 7 }, content: [li(p(text('sept')), { type: 'bulletList', content: [li(p(text('puce')))] })] }
			]
		},
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('A', { colspan: 2 }, 'tableHeader'), cell('B', { rowspan: 2 }, 'tableHeader')] },
				{
					type: 'tableRow',
					content: [{ type: 'tableCell', content: [{ type: 'bulletList', content: [li(p(text('dans la cellule')))] }] }]
				},
				{ type: 'tableRow', content: [cell('D'), cell('E'), cell('F'), cell('G')] }
			]
		},
		{ type: 'table', content: [{ type: 'tableRow', content: [cell('seule')] }] },
		{ type: 'unknownWrapper', content: [p(text('contenu gardé'))] },
		{ type: 'heading', attrs: { level: 1 }, content: [] }
	]
};

/** The mémoire with the members' SIRET and contact on the cover (issue 14). */
function detailedMemoire() {
	const input = memoireFixture(false);
	const [gamma, delta] = input.group.members;
	return {
		...input,
		group: {
			...input.group,
			members: [
				{ ...gamma!, siret: '12345678900011', contact: 'contact@gamma.example · 05 55 12 34 56' },
				{ ...delta!, siret: '98765432100022', contact: '' }
			]
		}
	};
}

function edgeMemoire(draft: boolean) {
	const input = memoireFixture(draft);
	return {
		...input,
		lot: null,
		sections: [...input.sections, { title: '', doc: EDGE_SECTION }, { title: 'Vide', doc: { type: 'doc', content: [] } }]
	};
}

const PINNED: Record<string, [() => Promise<Uint8Array>, string]> = {
	'mémoire DOCX, draft': [() => memoireToDocx(memoireFixture(true)), '17be4e35cab4acc54f96e0b5759f62eaf52dfdf1d9345a187d5fe3ce0d573c3f'],
	'mémoire DOCX, final': [() => memoireToDocx(memoireFixture(false)), 'e265c866542abfee787df164f9496c6265d6a326b803f05ff205e18449371143'],
	'mémoire DOCX, edge content, no lot': [
		() => memoireToDocx(edgeMemoire(false)),
		'528e39ebe0f0b8c70578a63de7817f1e5e21d19cc6f0f48de062a7a769ca62d7'
	],
	'mémoire PDF, draft': [() => memoireToPdf(memoireFixture(true)), '0c2e4734a1b69bd570d124b8db207329ab447ffe4a6c43923dfb7fb542af8b93'],
	'mémoire PDF, final': [() => memoireToPdf(memoireFixture(false)), '5f01fbffbf4fe378c65cd70961881db7092a087eb96164e84e11a142154b61c8'],
	'mémoire PDF, edge content, no lot': [
		() => memoireToPdf(edgeMemoire(false)),
		'27225041a60fbb6beefc1f61badd67d34cb17019bb3e46be026a9b44f3e179a4'
	],
	'mémoire DOCX, members’ details on the cover': [
		() => memoireToDocx(detailedMemoire()),
		'f704c6126661b47a40e921aef96173879b7b1524fdddce7f409c23d633a66ea0'
	],
	'mémoire PDF, members’ details on the cover': [
		() => memoireToPdf(detailedMemoire()),
		'f6e1f90c1628461c45cbb23026618b14113f90ed38f0bf28999bbe93e3aab484'
	],
	'annex DOCX, draft': [() => annexToDocx(annexFixture(true)), '51138c1a18fcfc02e360dfc3a5bb74cd6b5cf654771182b64669fcf313865e45'],
	'annex DOCX, final': [() => annexToDocx(annexFixture(false)), 'a336197edae0c384f76ad9e4e61a6e00c121eecfe2c6ee4987aba912f27e8644'],
	'annex PDF, draft': [() => annexToPdf(annexFixture(true)), 'b71670828a8acf5b3fba3ece8de36967d53b1caaef4a5fbf2698c2ed985320c1'],
	'annex PDF, final': [() => annexToPdf(annexFixture(false)), '7ddc2de91705a2dcd6f20f5c64982edb47bc239bc65c79e931a68430f5f66dc5'],
	'DC1 DOCX, draft': [() => formToDocx(formFixture('dc1', true)), 'd9ed8f8e7bebd219231ca99b0b9170ab662c57ec8c9d1b7dd34b961abdd241c5'],
	'ATTRI1 PDF, final': [() => formToPdf(formFixture('attri1', false)), 'ca9fba1679d51a5bd066cbddd38dd3cbb4cf4c1fc88b2d49ebbaefa292c3c58d']
};

describe('export bytes (pinned)', () => {
	for (const [name, [render, hash]] of Object.entries(PINNED)) {
		it(`${name} keeps its SHA-256`, async () => {
			expect(sha256Hex(await render())).toBe(hash);
		});
	}
});
