import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { holdsMoreThan } from '../../../src/lib/collab/state-vector';

/** A server copy and a browser copy that start in sync. */
function replicas() {
	const server = new Y.Doc();
	server.getText('t').insert(0, 'Texte commun.');
	const browser = new Y.Doc();
	Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
	return { server, browser };
}

describe('holdsMoreThan (text typed here that the server has not got)', () => {
	it('is false for replicas in sync, and for a browser that is behind', () => {
		const { server, browser } = replicas();
		expect(holdsMoreThan(browser, Y.encodeStateVector(server))).toBe(false);
		server.getText('t').insert(0, 'Ajout du serveur. ');
		expect(holdsMoreThan(browser, Y.encodeStateVector(server))).toBe(false);
	});

	it('is true once the browser typed something the server lacks, and false again once it has it', () => {
		const { server, browser } = replicas();
		browser.getText('t').insert(13, ' Écrit hors ligne.');
		expect(holdsMoreThan(browser, Y.encodeStateVector(server))).toBe(true);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server)));
		expect(holdsMoreThan(browser, Y.encodeStateVector(server))).toBe(false);
	});

	it('does not count deletions (the delete set is always sent whole), nor a malformed vector', () => {
		const { server, browser } = replicas();
		browser.getText('t').delete(0, 6);
		expect(holdsMoreThan(browser, Y.encodeStateVector(server))).toBe(false);
		browser.getText('t').insert(0, 'x');
		expect(holdsMoreThan(browser, new Uint8Array([0xff, 0xff]))).toBe(false);
	});
});
