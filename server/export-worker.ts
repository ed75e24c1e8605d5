/**
 * Worker thread of the export pool (server/export-pool.ts): renders the jobs it is sent, one at
 * a time, and answers each with the file's bytes (transferred, not copied) or an error message.
 * Bundled to build/export-worker.js next to build/server.js.
 */
import { parentPort } from 'node:worker_threads';
import { renderInProcess, type RenderJob } from '../src/lib/server/exports/render';

parentPort!.on('message', async ({ id, job }: { id: number; job: RenderJob }) => {
	try {
		const bytes = await renderInProcess(job);
		const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
		parentPort!.postMessage({ id, bytes: copy }, [copy.buffer as ArrayBuffer]);
	} catch (e) {
		parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
	}
});
