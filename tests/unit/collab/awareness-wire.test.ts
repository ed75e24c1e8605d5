/**
 * The presence a browser sends (src/lib/collab/awareness-wire.ts): the caret it sends stays
 * put while the person types at one place — so nothing needs sending — and still shows, on
 * another copy of the document, right after what was typed; `user` is left to the server.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wireState } from '../../../src/lib/collab/awareness-wire';

/** A section document: one paragraph holding `text`; and a second copy (another browser). */
function section(text: string) {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	doc.getXmlFragment('default').insert(0, [paragraph]);
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	return { doc, other, text: paragraph.get(0) as Y.XmlText };
}

/** The local state y-tiptap keeps: the caret tied to the character on its left (assoc -1), and the user. */
function localState(text: Y.XmlText, index: number) {
	const caret = Y.createRelativePositionFromTypeIndex(text, index, -1);
	return { user: { id: 'anne', name: 'Anne Martin', color: '#1f4e79' }, cursor: { anchor: caret, head: caret } };
}

/** Where a wire caret lands in `doc` (index in its paragraph's text). */
function landsAt(doc: Y.Doc, wire: Record<string, unknown>): number | undefined {
	const anchor = (wire.cursor as { anchor: unknown }).anchor;
	return Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), doc)?.index;
}

function type(doc: Y.Doc, from: Y.Doc, text: Y.XmlText, index: number, chars: string) {
	text.insert(index, chars);
	Y.applyUpdate(from, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(from)));
}

describe('wireState (the presence sent to others)', () => {
	it('does not change while a person types in the middle of a sentence, and shows after what they typed', () => {
		const { doc, other, text } = section('Nous animerons des ateliers.');
		const before = wireState(doc, localState(text, 14));
		type(doc, other, text, 14, ' ensemble');
		const after = wireState(doc, localState(text, 23));
		expect(after).toEqual(before);
		expect(landsAt(other, after)).toBe(23);
		expect(other.getXmlFragment('default').toString()).toContain('Nous animerons ensemble des ateliers.');
	});

	it('does not change while a person types at the end of the text, nor when they delete backwards', () => {
		const { doc, other, text } = section('Nous animerons');
		const before = wireState(doc, localState(text, 14));
		type(doc, other, text, 14, ' des ateliers');
		expect(wireState(doc, localState(text, 27))).toEqual(before);
		expect(landsAt(other, before)).toBe(27);
		text.delete(26, 1);
		expect(wireState(doc, localState(text, 26))).toEqual(before);
	});

	it('changes when the caret moves elsewhere, and leaves who the person is to the server', () => {
		const { doc, text } = section('Nous animerons des ateliers.');
		const here = wireState(doc, localState(text, 14));
		expect(wireState(doc, localState(text, 4))).not.toEqual(here);
		expect(here).not.toHaveProperty('user');
		expect(wireState(doc, { user: { id: 'anne' }, cursor: null })).toEqual({ cursor: null });
	});

	it('is shorter than the state y-tiptap keeps', () => {
		const { doc, text } = section('Nous animerons des ateliers.');
		const local = localState(text, 14);
		expect(JSON.stringify(wireState(doc, local)).length).toBeLessThan(JSON.stringify(local).length / 2);
	});
});
