/**
 * Rendering of one export file, in this thread or elsewhere. A mémoire at the size cap takes
 * seconds of synchronous CPU to lay out (DOCX 5.2 s, PDF 3.7 s for a 2 MB section; 0.5 s and
 * 1.2 s at today's 512 KB cap; npm run bench:heavy): run on the one event loop, that froze every
 * other request (/healthz p99 5.4 s). The worker also decodes stored sections for their page
 * previews and opens the buyer's price schedules (dossier/price-schedule/inspect.ts). The production
 * entry therefore installs a renderer that runs jobs on a worker thread (server/export-pool.ts,
 * ctx.renderer); tests and `vite dev` render in process.
 *
 * A job is plain data (structured-cloneable: ProseMirror JSON, strings, numbers, Dates).
 */
import { annexToDocx, formToDocx, memoireToDocx } from './docx';
import type { AnnexInput, FormExportInput, MemoireInput } from './model';
import { annexToPdf, formToPdf, memoireToPdf } from './pdf';
import { previewOfUpdates, type SectionPreview } from '../sections/preview';
import { inspectSchedule, type InspectRequest, type ScheduleInspection } from '../dossier/price-schedule/inspect';

export type RenderJob =
	| { kind: 'memoire'; format: 'docx' | 'pdf'; input: MemoireInput }
	| { kind: 'annex'; format: 'docx' | 'pdf'; input: AnnexInput }
	| { kind: 'form'; format: 'docx' | 'pdf'; input: FormExportInput };

/** Renders a job somewhere (ctx.renderer); resolves with the file's bytes. */
export interface ExportRenderer {
	render(job: RenderJob): Promise<Uint8Array>;
	/**
	 * The page preview of a stored section given as its snapshot and log (decoding a section at
	 * the size cap takes ~50 ms of CPU and as much garbage collection: not on the event loop).
	 */
	preview(updates: Uint8Array[]): Promise<SectionPreview>;
	/** The sheets of a buyer's workbook, the mapping asked for or guessed, its rows to price (exceljs: ~0.1–0.2 s for 5 000 rows). */
	inspectSchedule(bytes: Uint8Array, want: InspectRequest): Promise<ScheduleInspection>;
}

/** Renders a job in this thread. */
export function renderInProcess(job: RenderJob): Promise<Uint8Array> {
	if (job.kind === 'memoire') return job.format === 'docx' ? memoireToDocx(job.input) : memoireToPdf(job.input);
	if (job.kind === 'form') return job.format === 'docx' ? formToDocx(job.input) : formToPdf(job.input);
	return job.format === 'docx' ? annexToDocx(job.input) : annexToPdf(job.input);
}

export const inProcessRenderer: ExportRenderer = {
	render: renderInProcess,
	preview: async (updates) => previewOfUpdates(updates),
	inspectSchedule
};
