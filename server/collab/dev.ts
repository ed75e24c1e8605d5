/** One collaboration server per dev process, created on the first /collab upgrade. */
import type { AppContext } from '../../src/lib/server/context';
import { startCollab, type CollabServer } from './start';

const KEY = Symbol.for('cotrait.devCollab');
type Holder = { [KEY]?: CollabServer };

export function devCollab(ctx: AppContext): CollabServer {
	const holder = globalThis as Holder;
	holder[KEY] ??= startCollab(ctx);
	return holder[KEY];
}
