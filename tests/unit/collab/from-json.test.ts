/**
 * A fresh section document from ProseMirror JSON (collab/text/from-json.ts): what the readers give
 * back is what was written (headings, marks, links, hard breaks, lists, tables, empty paragraphs),
 * suggestion marks are never written, and pictures are replaced by their description.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToUpdate, type JsonNode } from '../../../src/lib/server/collab/text/from-json';
import { docToProsemirrorJSON, docToPlainText } from '../../../src/lib/server/collab/text';

function read(update: Uint8Array) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return { json: docToProsemirrorJSON(doc), text: docToPlainText(doc) };
}

const cell = (type: string, text: string): JsonNode => ({ type, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('prosemirrorJSONToUpdate', () => {
	it('writes a document the readers read back the same', () => {
		const doc: JsonNode = {
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Méthode' }] },
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Nous ' },
						{ type: 'text', text: 'partons', marks: [{ type: 'bold', attrs: {} }] },
						{ type: 'hardBreak' },
						{ type: 'text', text: 'du terrain', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }
					]
				},
				{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'un' }] }] }] },
				{ type: 'table', content: [{ type: 'tableRow', content: [cell('tableHeader', 'Étape'), cell('tableCell', 'Durée')] }] },
				{ type: 'paragraph' }
			]
		};
		expect(read(prosemirrorJSONToUpdate(doc).update).json).toEqual(doc);
	});

	it('never writes a suggestion mark, and replaces pictures by their description', () => {
		const written = prosemirrorJSONToUpdate({
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: 'Gardé', marks: [{ type: 'deletion', attrs: { id: 'x' } }] }] },
				{ type: 'image', attrs: { fileId: 'f1', alt: 'Carte du territoire' } },
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Voir ' },
						{ type: 'image', attrs: { fileId: 'f2', alt: '' } }
					]
				}
			]
		});
		expect(written.picturesLeftOut).toBe(2);
		const { json, text } = read(written.update);
		expect(JSON.stringify(json)).not.toMatch(/deletion|fileId|f1|f2/);
		expect(text).toContain('[Image non copiée : Carte du territoire]');
		expect(text).toContain('Voir [Image non copiée]');
	});
});
