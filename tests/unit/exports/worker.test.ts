/**
 * The bundled export worker (build/export-worker.js, what production runs through
 * server/export-pool.ts) renders every export byte for byte like the in-process renderer, and
 * answers section previews: the worker bundle holds the whole export code, so a module left out
 * or resolved differently by esbuild would show here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { createExportPool, type ExportPool } from '../../../server/export-pool';
import { sha256Hex } from '../../../src/lib/server/exports';
import { renderInProcess, type RenderJob } from '../../../src/lib/server/exports/render';
import { assertBuilt } from '../../support/server';
import { annexFixture, formFixture, memoireFixture } from './fixtures';

const JOBS: RenderJob[] = [
	{ kind: 'memoire', format: 'docx', input: memoireFixture(true) },
	{ kind: 'memoire', format: 'pdf', input: memoireFixture(false) },
	{ kind: 'annex', format: 'docx', input: annexFixture(false) },
	{ kind: 'annex', format: 'pdf', input: annexFixture(true) },
	{ kind: 'form', format: 'docx', input: formFixture('dc1', true) },
	{ kind: 'form', format: 'pdf', input: formFixture('attri1', false) }
];

describe('export worker (built)', () => {
	let pool: ExportPool;

	beforeAll(() => {
		assertBuilt();
		pool = createExportPool(pathToFileURL(resolve('build/export-worker.js')));
	});

	afterAll(async () => {
		await pool?.close();
	});

	it('renders every kind of export with the same bytes as in process', async () => {
		for (const job of JOBS) {
			const [viaWorker, here] = await Promise.all([pool.render(job), renderInProcess(job)]);
			expect(sha256Hex(viaWorker), `${job.kind} ${job.format}`).toBe(sha256Hex(here));
		}
	});

	it('answers a stored section’s preview', async () => {
		const doc = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Bonjour le groupement')]);
		doc.getXmlFragment('default').insert(0, [paragraph]);
		const preview = await pool.preview([Y.encodeStateAsUpdate(doc)]);
		expect(preview).toEqual({
			html: '<p>Bonjour le groupement</p>',
			truncated: false,
			characters: 21,
			bodyCharacters: 19,
			pendingSuggestions: 0
		});
	});
});
