/**
 * Placeholder until the co-writing server lands: upgrades on /collab are refused cleanly.
 */
import type { AppContext } from '../../src/lib/server/context';
import type { UpgradeHandler } from '../upgrade';

export interface CollabServer {
	handleUpgrade: UpgradeHandler | null;
	shutdown(): Promise<void>;
}

export function startCollab(_ctx: AppContext): CollabServer {
	return { handleUpgrade: null, async shutdown() {} };
}
