// Builds (`npm run build`) only when build/ is older than the sources: `npm run test:unit` runs
// it first, since several unit tests start the built server (tests/support/server.ts).
import { ensureBuild } from './build-freshness.mjs';

ensureBuild();
