/**
 * A section measured as it stands now, a step below the use cases (the section page, the
 * review, the readiness of a bid): its bounded preview, its characters and its body characters.
 * From the room's document when it is open here (no decoding), else from the stored snapshot and
 * log, decoded on the export worker (ctx.renderer) — a section at the size cap costs ~100 ms of
 * CPU and garbage collection to decode, which the event loop would make everyone else wait for.
 */
import type { AppContext } from '../context';
import { readRoomStorage } from '../collab/persistence';
import { inProcessRenderer } from '../exports/render';
import { sectionPreview, type SectionPreview } from './preview';
import { sectionRoom } from './state';

type Ctx = Pick<AppContext, 'db' | 'collab'> & Partial<Pick<AppContext, 'renderer'>>;

export async function measureSection(ctx: Ctx, sectionId: string): Promise<SectionPreview> {
	const room = sectionRoom(sectionId);
	const live = await ctx.collab?.withRoomDoc?.(room, sectionPreview, { open: false });
	if (live) return live;
	const stored = await readRoomStorage(ctx.db, room);
	return (ctx.renderer ?? inProcessRenderer).preview(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
}
