/**
 * Suggested changes and the server's readers (issue 15, item 3): exports, counts, previews and
 * versions read a section as if every pending suggestion were refused — insertion runs left out,
 * deletion runs kept as plain text, the library's zero-width anchors dropped — and the pending
 * suggestions are counted for the readiness of the bid.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	countCharacters,
	docToHtml,
	docToPlainText,
	docToProsemirrorJSON,
	pendingSuggestions,
	settledFingerprint,
	SECTION_FIELD
} from '../../../src/lib/server/collab/text';

const ANNE = 'anneanneanneanneanneanne';
const id = (n: number) => `${ANNE}.1796000000000.r${n}`;

/** « Nous animerons des ateliers[ gratuits] [hebdomadaires] dans chaque commune. » with suggestions. */
function sectionWithSuggestions(): Y.Doc {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	doc.getXmlFragment(SECTION_FIELD).insert(0, [paragraph]);
	text.applyDelta([
		{ insert: 'Nous animerons des ' },
		{ insert: 'ateliers', attributes: { bold: {} } },
		{ insert: ' gratuits', attributes: { insertion: { id: id(1) } } },
		{ insert: ' ' },
		{ insert: 'hebdomadaires', attributes: { deletion: { id: id(2) } } },
		{ insert: ' dans chaque commune.' },
		{ insert: '\u200b', attributes: { deletion: { id: id(2) } } }
	]);
	return doc;
}

describe('server readers of a section with pending suggestions', () => {
	const doc = sectionWithSuggestions();
	const settled = 'Nous animerons des ateliers hebdomadaires dans chaque commune.';

	it('give the text as if every suggestion were refused: insertions left out, deletions kept', () => {
		expect(docToPlainText(doc)).toBe(settled);
		expect(countCharacters(doc)).toBe([...settled].length);
		expect(docToHtml(doc)).toBe('<p>Nous animerons des <strong>ateliers</strong> hebdomadaires dans chaque commune.</p>');
	});

	it('give the exports ProseMirror JSON without any suggestion mark', () => {
		const json = JSON.stringify(docToProsemirrorJSON(doc));
		expect(json).not.toMatch(/insertion|deletion|gratuits|\u200b/);
		expect(json).toContain('hebdomadaires');
		expect(json).toContain('"bold"');
	});

	it('count the pending suggestions with what each proposes', () => {
		expect(pendingSuggestions(doc, SECTION_FIELD)).toEqual([
			{ id: id(1), inserted: ' gratuits', deleted: '' },
			{ id: id(2), inserted: '', deleted: 'hebdomadaires' }
		]);
		const plain = new Y.Doc();
		plain.getXmlFragment(SECTION_FIELD).insert(0, [new Y.XmlElement('paragraph')]);
		expect(pendingSuggestions(plain, SECTION_FIELD)).toEqual([]);
	});

	it('fingerprint the settled text: unchanged by suggestions, changed by a direct edit or new formatting', () => {
		const base = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText()]);
		base.getXmlFragment(SECTION_FIELD).insert(0, [paragraph]);
		(paragraph.get(0) as Y.XmlText).applyDelta([
			{ insert: 'Nous animerons des ' },
			{ insert: 'ateliers', attributes: { bold: {} } },
			{ insert: ' hebdomadaires dans chaque commune.' }
		]);
		expect(settledFingerprint(doc, SECTION_FIELD)).toBe(settledFingerprint(base, SECTION_FIELD));
		const text = paragraph.get(0) as Y.XmlText;
		const before = settledFingerprint(base, SECTION_FIELD);
		text.format(0, 4, { italic: {} });
		expect(settledFingerprint(base, SECTION_FIELD)).not.toBe(before);
		text.format(0, 4, { italic: null });
		expect(settledFingerprint(base, SECTION_FIELD)).toBe(before);
		text.insert(0, 'Oui. ');
		expect(settledFingerprint(base, SECTION_FIELD)).not.toBe(before);
	});
});
