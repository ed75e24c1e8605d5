/**
 * Worker thread of the export pool (server/export-pool.ts): renders the jobs it is sent, one at
 * a time, and answers each with the file's bytes (transferred, not copied), a section's page
 * preview, what a buyer's price schedule holds, or an error message.
 * Bundled to build/export-worker.js next to build/server.js.
 */
import { parentPort } from 'node:worker_threads';
import { renderInProcess, type RenderJob } from '../src/lib/server/exports/render';
import { previewOfUpdates } from '../src/lib/server/sections/preview';
import { inspectSchedule, type InspectRequest } from '../src/lib/server/dossier/price-schedule/inspect';

type Message =
	| { id: number; job: RenderJob }
	| { id: number; preview: Uint8Array[] }
	| { id: number; schedule: { bytes: Uint8Array; want: InspectRequest } };

parentPort!.on('message', async (message: Message) => {
	const { id } = message;
	try {
		if ('preview' in message) {
			parentPort!.postMessage({ id, preview: previewOfUpdates(message.preview) });
			return;
		}
		if ('schedule' in message) {
			parentPort!.postMessage({ id, schedule: await inspectSchedule(message.schedule.bytes, message.schedule.want) });
			return;
		}
		const bytes = await renderInProcess(message.job);
		const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
		parentPort!.postMessage({ id, bytes: copy }, [copy.buffer as ArrayBuffer]);
	} catch (e) {
		parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
	}
});
