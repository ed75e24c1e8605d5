/**
 * Export rendering off the event loop: one worker thread (build/export-worker.js) renders the
 * DOCX/PDF jobs, the section pages' previews of stored documents and the reading of buyers' price
 * schedules (exceljs), in arrival order, while the
 * main thread keeps serving pages and the collaboration socket. The worker starts on the first job; if it dies (out of memory, a crash
 * in a library), its pending jobs fail with an error (the request answers 500, nothing is
 * stored) and the next job starts a new worker. One worker: exports are rare and each one is
 * CPU-bound, so a second worker would only contend with the main thread on a small machine.
 */
import { Worker } from 'node:worker_threads';
import type { ExportRenderer, RenderJob } from '../src/lib/server/exports/render';
import type { SectionPreview } from '../src/lib/server/sections/preview';
import type { InspectRequest, ScheduleInspection } from '../src/lib/server/dossier/price-schedule/inspect';
import { log } from '../src/lib/server/log';

interface Pending {
	resolve(result: Answer): void;
	reject(error: Error): void;
}

interface Answer {
	bytes?: Uint8Array;
	preview?: SectionPreview;
	schedule?: ScheduleInspection;
}

export interface ExportPool extends ExportRenderer {
	close(): Promise<void>;
}

export function createExportPool(workerUrl: URL): ExportPool {
	let worker: Worker | null = null;
	let nextId = 1;
	const pending = new Map<number, Pending>();

	function failAll(error: Error): void {
		for (const p of pending.values()) p.reject(error);
		pending.clear();
	}

	function start(): Worker {
		const w = new Worker(workerUrl);
		w.on('message', (m: Answer & { id: number; error?: string }) => {
			const p = pending.get(m.id);
			if (!p) return;
			pending.delete(m.id);
			if (m.bytes) p.resolve({ bytes: new Uint8Array(m.bytes) });
			else if (m.preview) p.resolve({ preview: m.preview });
			else if (m.schedule) p.resolve({ schedule: m.schedule });
			else p.reject(new Error(`export failed: ${m.error}`));
		});
		w.on('error', (e) => log.error('exports: worker error', { error: String(e) }));
		w.on('exit', (code) => {
			if (worker === w) worker = null;
			if (pending.size > 0) {
				log.error('exports: worker exited with jobs pending', { code, jobs: pending.size });
				failAll(new Error('export worker exited'));
			}
		});
		w.unref();
		return w;
	}

	function run(
		message: { job: RenderJob } | { preview: Uint8Array[] } | { schedule: { bytes: Uint8Array; want: InspectRequest } }
	): Promise<Answer> {
		worker ??= start();
		const id = nextId++;
		return new Promise((resolve, reject) => {
			pending.set(id, { resolve, reject });
			worker!.postMessage({ id, ...message });
		});
	}

	return {
		async render(job: RenderJob): Promise<Uint8Array> {
			return (await run({ job })).bytes!;
		},
		async preview(updates: Uint8Array[]): Promise<SectionPreview> {
			return (await run({ preview: updates })).preview!;
		},
		async inspectSchedule(bytes: Uint8Array, want: InspectRequest): Promise<ScheduleInspection> {
			return (await run({ schedule: { bytes, want } })).schedule!;
		},
		async close() {
			const w = worker;
			worker = null;
			failAll(new Error('server stopping'));
			if (w) await w.terminate();
		}
	};
}
