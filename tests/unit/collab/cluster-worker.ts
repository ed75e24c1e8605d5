/** A collaboration worker process for cluster.test.ts (bundled by esbuild, forked by startCollabCluster). */
import { runCollabWorker } from '../../../server/collab/worker';

await runCollabWorker();
