/**
 * A collab server in its own process, for the crash test (bundled by esbuild, run with node).
 * Env: COLLAB_DB (SQLite file), COLLAB_FLUSH_MS, COLLAB_PORT (0: any). Prints "PORT <n>" once listening.
 */
import http from 'node:http';
import { join } from 'node:path';
import { createUpgradeListener } from '../../../server/upgrade';
import { startCollab } from '../../../server/collab/start';
import { loadConfig } from '../../../src/lib/server/config';
import { createContext } from '../../../src/lib/server/context';

const dbPath = process.env.COLLAB_DB!;
const ctx = await createContext(loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: join(dbPath, '..', 'files'), LOG_LEVEL: 'error' }));
const collab = startCollab(ctx, { authorize: async () => 'write', flushDelayMs: Number(process.env.COLLAB_FLUSH_MS ?? 100) });
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', createUpgradeListener(collab.handleUpgrade, 'refuse'));
server.listen(Number(process.env.COLLAB_PORT ?? 0), '127.0.0.1', () => {
	process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`);
});
